import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ScopeQueryDto } from './timeliness.dto';

export class ReviewsReportQueryDto extends ScopeQueryDto {
  @ApiProperty({ example: '2027-01-01', description: 'First day of the period' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2027-12-31', description: 'Last day of the period (inclusive)' }) @IsCalendarDate() to: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  @ApiPropertyOptional({ example: 2026, description: "The calendar year of the DfE review measure (default: the year of `from`); its census date is the next January's" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  dfeYear?: number;
}

export class ReviewsDueDto {
  @ApiProperty({ description: 'Review periods (`review_due` deadlines) whose last day is in the period; a plan that stopped being maintained before its review is left out' }) due: number;
  @ApiProperty({ description: 'Of which the review was completed (decision notified) on or before the last day' }) completedOnTime: number;
  @ApiProperty({ description: 'Of which completed after it' }) completedLate: number;
  @ApiProperty({ description: 'Of which not completed yet (as of today)' }) open: number;
}

export class OutcomeCountDto {
  @ApiProperty() decided: number;
  @ApiProperty({ description: 'Notified within 4 weeks of the meeting' }) within4Weeks: number;
}

export class ReviewOutcomesDto {
  @ApiProperty({ type: OutcomeCountDto, description: 'SEN2 outcome M' }) maintain: OutcomeCountDto;
  @ApiProperty({ type: OutcomeCountDto, description: 'SEN2 outcome A' }) amend: OutcomeCountDto;
  @ApiProperty({ type: OutcomeCountDto, description: 'SEN2 outcome C' }) cease: OutcomeCountDto;
}

export class ReviewDecisionsDto {
  @ApiProperty({ enum: ['management'], description: 'A management view: every decision notified in the period, by its notification date (not the DfE measure: see dfeReviewMeasure)' }) measure: 'management';
  @ApiProperty({ description: 'Review decisions notified in the period' }) decided: number;
  @ApiProperty({ description: 'Of which notified on or before day 28 after the meeting (Regs 20(10), 22(2)): the DfE measure' }) within4Weeks: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'One decimal place; null when nothing was decided' }) percentWithin4Weeks: number | null;
  @ApiProperty({ type: ReviewOutcomesDto }) byOutcome: ReviewOutcomesDto;
}

export class AmendedPlansDto {
  @ApiProperty({ enum: ['local'], description: 'A local measure: the DfE publishes no amended-plan timeliness' }) measure: 'local';
  @ApiProperty({ description: 'Amended plans issued in the period after a review' }) issued: number;
  @ApiProperty({ description: 'Of which issued on or before day 56 after the amendment notice (Regs 22(3))' }) within8Weeks: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'One decimal place; null when none was issued' }) percentWithin8Weeks: number | null;
}

export class DfeReviewMeasureDto {
  @ApiProperty({ enum: ['dfe'], description: 'As the DfE computes it from SEN2' }) measure: 'dfe';
  @ApiProperty({ description: 'The calendar year of the review meetings' }) year: number;
  @ApiProperty({ description: 'The SEN2 census date after that year (third Thursday of January): decisions count by it' }) censusDate: string;
  @ApiProperty({ description: 'Plans (not ceased by the census date) with a review meeting held in the year: one review per plan, the latest' }) reviews: number;
  @ApiProperty({ description: 'Of which the decision was notified on or before the census date' }) decidedByCensus: number;
  @ApiProperty({ description: 'Of which notified on or before day 28 after the meeting' }) within4Weeks: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'within4Weeks over reviews, one decimal place; null when there were none' }) percentWithin4Weeks: number | null;
}

export class PhaseTransfersDueDto {
  @ApiProperty({ description: 'Phase-transfer deadlines (Regs 18) whose date is in the period; a plan that stopped being maintained first is left out' }) due: number;
  @ApiProperty({ description: 'Of which met: the amended plan issued on or before the date (as of today)' }) met: number;
  @ApiProperty({ description: 'Of which the amended plan came after the date' }) late: number;
  @ApiProperty({ description: 'Of which still open (as of today)' }) open: number;
}

export class ReviewsAsOfTodayDto {
  @ApiProperty({ description: 'Plans whose review period has ended without a completed review (open `review_due` past its date)' }) reviewsOverdue: number;
  @ApiProperty({ description: 'Reviews whose meeting was held over 4 weeks ago with no decision notified (open `review_decision` past its date)' }) decisionsOverdue: number;
  @ApiProperty({ description: 'Amendments past their 8 weeks without the amended plan (open `amended_plan` past its date)' }) amendedPlansOverdue: number;
  @ApiProperty({ description: 'Phase transfers past their Regs 18 date without the amended plan' }) phaseTransfersOverdue: number;
}

export class ReviewsFiguresDto {
  @ApiProperty({ type: ReviewsDueDto }) reviewsDue: ReviewsDueDto;
  @ApiProperty({ description: 'Review meetings held in the period (a scheduled meeting counts as held once its day has come)' }) meetingsHeld: number;
  @ApiProperty({ type: ReviewDecisionsDto }) decisions: ReviewDecisionsDto;
  @ApiProperty({ type: DfeReviewMeasureDto }) dfeReviewMeasure: DfeReviewMeasureDto;
  @ApiProperty({ type: AmendedPlansDto }) amendedPlans: AmendedPlansDto;
  @ApiProperty({ type: PhaseTransfersDueDto }) phaseTransfers: PhaseTransfersDueDto;
  @ApiProperty({ type: ReviewsAsOfTodayDto, description: 'As of today, whatever the period' }) asOfToday: ReviewsAsOfTodayDto;
}

export class ReviewsLocalAuthorityDto extends ReviewsFiguresDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) localAuthorityId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class ReviewsReportDto extends ReviewsFiguresDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ description: 'Today (Europe/London): the day the open and overdue figures are counted on' }) asOf: string;
  @ApiProperty({ enum: ['local_authority', 'national'] }) scope: 'local_authority' | 'national';
  @ApiPropertyOptional({ type: [ReviewsLocalAuthorityDto], description: 'National scope only: every LA' }) byLocalAuthority?: ReviewsLocalAuthorityDto[];
}
