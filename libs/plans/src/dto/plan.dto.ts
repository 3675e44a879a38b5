import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsCalendarDate, MAX_INT4 } from '@app/core';
import { SECTION_CODES } from '../plan-sections';

export class AttributionDto {
  @ApiProperty() @IsUUID() adviceRequestId: string;
  @ApiProperty() @IsString() @MaxLength(40) discipline: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsCalendarDate() receivedOn: string | null;
}

export class NeedItemDto {
  @ApiProperty({ description: 'Stable id, referenced by outcomes' }) @IsString() @MinLength(1) @MaxLength(64) id: string;
  @ApiProperty({ example: 'communication_and_interaction' }) @IsString() @MinLength(1) @MaxLength(100) area: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) description: string;
  @ApiPropertyOptional({ type: AttributionDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => AttributionDto) source?: AttributionDto | null;
}

export class OutcomeItemDto {
  @ApiProperty({ description: 'Stable id, referenced by provision' }) @IsString() @MinLength(1) @MaxLength(64) id: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(10_000) description: string;
  @ApiPropertyOptional({ example: 'by July 2027', nullable: true }) @IsOptional() @IsString() @MaxLength(200) timescale?: string | null;
  @ApiProperty({ type: [String], description: 'The needs (B, C, D item ids) it meets' }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) needIds: string[];
  @ApiPropertyOptional({ type: AttributionDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => AttributionDto) source?: AttributionDto | null;
}

export class ProvisionItemDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) id: string;
  @ApiProperty({ example: 'Speech and language therapy' }) @IsString() @MinLength(1) @MaxLength(10_000) description: string;
  @ApiPropertyOptional({ example: '30 minutes weekly', nullable: true }) @IsOptional() @IsString() @MaxLength(200) frequency?: string | null;
  @ApiPropertyOptional({ example: '12 months', nullable: true }) @IsOptional() @IsString() @MaxLength(200) duration?: string | null;
  @ApiPropertyOptional({ example: 'NHS speech and language therapist', nullable: true }) @IsOptional() @IsString() @MaxLength(200) deliveredBy?: string | null;
  @ApiProperty({ type: [String], description: 'The outcomes (E item ids) it serves' }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) outcomeIds: string[];
  @ApiPropertyOptional({ type: AttributionDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => AttributionDto) source?: AttributionDto | null;
}

export class PlacementItemDto {
  @ApiProperty({ example: 'Demo Primary School' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional({ example: '990001', nullable: true }) @IsOptional() @Matches(/^\d{6}$/, { message: 'urn must be 6 digits' }) urn?: string | null;
  @ApiProperty({ example: 'Mainstream primary school' }) @IsString() @MinLength(1) @MaxLength(200) type: string;
}

export class BudgetItemDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) description: string;
  @ApiPropertyOptional({ nullable: true, description: 'Amount a year in pence', maximum: MAX_INT4 }) @IsOptional() @IsInt() @Min(0) @Max(MAX_INT4) annualAmountPence?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() directPayment?: boolean;
}

export class AdviceListItemDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) description: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsCalendarDate() date?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsUUID() adviceRequestId?: string | null;
}

/** The item class each section validates its `items` against. */
export const ITEM_CLASSES = {
  needs: NeedItemDto,
  outcomes: OutcomeItemDto,
  provision: ProvisionItemDto,
  placement: PlacementItemDto,
  budget: BudgetItemDto,
  advice: AdviceListItemDto,
} as const;

export class PutSectionDto {
  @ApiProperty({ description: 'The narrative of the section' }) @IsString() @MaxLength(100_000) text: string;
  @ApiPropertyOptional({
    description:
      'Structured content: B, C, D needs; E outcomes; F, G, H1, H2 provision; I placement (at most one); J budget; K advice list. A takes none.',
    oneOf: Object.values(ITEM_CLASSES).map((cls) => ({ type: 'array', items: { $ref: getSchemaPath(cls) } })),
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  items?: unknown[];
}

export class SectionDto {
  @ApiProperty() text: string;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) items: unknown[];
}

export class PlanDto {
  @ApiProperty() id: string;
  @ApiProperty() childId: string;
  @ApiProperty() assessmentId: string;
  @ApiProperty({ enum: ['drafting', 'draft_issued', 'issued'] }) status: string;
  @ApiProperty({ description: 'Optimistic-locking version; also the ETag' }) version: number;
  @ApiProperty({ description: 'The latest issued version number (0 before the draft)' }) latestVersionNumber: number;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(SectionDto) }, description: `Sections ${SECTION_CODES.join(', ')}` })
  sections: Record<string, SectionDto>;
  @ApiPropertyOptional({ nullable: true }) finalIssuedOn: string | null;
  @ApiPropertyOptional({ nullable: true, description: '12 months from the final plan (CFA s44(1))' }) nextReviewDueOn: string | null;
}

export class PlanVersionSummaryDto {
  @ApiProperty() number: number;
  @ApiProperty({ enum: ['draft', 'final'] }) stage: string;
  @ApiProperty() issuedOn: string;
  @ApiPropertyOptional({ enum: ['pending', 'rendered', 'failed'], nullable: true, description: '`failed`: the worker gave up after PDF_RENDER_MAX_ATTEMPTS; GET .../pdf answers 409 pdf_render_failed' }) documentStatus: string | null;
  @ApiPropertyOptional({ nullable: true }) documentSha256: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Why the document could not be produced, when documentStatus is `failed`' }) documentFailureReason: string | null;
}

export class PlanVersionDto extends PlanVersionSummaryDto {
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(SectionDto) } }) sections: Record<string, SectionDto>;
  @ApiProperty() child: { givenName: string; familyName: string; dateOfBirth: string };
}

export class SectionChangeDto {
  @ApiProperty({ enum: SECTION_CODES }) section: string;
  @ApiProperty({ type: SectionDto }) before: SectionDto;
  @ApiProperty({ type: SectionDto }) after: SectionDto;
}

export class CompareQueryDto {
  @ApiProperty({ minimum: 1, maximum: MAX_INT4 }) @Type(() => Number) @IsInt() @Min(1) @Max(MAX_INT4) from: number;
  @ApiProperty({ minimum: 1, maximum: MAX_INT4 }) @Type(() => Number) @IsInt() @Min(1) @Max(MAX_INT4) to: number;
}

export class QualityQueryDto {
  @ApiPropertyOptional({ enum: ['draft', 'final'], default: 'final' }) @IsOptional() @IsIn(['draft', 'final']) stage?: 'draft' | 'final';
}

export class QualityFindingDto {
  @ApiProperty({ enum: ['error', 'warning'] }) severity: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: SECTION_CODES }) section: string;
  @ApiProperty() message: string;
}

export class FromAdviceDto {
  @ApiProperty({ description: 'Received or accepted advice of this plan’s assessment' }) @IsUUID() adviceRequestId: string;
}

export class PdfQueryDto {
  @ApiPropertyOptional({ description: 'A version number; default the latest issued', minimum: 1, maximum: MAX_INT4 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_INT4) version?: number;
}

export const PLAN_EXTRA_MODELS = [SectionDto, ...Object.values(ITEM_CLASSES)];
