import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsIn, IsOptional } from 'class-validator';

export class TimelinessQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'First day of the period (final plans issued on or after)' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-12-31', description: 'Last day of the period (inclusive)' }) @IsCalendarDate() to: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class ShareDto {
  @ApiProperty() plansIssued: number;
  @ApiProperty() within20Weeks: number;
  @ApiPropertyOptional({ nullable: true, description: 'One decimal place; null when no plans were issued' }) percentWithin20Weeks: number | null;
}

export class DecisionShareDto {
  @ApiProperty() decided: number;
  @ApiProperty() onTime: number;
  @ApiPropertyOptional({ nullable: true }) percentOnTime: number | null;
}

export class TimelinessPeriodDto extends ShareDto {
  @ApiProperty({ type: ShareDto, description: 'DfE headline: plans with the 20-week exceptions flag left out of both counts' }) excludingExceptions: ShareDto;
  @ApiProperty({ description: 'Plans with the DfE 20-week exceptions flag' }) withExceptions: number;
  @ApiProperty({ description: 'Issued after 20 weeks and within 52 (days 141 to 364)' }) from20To52Weeks: number;
  @ApiProperty({ description: 'Issued after 52 weeks (day 365 on)' }) over52Weeks: number;
  @ApiPropertyOptional({ nullable: true, description: 'Mean weeks from request to final plan, one decimal place' }) averageWeeksToIssue: number | null;
}

export class TimelinessMonthDto extends TimelinessPeriodDto {
  @ApiProperty({ example: '2026-05' }) month: string;
}

export class TimelinessReportDto extends TimelinessPeriodDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [TimelinessMonthDto] }) byMonth: TimelinessMonthDto[];
  @ApiProperty({ type: DecisionShareDto, description: 'Decisions whether to assess made in the period, within 6 weeks of the request' }) decisionsWithin6Weeks: DecisionShareDto;
  @ApiProperty({ type: DecisionShareDto, description: 'Decisions not to issue made in the period, within 16 weeks of the request' }) noPlanNoticesWithin16Weeks: DecisionShareDto;
}
