import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { CreateChildDto } from '@app/children';
import { IsCalendarDate } from '@app/core';
import { DeadlineDto } from '@app/deadlines';
import { Type } from 'class-transformer';
import { Equals, IsInt, Min, IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested, ArrayMaxSize } from 'class-validator';

export class TransferOutDto {
  @ApiProperty({ example: 'Northshire County Council' }) @IsString() @MinLength(1) @MaxLength(200) toLocalAuthorityName: string;
  @ApiPropertyOptional({ example: '873', description: 'The receiving LA’s three-digit code, where known' }) @IsOptional() @Matches(/^\d{3}$/) toLocalAuthorityCode?: string;
  @ApiProperty({ format: 'date' }) @IsCalendarDate() movesOn: string;
  @ApiProperty({ format: 'date', description: 'The day the LA learned of the move (Regs 15(2))' }) @IsCalendarDate() learnedOn: string;
}

export class TransferSentDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate() sentOn: string;
}

export class TransferNoticeDto {
  @ApiProperty({ format: 'date', description: 'The day the family was told (Regs 15(4))' }) @IsCalendarDate() sentOn: string;
  @ApiProperty({ description: 'Whether the LA proposes to assess' }) @IsBoolean() willAssess: boolean;
}

// ---- the package (docs/transfer-package.md): validated on import, whatever product wrote it ----

export class PackageLaDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) localAuthorityName: string;
  @ApiPropertyOptional({ type: 'string', nullable: true }) @IsOptional() @Matches(/^\d{3}$/) localAuthorityCode?: string | null;
}

/** The child as the receiving LA records it: the same fields and checks as `POST /children` (UPN, NHS number, postcode). */
export class PackageChildDto extends PickType(CreateChildDto, ['givenName', 'familyName', 'dateOfBirth', 'upn', 'nhsNumber', 'postcode'] as const) {}

export class PackageVersionDto {
  @ApiProperty() @IsInt() @Min(1) number: number;
  @ApiProperty({ enum: ['draft', 'final', 'amended'] }) @IsIn(['draft', 'final', 'amended']) stage: 'draft' | 'final' | 'amended';
  @ApiProperty({ format: 'date' }) @IsCalendarDate() issuedOn: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Sections A-K as `{text, items}`' }) @IsObject() sections: Record<string, unknown>;
}

export class PackagePlanDto {
  @ApiProperty({ format: 'date', description: 'The day the plan was made (first issued final): treated as made by the new LA on it (Regs 15(3))' }) @IsCalendarDate() madeOn: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', nullable: true, description: 'The day it was last reviewed (the review decision notified)' }) @IsOptional() @IsCalendarDate() lastReviewedOn?: string | null;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(100) @IsCalendarDate({ each: true }) reviewsCompletedOn: string[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The working sections A-K' }) @IsObject() sections: Record<string, unknown>;
  @ApiProperty({ type: [PackageVersionDto] }) @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => PackageVersionDto) versions: PackageVersionDto[];
}

export class PackageAdviceDto {
  @ApiProperty() @IsString() @MaxLength(40) discipline: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', nullable: true }) @IsOptional() @IsCalendarDate() receivedOn?: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) @IsOptional() @IsString() @MaxLength(20000) summary?: string | null;
}

export class PackageAssessmentDto {
  @ApiProperty({ format: 'date' }) @IsCalendarDate() requestReceivedOn: string;
  @ApiProperty() @IsString() @MaxLength(24) status: string;
  @ApiProperty({ type: [PackageAdviceDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PackageAdviceDto) advice: PackageAdviceDto[];
}

export class PackageDeadlineDto {
  @ApiProperty() @IsString() @MaxLength(40) kind: string;
  @ApiProperty({ format: 'date' }) @IsCalendarDate() dueOn: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', nullable: true }) @IsOptional() @IsCalendarDate() completedOn?: string | null;
  @ApiProperty() @IsString() @MaxLength(24) status: string;
  @ApiProperty() @IsString() @MaxLength(120) regulation: string;
}

export class PackageDocumentDto {
  @ApiProperty() @IsInt() @Min(1) versionNumber: number;
  @ApiProperty({ example: 'application/pdf' }) @IsString() @MaxLength(60) mediaType: string;
  @ApiPropertyOptional({ type: 'string', nullable: true }) @IsOptional() @Matches(/^[0-9a-f]{64}$/) sha256?: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'The PDF, base64; may be left out' }) @IsOptional() @IsString() contentBase64?: string | null;
}

/** The transfer package, format `ehcp-transfer-package` version 1 (docs/transfer-package.md). */
export class TransferPackageDto {
  @ApiProperty({ enum: ['ehcp-transfer-package'] }) @Equals('ehcp-transfer-package') format: 'ehcp-transfer-package';
  @ApiProperty({ enum: [1] }) @Equals(1) formatVersion: 1;
  @ApiProperty({ format: 'uuid', description: 'The old LA’s transfer id: importing the same package twice finds the first import' }) @IsUUID() transferId: string;
  @ApiProperty({ enum: ['plan', 'assessment'] }) @IsIn(['plan', 'assessment']) kind: 'plan' | 'assessment';
  @ApiProperty({ type: 'string', format: 'date-time' }) @IsString() @MaxLength(40) createdAt: string;
  @ApiProperty({ type: PackageLaDto }) @ValidateNested() @Type(() => PackageLaDto) from: PackageLaDto;
  @ApiProperty({ type: PackageLaDto }) @ValidateNested() @Type(() => PackageLaDto) to: PackageLaDto;
  @ApiProperty({ format: 'date' }) @IsCalendarDate() movesOn: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', nullable: true }) @IsOptional() @IsCalendarDate() learnedOn?: string | null;
  @ApiProperty({ type: PackageChildDto }) @ValidateNested() @Type(() => PackageChildDto) child: PackageChildDto;
  @ApiPropertyOptional({ type: PackagePlanDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => PackagePlanDto) plan?: PackagePlanDto | null;
  @ApiPropertyOptional({ type: PackageAssessmentDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => PackageAssessmentDto) assessment?: PackageAssessmentDto | null;
  @ApiProperty({ type: [PackageDeadlineDto] }) @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => PackageDeadlineDto) deadlines: PackageDeadlineDto[];
  @ApiProperty({ type: [PackageDocumentDto] }) @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => PackageDocumentDto) documents: PackageDocumentDto[];
}

export class ImportTransferDto extends TransferPackageDto {
  @ApiPropertyOptional({ format: 'date', description: 'The day of the transfer here (default: the package’s movesOn, or today if later)' }) @IsOptional() @IsCalendarDate() transferredOn?: string;
}

export class TransferDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['out', 'in'] }) direction: string;
  @ApiProperty({ enum: ['plan', 'assessment'] }) kind: string;
  @ApiProperty({ enum: ['pending', 'sent', 'received', 'cancelled', 'imported'] }) status: string;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) planId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) assessmentId: string | null;
  @ApiProperty() otherLocalAuthorityName: string;
  @ApiProperty({ type: 'string', nullable: true }) otherLocalAuthorityCode: string | null;
  @ApiProperty({ format: 'date' }) movesOn: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) learnedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) sentOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) transferredOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) noticeSentOn: string | null;
  @ApiProperty({ type: [PackageAdviceDto], description: 'In, for an assessment in progress: the old LA’s advice offered for reuse' }) adviceOffered: PackageAdviceDto[];
  @ApiProperty({ type: [DeadlineDto] }) deadlines: DeadlineDto[];
}

export class ImportedTransferDto extends TransferDto {
  @ApiProperty({ description: 'False when this package had already been imported (the first import answered again)' }) created: boolean;
}
