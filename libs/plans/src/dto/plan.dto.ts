import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsCalendarDate, MAX_INT4 } from '@app/core';
import { DeadlineDto } from '@app/deadlines';
import { Section, SECTION_CODES, Sections } from '../plan-sections';

export class AttributionDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) @IsUUID() adviceRequestId: string;
  @ApiProperty() @IsString() @MaxLength(40) discipline: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', nullable: true }) @IsOptional() @IsCalendarDate() receivedOn: string | null;
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
  @ApiPropertyOptional({ type: 'string', example: 'by July 2027', nullable: true }) @IsOptional() @IsString() @MaxLength(200) timescale?: string | null;
  @ApiProperty({ type: 'string', isArray: true, description: 'The needs (B, C, D item ids) it meets' }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) needIds: string[];
  @ApiPropertyOptional({ enum: ['employment', 'independent_living', 'community', 'health'], nullable: true, description: 'From Year 9: the preparing-for-adulthood area it serves (Regs 12(3))' }) @IsOptional() @IsIn(['employment', 'independent_living', 'community', 'health']) preparingForAdulthood?: string | null;
  @ApiPropertyOptional({ type: AttributionDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => AttributionDto) source?: AttributionDto | null;
}

export class ProvisionItemDto {
  @ApiProperty({ description: 'Stable id within the plan' }) @IsString() @MinLength(1) @MaxLength(64) id: string;
  @ApiProperty({ example: 'Speech and language therapy' }) @IsString() @MinLength(1) @MaxLength(10_000) description: string;
  @ApiPropertyOptional({ type: 'string', example: '30 minutes weekly', nullable: true }) @IsOptional() @IsString() @MaxLength(200) frequency?: string | null;
  @ApiPropertyOptional({ type: 'string', example: '12 months', nullable: true }) @IsOptional() @IsString() @MaxLength(200) duration?: string | null;
  @ApiPropertyOptional({ type: 'string', example: 'NHS speech and language therapist', nullable: true }) @IsOptional() @IsString() @MaxLength(200) deliveredBy?: string | null;
  @ApiProperty({ type: 'string', isArray: true, description: 'The outcomes (E item ids) it serves' }) @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) outcomeIds: string[];
  @ApiPropertyOptional({ enum: ['employment', 'independent_living', 'community', 'health'], nullable: true, description: 'From Year 9: the preparing-for-adulthood area it serves (Regs 12(3))' }) @IsOptional() @IsIn(['employment', 'independent_living', 'community', 'health']) preparingForAdulthood?: string | null;
  @ApiPropertyOptional({ type: AttributionDto, nullable: true }) @IsOptional() @ValidateNested() @Type(() => AttributionDto) source?: AttributionDto | null;
}

export class PlacementItemDto {
  @ApiProperty({ example: 'Demo Primary School' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional({ type: 'string', example: '990001', nullable: true }) @IsOptional() @Matches(/^\d{6}$/, { message: 'urn must be 6 digits' }) urn?: string | null;
  @ApiProperty({ example: 'Mainstream primary school' }) @IsString() @MinLength(1) @MaxLength(200) type: string;
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 1, maximum: 52, description: 'A residential placement: the weeks a year the child boards (SEN2 PlanRes/RES by CBDS RFC 1299: A up to 38, B 39 to 52)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(52)
  residentialWeeksPerYear?: number | null;
  @ApiPropertyOptional({ type: 'string', enum: ['A', 'B'], nullable: true, description: 'A residential code recorded under the list before RFC 1299 (A 38-51 weeks, B 52), kept until the weeks are known; SEN2 re-maps it' })
  @IsOptional()
  @IsIn(['A', 'B'])
  legacyResidentialCode?: string | null;
  @ApiPropertyOptional({ description: 'A work-based placement (a supported internship, apprenticeship or traineeship): SEN2 PlanWBP (the primary placement) and WBP' })
  @IsOptional()
  @IsBoolean()
  workBased?: boolean;
}

export class BudgetItemDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) description: string;
  @ApiPropertyOptional({ type: 'integer', nullable: true, description: 'Amount a year in pence', maximum: MAX_INT4 }) @IsOptional() @IsInt() @Min(0) @Max(MAX_INT4) annualAmountPence?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() directPayment?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'The provision covered: ids of items in F, G, H1 or H2' }) @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(100, { each: true }) provisionIds?: string[];
  @ApiPropertyOptional({ type: 'string', nullable: true, description: 'How the budget and any direct payment are monitored' }) @IsOptional() @IsString() @MaxLength(2000) monitoring?: string | null;
}

export class AdviceListItemDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2000) description: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', nullable: true }) @IsOptional() @IsCalendarDate() date?: string | null;
  @ApiPropertyOptional({ type: 'string', format: 'uuid', nullable: true }) @IsOptional() @IsUUID() adviceRequestId?: string | null;
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
  @ApiProperty({ description: 'The narrative of the section', maxLength: 100_000 }) @IsString() @MaxLength(100_000) text: string;
  @ApiPropertyOptional({
    description:
      'Structured content, by the section code in the path: B, C, D needs; E outcomes; F, G, H1, H2 provision; I placement (at most one); J budget; K advice list. A takes none (leave out or send []). Ids are unique within the section.',
    anyOf: Object.values(ITEM_CLASSES).map((cls) => ({ type: 'array', maxItems: 500, items: { $ref: getSchemaPath(cls) } })),
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  items?: unknown[];
}

/** Section A: narrative only. */
export class NarrativeSectionDto {
  @ApiProperty() text: string;
  @ApiProperty({ type: 'array', maxItems: 0, items: { not: {} }, description: 'Always empty: section A is narrative only' }) items: never[];
}

export class NeedsSectionDto {
  @ApiProperty() text: string;
  @ApiProperty({ type: [NeedItemDto] }) items: NeedItemDto[];
}

export class OutcomesSectionDto {
  @ApiProperty() text: string;
  @ApiProperty({ type: [OutcomeItemDto] }) items: OutcomeItemDto[];
}

export class ProvisionSectionDto {
  @ApiProperty() text: string;
  @ApiProperty({ type: [ProvisionItemDto] }) items: ProvisionItemDto[];
}

export class PlacementSectionDto {
  @ApiProperty() text: string;
  @ApiProperty({ type: [PlacementItemDto], maxItems: 1, description: 'The one school or institution named, once chosen' }) items: PlacementItemDto[];
}

export class BudgetSectionDto {
  @ApiProperty() text: string;
  @ApiProperty({ type: [BudgetItemDto] }) items: BudgetItemDto[];
}

export class AdviceSectionDto {
  @ApiProperty() text: string;
  @ApiProperty({ type: [AdviceListItemDto] }) items: AdviceListItemDto[];
}

/** The sections A to K, each with the item shape its code takes (plan-sections.ts, SECTION_KINDS). */
export class PlanSectionsDto {
  @ApiProperty({ type: NarrativeSectionDto }) A: NarrativeSectionDto;
  @ApiProperty({ type: NeedsSectionDto, description: 'Special educational needs' }) B: NeedsSectionDto;
  @ApiProperty({ type: NeedsSectionDto, description: 'Health care needs' }) C: NeedsSectionDto;
  @ApiProperty({ type: NeedsSectionDto, description: 'Social care needs' }) D: NeedsSectionDto;
  @ApiProperty({ type: OutcomesSectionDto }) E: OutcomesSectionDto;
  @ApiProperty({ type: ProvisionSectionDto, description: 'Special educational provision' }) F: ProvisionSectionDto;
  @ApiProperty({ type: ProvisionSectionDto, description: 'Health provision' }) G: ProvisionSectionDto;
  @ApiProperty({ type: ProvisionSectionDto, description: 'Social care provision (CSDPA 1970 s2)' }) H1: ProvisionSectionDto;
  @ApiProperty({ type: ProvisionSectionDto, description: 'Other social care provision' }) H2: ProvisionSectionDto;
  @ApiProperty({ type: PlacementSectionDto }) I: PlacementSectionDto;
  @ApiProperty({ type: BudgetSectionDto }) J: BudgetSectionDto;
  @ApiProperty({ type: AdviceSectionDto }) K: AdviceSectionDto;
}

const SECTION_SCHEMAS = [NarrativeSectionDto, NeedsSectionDto, OutcomesSectionDto, ProvisionSectionDto, PlacementSectionDto, BudgetSectionDto, AdviceSectionDto];

/** The child as named in an issued version (frozen with it). */
export class PlanChildDto {
  @ApiProperty() givenName: string;
  @ApiProperty() familyName: string;
  @ApiProperty({ type: 'string', format: 'date' }) dateOfBirth: string;
}

export class PlanDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) childId: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) assessmentId: string;
  @ApiProperty({ example: 'EHC-2026-00042', description: "Its case's reference (the assessment's `reference`): the same in every email, page and PDF" }) caseReference: string;
  @ApiProperty({ enum: ['drafting', 'draft_issued', 'issued', 'ceasing', 'ceased'] }) status: string;
  @ApiProperty({ description: 'Optimistic-locking version; also the ETag' }) version: number;
  @ApiProperty({ description: 'The latest issued version number (0 before the draft)' }) latestVersionNumber: number;
  @ApiProperty({ type: PlanSectionsDto, description: `Sections ${SECTION_CODES.join(', ')}` }) sections: Sections;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) finalIssuedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The last day of the review period in progress: 12 months starting with the final plan, then with each completed review (CFA s44(1))' })
  nextReviewDueOn: string | null;
  @ApiProperty({ type: DeadlineDto, isArray: true, description: 'The plan’s own deadlines as of today: review_due (one per review period) and phase_transfer' }) deadlines: DeadlineDto[];
}

export class PlanVersionSummaryDto {
  @ApiProperty() number: number;
  @ApiProperty({ enum: ['draft', 'final', 'amended'] }) stage: string;
  @ApiProperty({ type: 'string', format: 'date' }) issuedOn: string;
  @ApiProperty({ type: 'string', enum: ['pending', 'rendered', 'failed'], nullable: true, description: '`failed`: the worker gave up after PDF_RENDER_MAX_ATTEMPTS; GET .../pdf answers 409 pdf_render_failed' }) documentStatus: string | null;
  @ApiProperty({ type: 'string', nullable: true }) documentSha256: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why the document could not be produced, when documentStatus is `failed`' }) documentFailureReason: string | null;
}

export class PlanVersionDto extends PlanVersionSummaryDto {
  @ApiProperty({ type: PlanSectionsDto }) sections: Sections;
  @ApiProperty({ type: PlanChildDto }) child: PlanChildDto;
}

export class SectionChangeDto {
  @ApiProperty({ enum: SECTION_CODES }) section: string;
  @ApiProperty({ description: 'The section as it was, with the item shape of its code', anyOf: SECTION_SCHEMAS.map((cls) => ({ $ref: getSchemaPath(cls) })) }) before: Section;
  @ApiProperty({ description: 'The section as it is in the later version', anyOf: SECTION_SCHEMAS.map((cls) => ({ $ref: getSchemaPath(cls) })) }) after: Section;
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
  @ApiProperty({ type: 'string', format: 'uuid', description: 'Received or accepted advice of this plan’s assessment' }) @IsUUID() adviceRequestId: string;
}

/** The answer while the worker renders a PDF (202). */
export class PdfRenderingDto {
  @ApiProperty({ enum: ['rendering'] }) status: 'rendering';
  @ApiProperty({ type: 'integer', minimum: 1, description: 'The plan version being rendered' }) versionNumber: number;
}

export class PdfQueryDto {
  @ApiPropertyOptional({ description: 'A version number; default the latest issued', minimum: 1, maximum: MAX_INT4 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_INT4) version?: number;
}

export const PLAN_EXTRA_MODELS = [...SECTION_SCHEMAS, ...Object.values(ITEM_CLASSES)];
