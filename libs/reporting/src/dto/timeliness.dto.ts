import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsIn, IsOptional } from 'class-validator';

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
}

export class ShareDto {
  @ApiProperty() plansIssued: number;
  @ApiProperty() within20Weeks: number;
  @ApiPropertyOptional({ type: 'number', nullable: true, description: 'One decimal place; null when no plans were issued' }) percentWithin20Weeks: number | null;
}

export class DecisionShareDto {
  @ApiProperty() decided: number;
  @ApiProperty() onTime: number;
  @ApiPropertyOptional({ type: 'number', nullable: true }) percentOnTime: number | null;
}

export class TimelinessPeriodDto extends ShareDto {
  @ApiProperty({ type: ShareDto, description: 'DfE headline: plans with the 20-week exceptions flag left out of both counts' }) excludingExceptions: ShareDto;
  @ApiProperty({ description: 'Plans with the DfE 20-week exceptions flag' }) withExceptions: number;
  @ApiProperty({ description: 'Issued after 20 weeks and within 52 (days 141 to 364)' }) from20To52Weeks: number;
  @ApiProperty({ description: 'Issued after 52 weeks (day 365 on)' }) over52Weeks: number;
  @ApiPropertyOptional({ type: 'number', nullable: true, description: 'Mean weeks from request to final plan, one decimal place' }) averageWeeksToIssue: number | null;
}

export class TimelinessMonthDto extends TimelinessPeriodDto {
  @ApiProperty({ example: '2026-05' }) month: string;
}

export class TimelinessTeamDto extends TimelinessPeriodDto {
  @ApiPropertyOptional({ type: 'string', nullable: true, description: "The caseworker's current team; null for caseworkers without one and unassigned cases" }) team: string | null;
}

export class TimelinessCaseworkerDto extends TimelinessPeriodDto {
  @ApiPropertyOptional({ type: 'string', format: 'uuid', nullable: true, description: 'Null: plans whose case has no caseworker' }) caseworkerId: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) name: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) team: string | null;
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
  @ApiProperty({ type: DecisionShareDto, description: 'Decisions whether to assess made in the period, within 6 weeks of the request' }) decisionsWithin6Weeks: DecisionShareDto;
  @ApiProperty({ type: DecisionShareDto, description: 'Decisions not to issue made in the period, within 16 weeks of the request' }) noPlanNoticesWithin16Weeks: DecisionShareDto;
  @ApiPropertyOptional({ type: [TimelinessTeamDto], description: 'One LA only: plans by the team of the case\'s caseworker' }) byTeam?: TimelinessTeamDto[];
  @ApiPropertyOptional({ type: [TimelinessCaseworkerDto], description: "One LA only: plans by the case's caseworker" }) byCaseworker?: TimelinessCaseworkerDto[];
  @ApiPropertyOptional({ type: [TimelinessLocalAuthorityDto], description: 'National scope only: every LA' }) byLocalAuthority?: TimelinessLocalAuthorityDto[];
}
