import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export type TimelinessGroupBy = 'month' | 'team' | 'caseworker' | 'local_authority';

export class ScopeQueryDto {
  @ApiPropertyOptional({ enum: ['local_authority', 'national'], default: 'local_authority', description: '`national`: every LA, aggregates only (national analyst role)' })
  @IsOptional()
  @IsIn(['local_authority', 'national'])
  scope?: 'local_authority' | 'national';
}

export class TimelinessQueryDto extends ScopeQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'First day of the period (final plans issued on or after)' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-12-31', description: 'Last day of the period (inclusive)' }) @IsCalendarDate() to: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  @ApiPropertyOptional({ enum: ['month', 'team', 'caseworker', 'local_authority'], default: 'month', description: 'CSV rows after the period row (team and caseworker: one LA; local_authority: national)' })
  @IsOptional()
  @IsIn(['month', 'team', 'caseworker', 'local_authority'])
  groupBy?: TimelinessGroupBy;
  @ApiPropertyOptional({
    default: false,
    description:
      "true: leave out every case with an appeal or mediation recorded on it (the DfE's older series): an appeal registered against the assessment or its plan, whatever its stage. Computed live from the assessments and the appeals register (the monthly summary does not hold it)",
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  excludeDisputed?: boolean;
}

export class ShareDto {
  @ApiProperty() plansIssued: number;
  @ApiProperty() within20Weeks: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'One decimal place; null when no plans were issued' }) percentWithin20Weeks: number | null;
}

export class DecisionShareDto {
  @ApiProperty() decided: number;
  @ApiProperty() onTime: number;
  @ApiProperty({ type: 'number', nullable: true }) percentOnTime: number | null;
  @ApiPropertyOptional({ description: '6-week measure only: requests received in the period still undecided after their 6 weeks (not in `decided`)' }) undecidedPast6Weeks?: number;
}

/**
 * Band boundaries are assumptions, stated: DfE publishes "within 20 weeks", "20 to 52 weeks" and "over 52 weeks"
 * without day boundaries; here day 140 (the Regs 13(2) due date) is the last day within 20 weeks and day 364 the last
 * within 52 weeks, counted from the request to the day the plan was sent (its issue date when not recorded).
 */
const BAND_20_52 = 'Issued after 20 weeks and within 52: days 141 to 364 from the request (assumed boundaries: day 140 is the last day within 20 weeks, day 364 within 52)';
const BAND_OVER_52 = 'Issued after 52 weeks: day 365 on (assumed boundary)';
const AVERAGE = 'Mean weeks from request to final plan (days / 7), one decimal place';

export class ExcludingExceptionsDto extends ShareDto {
  @ApiProperty({ description: BAND_20_52 }) from20To52Weeks: number;
  @ApiProperty({ description: BAND_OVER_52 }) over52Weeks: number;
  @ApiProperty({ type: 'number', nullable: true, description: AVERAGE }) averageWeeksToIssue: number | null;
}

export class TimelinessPeriodDto extends ShareDto {
  @ApiProperty({ type: ExcludingExceptionsDto, description: 'DfE headline: plans with the 20-week exceptions flag left out of both counts; the bands and the average likewise' })
  excludingExceptions: ExcludingExceptionsDto;
  @ApiProperty({ description: 'Plans with the DfE 20-week exceptions flag' }) withExceptions: number;
  @ApiProperty({ description: `${BAND_20_52}; including exceptions` }) from20To52Weeks: number;
  @ApiProperty({ description: `${BAND_OVER_52}; including exceptions` }) over52Weeks: number;
  @ApiProperty({ type: 'number', nullable: true, description: `${AVERAGE}; including exceptions` }) averageWeeksToIssue: number | null;
}

export class TimelinessMonthDto extends TimelinessPeriodDto {
  @ApiProperty({ example: '2026-05' }) month: string;
}

export class TimelinessTeamDto extends TimelinessPeriodDto {
  @ApiProperty({ type: 'string', nullable: true, description: "The caseworker's current team; null for caseworkers without one and unassigned cases" }) team: string | null;
}

export class TimelinessCaseworkerDto extends TimelinessPeriodDto {
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'Null: plans whose case has no caseworker' }) caseworkerId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) name: string | null;
  @ApiProperty({ type: 'string', nullable: true }) team: string | null;
}

export class TimelinessLocalAuthorityDto extends TimelinessPeriodDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) localAuthorityId: string;
  @ApiProperty({ example: '201' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: DecisionShareDto }) decisionsWithin6Weeks: DecisionShareDto;
}

export class TimelinessReportDto extends TimelinessPeriodDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: ['local_authority', 'national'] }) scope: 'local_authority' | 'national';
  @ApiProperty({ type: [TimelinessMonthDto] }) byMonth: TimelinessMonthDto[];
  @ApiProperty({
    type: DecisionShareDto,
    description: 'DfE 6-week measure: requests received in the period that have a decision, decided (notified) within 6 weeks of the request; the undecided ones past their 6 weeks are counted beside it',
  })
  decisionsWithin6Weeks: DecisionShareDto;
  @ApiProperty({ type: DecisionShareDto, description: 'Decisions not to issue made in the period, notified within 16 weeks of the request' }) noPlanNoticesWithin16Weeks: DecisionShareDto;
  @ApiPropertyOptional({ type: [TimelinessTeamDto], description: 'One LA only: plans by the team of the case\'s caseworker' }) byTeam?: TimelinessTeamDto[];
  @ApiPropertyOptional({ type: [TimelinessCaseworkerDto], description: "One LA only: plans by the case's caseworker" }) byCaseworker?: TimelinessCaseworkerDto[];
  @ApiPropertyOptional({ type: [TimelinessLocalAuthorityDto], description: 'National scope only: every LA' }) byLocalAuthority?: TimelinessLocalAuthorityDto[];
  @ApiPropertyOptional({ description: 'Only with excludeDisputed=true: final plans issued in the period left out because their case has an appeal or mediation recorded' })
  disputedPlansExcluded?: number;
}
