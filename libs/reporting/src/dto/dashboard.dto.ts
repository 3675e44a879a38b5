import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ScopeQueryDto } from './timeliness.dto';
import { PlanAtRiskDto } from './risk.dto';

export const DASHBOARD_TABLES = ['timeliness', 'caseload', 'cases_at_risk', 'plans_at_risk', 'advice_late', 'reviews', 'appeals', 'ceased_plans', 'local_authorities'] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

export class DashboardQueryDto extends ScopeQueryDto {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day of the period (default: 12 months before `to`, plus a day)' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day of the period (default: today); the timeliness series is the 24 months ending with its month' }) @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ description: "One team's cases (users.team of the case's caseworker); one LA only" }) @IsOptional() @IsString() @MaxLength(100) team?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "One caseworker's cases; one LA only" }) @IsOptional() @IsUUID() caseworkerId?: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  @ApiPropertyOptional({ enum: DASHBOARD_TABLES, default: 'timeliness', description: 'Which figures a CSV holds' }) @IsOptional() @IsIn(DASHBOARD_TABLES) table?: DashboardTable;
}

export class TimelinessCountsDto {
  @ApiProperty() plansIssued: number;
  @ApiProperty({ description: 'Sent on or before day 140 after the request' }) within20Weeks: number;
  @ApiProperty({ type: 'number', nullable: true }) percentWithin20Weeks: number | null;
}

export class DashboardTimelinessMonthDto extends TimelinessCountsDto {
  @ApiProperty({ example: '2026-05' }) month: string;
  @ApiProperty({ description: 'DfE band: days 141 to 364' }) from20To52Weeks: number;
  @ApiProperty({ description: 'DfE band: day 365 on' }) over52Weeks: number;
  @ApiProperty({ type: TimelinessCountsDto, description: 'Without plans carrying the 20-week exceptions flag (the DfE headline)' }) excludingExceptions: TimelinessCountsDto;
}

export class DashboardTimelinessDto {
  @ApiProperty({ description: 'The DfE bands in days from the request: within 20 weeks up to this day' }) within20WeeksMaxDays: number;
  @ApiProperty({ description: '20 to 52 weeks up to this day; over 52 weeks after it' }) within52WeeksMaxDays: number;
  @ApiProperty({ type: [DashboardTimelinessMonthDto], description: '24 months, oldest first, every month present (zeros when nothing was issued)' }) months: DashboardTimelinessMonthDto[];
}

export class StageCountDto {
  @ApiProperty({ description: 'Assessment status (open stages) or `plan_maintained`' }) stage: string;
  @ApiProperty() count: number;
}

export class DashboardCaseAtRiskDto {
  @ApiProperty({ format: 'uuid', description: 'Links to the case' }) assessmentId: string;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty() status: string;
  @ApiProperty() week: number;
  @ApiProperty() daysLeft: number;
  @ApiProperty() twentyWeekDate: string;
  @ApiProperty({ type: [String] }) reasons: string[];
  @ApiProperty({ type: 'string', nullable: true }) caseworkerName: string | null;
}

export class DashboardCasesAtRiskDto {
  @ApiProperty() count: number;
  @ApiPropertyOptional({ type: [DashboardCaseAtRiskDto], description: 'One LA: the 50 most urgent' }) cases?: DashboardCaseAtRiskDto[];
}

export class DashboardPlansAtRiskDto {
  @ApiProperty() count: number;
  @ApiPropertyOptional({ type: [PlanAtRiskDto], description: 'One LA: the 50 most urgent' }) plans?: PlanAtRiskDto[];
}

export class AdviceLateRowDto {
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'Null: advice asked of a person with no organisation recorded' }) organisationId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Advice deadlines due in the period' }) dueInPeriod: number;
  @ApiProperty({ description: 'Of which the advice came after its due date' }) lateInPeriod: number;
  @ApiProperty({ description: 'Advice overdue today, whatever the period' }) overdueNow: number;
}

export class DashboardReviewsDto {
  @ApiProperty({ description: 'Review periods ending in the period' }) due: number;
  @ApiProperty({ description: 'Meetings held in the period' }) held: number;
  @ApiProperty({ description: 'Decisions notified in the period (management view)' }) decided: number;
  @ApiProperty({ description: 'Of which within 4 weeks of the meeting' }) decidedWithin4Weeks: number;
  @ApiProperty({ type: 'number', nullable: true }) percentWithin4Weeks: number | null;
  @ApiProperty({ description: 'Reviews overdue today' }) overdue: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'The DfE measure for the year of `to` (reports/reviews dfeReviewMeasure)' }) dfePercentWithin4Weeks: number | null;
}

export class DashboardAppealDecisionDto {
  @ApiProperty() decision: string;
  @ApiProperty({ description: 'Appeals lodged in the period against this kind of decision' }) lodged: number;
}

export class DashboardAppealsDto {
  @ApiProperty({ type: [DashboardAppealDecisionDto] }) byDecision: DashboardAppealDecisionDto[];
  @ApiProperty() lodged: number;
  @ApiProperty() appealableDecisions: number;
  @ApiProperty({ type: 'number', nullable: true }) appealRate: number | null;
  @ApiProperty({ type: 'number', nullable: true, description: 'Over appeals decided at hearing in the period' }) percentFoundForAppellant: number | null;
}

export class DashboardCeasedRowDto {
  @ApiProperty() reason: number;
  @ApiProperty() label: string;
  @ApiProperty() plans: number;
}

export class DashboardLocalAuthorityDto {
  @ApiProperty({ format: 'uuid' }) localAuthorityId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() open: number;
  @ApiProperty() atRisk: number;
  @ApiProperty() plansAtRisk: number;
}

export class DashboardDto {
  @ApiProperty({ description: 'Today (Europe/London)' }) asOf: string;
  @ApiProperty({ enum: ['local_authority', 'national'] }) scope: 'local_authority' | 'national';
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: 'string', nullable: true }) team: string | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'uuid' }) caseworkerId: string | null;
  @ApiProperty({ type: [String], description: 'The figures the team and caseworker filters apply to (the others are the whole LA)' }) filteredFigures: string[];
  @ApiProperty({ type: DashboardTimelinessDto }) timeliness: DashboardTimelinessDto;
  @ApiProperty({ type: [StageCountDto], description: 'Open assessments by stage, then maintained plans' }) caseloadByStage: StageCountDto[];
  @ApiProperty({ type: DashboardCasesAtRiskDto }) casesAtRisk: DashboardCasesAtRiskDto;
  @ApiProperty({ type: DashboardPlansAtRiskDto }) plansAtRisk: DashboardPlansAtRiskDto;
  @ApiProperty({ type: [AdviceLateRowDto], description: 'By provider organisation, most overdue first' }) adviceLateByProvider: AdviceLateRowDto[];
  @ApiProperty({ type: DashboardReviewsDto }) reviews: DashboardReviewsDto;
  @ApiProperty({ type: DashboardAppealsDto }) appeals: DashboardAppealsDto;
  @ApiProperty({ type: [DashboardCeasedRowDto], description: 'Plans ceased in the period by SEN2 reason' }) ceasedPlansByReason: DashboardCeasedRowDto[];
  @ApiProperty({ type: 'integer', nullable: true, description: 'Errors our SEN2 rules find in the next return (census sen2CensusDate); null nationally' }) sen2ErrorCount: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The census date the SEN2 count is for' }) sen2CensusDate: string | null;
  @ApiPropertyOptional({ type: [DashboardLocalAuthorityDto], description: 'National scope only: every LA' }) byLocalAuthority?: DashboardLocalAuthorityDto[];
}
