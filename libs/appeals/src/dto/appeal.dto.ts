import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { AppealableDecision, OrderDuty, OrderKind } from '@app/statutory-clock';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { AppealOutcome, MediationOutcome } from '../entities/appeal.entity';

export const APPEAL_SUBJECT_TYPES = ['assessment', 'plan', 'review', 'reassessment'] as const;
export const APPEAL_STAGES = ['notified', 'mediation', 'out_of_time', 'lodged', 'hearing_listed', 'decided'] as const;

export class CreateAppealDto {
  @ApiProperty({ enum: APPEAL_SUBJECT_TYPES, description: 'what the decision was made on: `assessment`, `plan`, `review` or `reassessment`' })
  @IsIn(APPEAL_SUBJECT_TYPES)
  subjectType: (typeof APPEAL_SUBJECT_TYPES)[number];

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  subjectId: string;

  @ApiProperty({ enum: AppealableDecision })
  @IsEnum(AppealableDecision)
  decision: AppealableDecision;

  @ApiProperty({ format: 'date', description: 'the day the family was notified of the decision: the 2 months run from it' })
  @IsCalendarDate()
  noticeOn: string;

  @ApiPropertyOptional({ description: 'the appeal is about section I alone: no mediation certificate is needed (CFA s55(2))' })
  @IsOptional()
  @IsBoolean()
  sectionIOnly?: boolean;
}

export class MediationDto {
  @ApiPropertyOptional({ format: 'date', description: 'the family contacted the mediation adviser' })
  @IsOptional()
  @IsCalendarDate()
  adviserContactedOn?: string;

  @ApiPropertyOptional({ format: 'date', description: 'the LA was told the family wants mediation (it should take place within 30 days)' })
  @IsOptional()
  @IsCalendarDate()
  mediationRequestedOn?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  heldOn?: string;

  @ApiPropertyOptional({ enum: MediationOutcome })
  @IsOptional()
  @IsEnum(MediationOutcome)
  outcome?: MediationOutcome;

  @ApiPropertyOptional({ description: 'health provision is in issue: the LA tells the health commissioning body within 3 working days (Regs 32-42)' })
  @IsOptional()
  @IsBoolean()
  healthInIssue?: boolean;

  @ApiPropertyOptional({ format: 'date', description: 'the LA told the health commissioning body' })
  @IsOptional()
  @IsCalendarDate()
  healthBodyToldOn?: string;

  @ApiPropertyOptional({ format: 'date', description: 'a mediation agreement was made (Regs 42): its steps that are not appealable are due within 2 weeks' })
  @IsOptional()
  @IsCalendarDate()
  agreementOn?: string;

  @ApiPropertyOptional({ format: 'date', description: 'the agreement’s steps were done' })
  @IsOptional()
  @IsCalendarDate()
  agreementDoneOn?: string;
}

export class MediationCertificateDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  issuedOn: string;
}

export class LodgedDto {
  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  lodgedOn: string;
}

export class HearingDto {
  @ApiProperty({ format: 'date', description: 'the hearing date the Tribunal listed (may be in the future)' })
  @IsCalendarDate()
  hearingOn: string;
}

export class OutcomeDto {
  @ApiProperty({ enum: AppealOutcome, description: 'an order (POST /appeals/:id/orders) records the outcome too; use this for a withdrawal or a decision without an order' })
  @IsEnum(AppealOutcome)
  outcome: AppealOutcome;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  decidedOn: string;
}

export const RECOMMENDATION_KINDS = ['health', 'social_care'] as const;

/** A Tribunal recommendation on health or social care provision (Recommendations Power Regulations 2017). */
export class RecommendationDto {
  @ApiProperty({ enum: RECOMMENDATION_KINDS, description: '`health` (to the health commissioning body) or `social_care` (to the LA’s social care)' })
  @IsIn(RECOMMENDATION_KINDS)
  kind: (typeof RECOMMENDATION_KINDS)[number];

  @ApiProperty({ description: 'the body the recommendation is addressed to (e.g. "NHS North Integrated Care Board")', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  body: string;

  @ApiProperty({ description: 'the recommendation as the Tribunal wrote it', maxLength: 10000 })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  text: string;

  @ApiPropertyOptional({ format: 'date', description: 'the date of the Tribunal’s decision (default: the order’s date): the body’s 5 weeks run from it' })
  @IsOptional()
  @IsCalendarDate()
  decidedOn?: string;
}

/** The body's written answer to a recommendation. */
export class RecommendationAnswerDto {
  @ApiProperty({ description: 'the body’s written answer (or its summary)', maxLength: 10000 })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  text: string;

  @ApiProperty({ format: 'date', description: 'the day the body answered in writing' })
  @IsCalendarDate()
  answeredOn: string;

  @ApiProperty({ description: 'who answered for the body (name and role)', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  answeredBy: string;
}

export class OrderDto {
  @ApiProperty({ enum: OrderKind })
  @IsEnum(OrderKind)
  kind: OrderKind;

  @ApiProperty({ format: 'date', description: 'the order date, or (concession) the day the LA told the Tribunal it would not oppose' })
  @IsCalendarDate()
  orderedOn: string;

  @ApiPropertyOptional({ description: 'the LA conceded before the hearing (Regs 45)' })
  @IsOptional()
  @IsBoolean()
  concession?: boolean;

  @ApiPropertyOptional({ type: [RecommendationDto], description: 'the Tribunal’s health and social care recommendations made with this decision (not on a concession)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RecommendationDto)
  recommendations?: RecommendationDto[];
}

export class ComplianceDto {
  @ApiProperty({ enum: OrderDuty })
  @IsEnum(OrderDuty)
  duty: OrderDuty;

  @ApiProperty({ format: 'date' })
  @IsCalendarDate()
  doneOn: string;
}

export class AppealQueryDto {
  @ApiPropertyOptional({ description: 'only appeals not yet decided (default true); false lists every appeal' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  live?: boolean;

  @ApiPropertyOptional({ enum: APPEAL_STAGES })
  @IsOptional()
  @IsIn(APPEAL_STAGES)
  stage?: (typeof APPEAL_STAGES)[number];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  assessmentId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AppealDeadlineDto {
  @ApiProperty() key: string;
  @ApiProperty({ enum: ['appeal', 'order_compliance', 'mediation', 'recommendation_answer'] }) kind: string;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty() regulation: string;
  @ApiProperty({ enum: ['open', 'overdue', 'met', 'late', 'not_applicable'] }) status: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) completedOn: string | null;
  @ApiProperty() explanation: string;
}

export class OrderDutyViewDto {
  @ApiProperty({ enum: OrderDuty }) duty: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) completedOn: string | null;
  @ApiProperty({ enum: ['open', 'overdue', 'met', 'late', 'not_applicable'] }) status: string;
  @ApiProperty() regulation: string;
  @ApiProperty() explanation: string;
}

export class OrderViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: OrderKind }) kind: string;
  @ApiProperty({ format: 'date' }) orderedOn: string;
  @ApiProperty() concession: boolean;
  @ApiProperty({ type: [OrderDutyViewDto] }) duties: OrderDutyViewDto[];
}

export class RecommendationAnswerViewDto {
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date' }) answeredOn: string;
  @ApiProperty() answeredBy: string;
}

export class RecommendationViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'the order (decision) it was made with' }) orderId: string;
  @ApiProperty({ enum: RECOMMENDATION_KINDS }) kind: string;
  @ApiProperty() body: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date' }) decidedOn: string;
  @ApiProperty({ format: 'date', description: 'the body’s written answer is due: 5 weeks after the decision' }) answerDueOn: string;
  @ApiProperty() regulation: string;
  @ApiProperty({ enum: ['open', 'overdue', 'met', 'late', 'not_applicable'] }) status: string;
  @ApiProperty() explanation: string;
  @ApiProperty({ type: RecommendationAnswerViewDto, nullable: true }) answer: RecommendationAnswerViewDto | null;
}

export class MediationViewDto {
  @ApiProperty() mediationAdviceRequired: boolean;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) adviserContactedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) mediationRequestedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) heldOn: string | null;
  @ApiProperty({ type: 'string', nullable: true, enum: MediationOutcome }) outcome: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) certificateOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'guidance: the adviser’s certificate if the family does not mediate (3 working days)' }) certificateIfNoMediationBy: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'guidance: mediation within 30 days' }) mediationBy: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'guidance: certificate within 3 working days of mediation' }) certificateAfterMediationBy: string | null;
  @ApiProperty() guidance: string;
  @ApiProperty({ description: 'health provision is in issue' }) healthInIssue: boolean;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) healthBodyToldOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) agreementOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) agreementDoneOn: string | null;
}

export class AppealDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: APPEAL_SUBJECT_TYPES }) subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ format: 'uuid', description: 'the original case: an order reopens it, never a new one' }) assessmentId: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) planId: string | null;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty({ enum: AppealableDecision }) decision: string;
  @ApiProperty({ format: 'date' }) noticeOn: string;
  @ApiProperty() sectionIOnly: boolean;
  @ApiProperty({ format: 'date', description: 'the later of notice + 2 months and certificate + 1 month, on a working day' }) appealDeadline: string;
  @ApiProperty() appealDeadlineExplanation: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) mediationCertificateOn: string | null;
  @ApiProperty({ type: MediationViewDto }) mediation: MediationViewDto;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) lodgedOn: string | null;
  @ApiProperty({ type: 'boolean', nullable: true, description: 'lodged on or before the deadline (null until lodged)' }) lodgedInTime: boolean | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) hearingOn: string | null;
  @ApiProperty({ type: 'string', nullable: true, enum: AppealOutcome }) outcome: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) outcomeOn: string | null;
  @ApiProperty({ enum: APPEAL_STAGES, description: 'the stage as of today' }) status: string;
  @ApiProperty({ type: [OrderViewDto] }) orders: OrderViewDto[];
  @ApiProperty({ type: [RecommendationViewDto], description: 'the Tribunal’s health and social care recommendations and the bodies’ written answers' }) recommendations: RecommendationViewDto[];
  @ApiProperty({ type: [AppealDeadlineDto] }) deadlines: AppealDeadlineDto[];
  @ApiProperty() version: number;
}
