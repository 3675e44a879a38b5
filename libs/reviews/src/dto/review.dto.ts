import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested, MinLength } from 'class-validator';
import { Regs30Dto } from '@app/plans';
import { IsCalendarDate } from '@app/core';
import { DeadlineDto, DecisionNoticeDto } from '@app/deadlines';
import { PHASE_TRANSFER_KINDS, PhaseTransferKind } from '@app/statutory-clock';
import { ReviewStatus } from '../entities/review.entity';

export const REVIEW_DECISIONS = ['maintain', 'amend', 'cease'] as const;

export class ScheduleReviewDto {
  @ApiProperty({ type: 'string', format: 'date', description: 'The meeting: in the future it is scheduled (invitations due 2 weeks before); on or before today it is held' })
  @IsCalendarDate()
  meetingOn: string;
}

export class RecordDateDto {
  @ApiProperty({ type: 'string', format: 'date' }) @IsCalendarDate() on: string;
}

export class InvitationsSentDto {
  @ApiProperty({ type: 'string', format: 'date', description: 'The day notice of the meeting went out (Regs 20(3))' }) @IsCalendarDate() sentOn: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', description: 'The day the advice and information gathered were circulated (Regs 20(4)); a duty of its own' }) @IsOptional() @IsCalendarDate() adviceCirculatedOn?: string;
}

export class MeetingHeldDto {
  @ApiPropertyOptional({ type: 'string', format: 'date', description: 'The day it was held (defaults to the meeting date); not in the future' }) @IsOptional() @IsCalendarDate() heldOn?: string;
  @ApiPropertyOptional({ type: 'string', format: 'date', description: 'Section J holds a direct payment: the day it was reviewed at this review (CFA s49); a duty of the review, due by the meeting' }) @IsOptional() @IsCalendarDate() directPaymentReviewedOn?: string;
  @ApiPropertyOptional({ description: 'What the direct-payment review found', maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4000) directPaymentNotes?: string;
}

export class MoveMeetingDto {
  @ApiProperty({ type: 'string', format: 'date', description: 'The new date of a meeting not yet held' }) @IsCalendarDate() meetingOn: string;
}

export class ReportIssuedDto {
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the report of the meeting was sent to everyone invited' }) @IsCalendarDate() issuedOn: string;
}

export class ReviewDecisionDto {
  @ApiProperty({ enum: REVIEW_DECISIONS, description: 'SEN2 review outcome: maintain (M), amend (A), cease (C)' }) @IsIn(REVIEW_DECISIONS) decision: (typeof REVIEW_DECISIONS)[number];
  @ApiPropertyOptional({ type: 'string', format: 'date', description: 'Section J holds a direct payment: the day it was reviewed at this review (CFA s49); a duty of the review, due by the meeting' }) @IsOptional() @IsCalendarDate() directPaymentReviewedOn?: string;
  @ApiPropertyOptional({ description: 'What the direct-payment review found', maxLength: 4000 }) @IsOptional() @IsString() @MaxLength(4000) directPaymentNotes?: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the family was notified: the review is complete; for amend, the amendment notice' }) @IsCalendarDate() notifiedOn: string;
  @ApiPropertyOptional({ description: 'The proposed amendments sent with the notice (amend)', maxLength: 20_000 }) @IsOptional() @IsString() @MaxLength(20_000) proposedChanges?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 9, description: 'cease: the SEN2 cease reason (1 maximum age ... 9 other); required for cease; 3, 4 and 6 are refused under 18 (Regs 29(1))' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  ceaseReason?: number;
  @ApiPropertyOptional({ description: 'maintain, before a phase transfer: no amendment is needed because the plan already names the next placement (Regs 18, "where necessary"): the review meets the phase-transfer duty' })
  @IsOptional()
  @IsBoolean()
  nextPlacementNamed?: boolean;
  @ApiPropertyOptional({ type: Regs30Dto, description: 'cease, for a young person of 18 or over: the Regs 30 conditions' }) @IsOptional() @ValidateNested() @Type(() => Regs30Dto) regs30?: Regs30Dto;
}

export class ReviewRepresentationsDto {
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the family’s representations on the proposed amendments were received' }) @IsCalendarDate() receivedOn: string;
}

export class NotAmendingDto {
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the family was notified that the LA will not amend the plan after all (Regs 22(4))' }) @IsCalendarDate() notifiedOn: string;
  @ApiProperty({ description: 'The reasons given to the family', minLength: 1, maxLength: 20_000 }) @IsString() @MinLength(1) @MaxLength(20_000) reasons: string;
}

export class AmendedPlanDto {
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the amended final plan is issued: a new plan version with its PDF' }) @IsCalendarDate() issuedOn: string;
  @ApiPropertyOptional({ description: 'Issue it although it changes no section of the version before (otherwise 422 `amendment_changes_nothing`)' }) @IsOptional() @IsBoolean() confirmNoChanges?: boolean;
}

export class PhaseTransferDto {
  @ApiProperty({ enum: PHASE_TRANSFER_KINDS }) @IsIn(PHASE_TRANSFER_KINDS) kind: PhaseTransferKind;
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the child or young person moves to the next phase' }) @IsCalendarDate() transferOn: string;
  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: -3, maximum: 20, description: 'Year group override (0 Reception, 1-13 Years 1-13); null derives it from the date of birth (age on 31 August)' })
  @IsOptional()
  @IsInt()
  @Min(-3)
  @Max(20)
  yearGroup?: number | null;
}

export class ReviewIntervalDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12, description: '12 (the law, CFA s44(1)) or shorter: guidance for under-5s is 3 to 6 months (CoP 9.178)' })
  @IsInt()
  @Min(1)
  @Max(12)
  months: number;
}

export class PhaseTransferQueryDto {
  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2199, description: 'The calendar year of the transfer' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2199)
  phaseTransferYear: number;
}

export class ReviewDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) planId: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) childId: string;
  @ApiProperty({ enum: ReviewStatus }) status: ReviewStatus;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) meetingOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The day it was held (a meeting on or before today counts as held)' }) heldOn: string | null;
  @ApiProperty({ enum: REVIEW_DECISIONS, nullable: true }) decision: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) notifiedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', description: 'The start of the review period this review closes (CFA s44(1))' }) cycleStartsOn: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The last day of that period' }) cycleDueOn: string;
  @ApiProperty({ type: 'string', format: 'date', description: 'The day the review was opened (by the system ahead of time, or by arranging its meeting)' }) openedOn: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The day the meeting was arranged; for a meeting recorded after it was held, its own day' }) scheduledOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) invitationsSentOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) reportIssuedOn: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: '0 Reception, 1-13 Years 1-13 (at the meeting, or today before it)' }) yearGroup: number | null;
  @ApiProperty({ description: 'From Year 9 the review must cover preparation for adulthood (CoP 8.9, 9.166)' }) preparingForAdulthood: boolean;
  @ApiProperty({ type: 'string', nullable: true }) proposedChanges: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) representationsReceivedOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'A Tribunal order to amend after a decision not to amend (Regs 44(2))' }) orderedAmendmentOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) amendedPlanIssuedOn: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The plan version the amended plan was issued as' }) amendedPlanVersion: number | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The LA decided not to amend after all (Regs 22(4)): the day it notified the family' }) notAmendingNotifiedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The reasons it gave (Regs 22(4))' }) notAmendingReasons: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The advice and information circulated (Regs 20(4))' }) adviceCirculatedOn: string | null;
  @ApiProperty({ description: 'A maintain decision recording that the plan already names the next placement (Regs 18)' }) nextPlacementNamed: boolean;
  @ApiProperty({ description: 'Section J holds a direct payment: this review must review it (CFA s49; deadline direct_payment_review)' }) directPaymentInPlan: boolean;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The day the direct payment was reviewed at this review' }) directPaymentReviewedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) directPaymentNotes: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The first day the amended plan may be issued (amend)' }) earliestAmendedPlanOn: string | null;
  @ApiProperty({ type: 'integer', description: 'Optimistic-locking version (ETag)' }) version: number;
  @ApiProperty({ type: DecisionNoticeDto, isArray: true, description: 'The review’s appealable decisions (not to amend, cease, the amended plan’s contents) with the appeal rights each notice carries' })
  decisionNotices: DecisionNoticeDto[];
  @ApiProperty({ type: DeadlineDto, isArray: true, description: 'As of today' }) deadlines: DeadlineDto[];
}

export class SectionDiffDto {
  @ApiProperty({ example: 'F' }) section: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) before: object;
  @ApiProperty({ type: 'object', additionalProperties: true }) after: object;
}

export class AmendedPlanIssuedDto extends ReviewDto {
  @ApiProperty({ type: SectionDiffDto, isArray: true, description: 'The sections that differ from the previous issued version' }) changedSections: SectionDiffDto[];
}

export class PhaseTransferRowDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) planId: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) childId: string;
  @ApiProperty() childName: string;
  @ApiProperty({ type: 'string', format: 'date' }) dateOfBirth: string;
  @ApiProperty({ type: 'integer', description: 'In the school year before the transfer (derived from the date of birth, age on 31 August, or overridden)' }) yearGroup: number;
  @ApiProperty() yearGroupLabel: string;
  @ApiProperty({ description: 'True when the year group is the recorded override' }) yearGroupOverridden: boolean;
  @ApiProperty({ enum: PHASE_TRANSFER_KINDS }) kind: string;
  @ApiProperty({ type: 'string', format: 'date' }) transferOn: string;
  @ApiProperty({ type: DeadlineDto }) deadline: DeadlineDto;
  @ApiProperty({ enum: ['no_review', 'review_opened', 'review_scheduled', 'review_held', 'decided', 'amending', 'amended'], description: 'Where the transfer review stands' }) stage: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) reviewId: string | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The placement named in section I of the plan' }) placement: string | null;
}
