import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsIn, IsOptional } from 'class-validator';
import { ScopeQueryDto } from './timeliness.dto';

export class ExceptionRatesQueryDto extends ScopeQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'First day of the period (final plans issued on or after)' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-12-31', description: 'Last day of the period (inclusive)' }) @IsCalendarDate() to: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class OutlierRuleDto {
  @ApiProperty({ description: 'Fewest plans in the period for a group to be judged' }) minPlans: number;
  @ApiProperty({ description: 'Flagged at this many times the rate of the rest, or more' }) timesRest: number;
  @ApiProperty({ description: '...and at least this many percentage points above it' }) pointsAbove: number;
}

export class ExceptionVerdictDto {
  @ApiProperty() plansIssued: number;
  @ApiProperty({ description: 'Of which with the DfE 20-week exceptions flag' }) withExceptions: number;
  @ApiProperty({ type: 'number', nullable: true }) percentWithExceptions: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'The same share for everyone else' }) restPercentWithExceptions: number | null;
  @ApiProperty() flagged: boolean;
}

export class ExceptionGroupDto extends ExceptionVerdictDto {
  @ApiProperty({ type: 'string', nullable: true, description: 'Team name (one LA; null: no team) or LA code (national)' }) key: string | null;
  @ApiProperty() label: string;
}

export class ExceptionRatesDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: ['local_authority', 'national'] }) scope: 'local_authority' | 'national';
  @ApiProperty({ type: OutlierRuleDto }) rule: OutlierRuleDto;
  @ApiProperty() plansIssued: number;
  @ApiProperty() withExceptions: number;
  @ApiProperty({ type: [ExceptionGroupDto], description: 'Teams of the LA, or every LA (national)' }) groups: ExceptionGroupDto[];
  @ApiPropertyOptional({ type: ExceptionVerdictDto, description: 'One LA only: the LA against the rest of England' }) localAuthorityAgainstEngland?: ExceptionVerdictDto;
}
