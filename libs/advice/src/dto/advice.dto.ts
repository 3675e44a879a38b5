import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate, PageQueryDto } from '@app/core';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEmail, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { AdviceDiscipline, AdviceRequestStatus } from '../entities/advice-request.entity';

export class CreateAdviceRequestDto {
  @ApiProperty({ enum: AdviceDiscipline }) @IsEnum(AdviceDiscipline) discipline: AdviceDiscipline;

  @ApiProperty({ example: '2026-02-16', description: 'The day the adviser received the request; their 6 weeks start here' })
  @IsCalendarDate()
  requestedOn: string;

  @ApiPropertyOptional({ example: 'health@demo.test', description: 'The professional asked (an active professional user)' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  assigneeEmail?: string;

  @ApiPropertyOptional({ description: 'Or an organisation serving your LA, whose members share the request' })
  @IsOptional()
  @IsUUID()
  assigneeOrganisationId?: string;

  @ApiPropertyOptional({ description: 'The question asked and the context the adviser needs' })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  question?: string;
}

export class AdviceNeedDto {
  @ApiProperty({ example: 'communication_and_interaction', description: 'Area of need' }) @IsString() @MinLength(1) @MaxLength(100) area: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) description: string;
}

export class AdviceOutcomeDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) description: string;
  @ApiPropertyOptional({ example: 'by the end of Key Stage 2' }) @IsOptional() @IsString() @MaxLength(200) timescale?: string;
}

export class AdviceProvisionDto {
  @ApiProperty({ example: 'Speech and language therapy' }) @IsString() @MinLength(1) @MaxLength(10_000) description: string;
  @ApiPropertyOptional({ example: '30 minutes weekly' }) @IsOptional() @IsString() @MaxLength(200) frequency?: string;
  @ApiPropertyOptional({ example: '12 months' }) @IsOptional() @IsString() @MaxLength(200) duration?: string;
  @ApiPropertyOptional({ example: 'NHS speech and language therapist' }) @IsOptional() @IsString() @MaxLength(200) deliveredBy?: string;
}

export class SubmitAdviceDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(50_000) summary: string;

  @ApiProperty({ type: [AdviceNeedDto] }) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AdviceNeedDto) needs: AdviceNeedDto[];

  @ApiProperty({ type: [AdviceOutcomeDto] }) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AdviceOutcomeDto) outcomes: AdviceOutcomeDto[];

  @ApiProperty({ type: [AdviceProvisionDto] }) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => AdviceProvisionDto) provision: AdviceProvisionDto[];

  @ApiPropertyOptional({ description: 'Required to correct advice already submitted' })
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  correctionReason?: string;
}

export class AdviceRequestQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Caseworkers: the requests of one assessment' }) @IsOptional() @IsUUID() assessmentId?: string;
  @ApiPropertyOptional({ enum: AdviceRequestStatus }) @IsOptional() @IsEnum(AdviceRequestStatus) status?: AdviceRequestStatus;
}

export class AdviceChildDto {
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty() dateOfBirth: string;
  @ApiPropertyOptional({ nullable: true }) settingName: string | null;
}

export class AdviceSubmissionDto {
  @ApiProperty() version: number;
  @ApiProperty() summary: string;
  @ApiProperty({ type: [AdviceNeedDto] }) needs: AdviceNeedDto[];
  @ApiProperty({ type: [AdviceOutcomeDto] }) outcomes: AdviceOutcomeDto[];
  @ApiProperty({ type: [AdviceProvisionDto] }) provision: AdviceProvisionDto[];
  @ApiPropertyOptional({ nullable: true }) correctionReason: string | null;
  @ApiProperty() submittedOn: string;
  @ApiProperty() submittedById: string;
}

export class AdviceRequestDto {
  @ApiProperty() id: string;
  @ApiProperty() assessmentId: string;
  @ApiProperty({ enum: AdviceDiscipline }) discipline: AdviceDiscipline;
  @ApiProperty() requestedOn: string;
  @ApiProperty({ description: '6 weeks from requestedOn (Regs 8(1))' }) dueOn: string;
  @ApiProperty({ enum: ['open', 'overdue', 'met', 'late', 'not_applicable'] }) deadlineStatus: string;
  @ApiProperty({ description: 'Negative when overdue' }) daysToGo: number;
  @ApiProperty({ enum: AdviceRequestStatus }) status: AdviceRequestStatus;
  @ApiPropertyOptional({ nullable: true }) receivedOn: string | null;
  @ApiPropertyOptional({ nullable: true }) question: string | null;
  @ApiPropertyOptional({ nullable: true }) assigneeUserId: string | null;
  @ApiPropertyOptional({ nullable: true }) assigneeOrganisationId: string | null;
  @ApiProperty({ type: AdviceChildDto, description: 'Only what the adviser needs' }) child: AdviceChildDto;
  @ApiPropertyOptional({ nullable: true, type: AdviceSubmissionDto }) latestSubmission: AdviceSubmissionDto | null;
  @ApiProperty() version: number;
}

export class AdviceRequestPageDto {
  @ApiProperty({ type: [AdviceRequestDto] }) items: AdviceRequestDto[];
  @ApiPropertyOptional({ nullable: true }) nextCursor: string | null;
}
