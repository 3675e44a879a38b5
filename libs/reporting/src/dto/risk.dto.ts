import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ScopeQueryDto } from './timeliness.dto';

export const RISK_TABLES = ['at_risk', 'overdue_deadlines', 'caseload', 'ageing', 'unowned_deadlines', 'local_authorities', 'plans_at_risk'] as const;
export type RiskTable = (typeof RISK_TABLES)[number];

export class RiskQueryDto extends ScopeQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  @ApiPropertyOptional({ enum: RISK_TABLES, default: 'at_risk', description: 'Which table a CSV holds (national: not at_risk, caseload or plans_at_risk)' })
  @IsOptional()
  @IsIn(RISK_TABLES)
  table?: RiskTable;
  @ApiPropertyOptional({ minimum: 1, maximum: 5000, default: 200, description: 'JSON: how many of the most urgent at-risk cases (and, separately, plans at risk) to list (atRiskCount and plansAtRiskCount have them all; the CSV lists all)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;
}

export class RiskRuleDto {
  @ApiProperty() reason: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'Behind from the day after this day of the 20 weeks' }) afterDay: number;
  @ApiProperty({ type: [String] }) statuses: string[];
}

export class AtRiskCaseDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) assessmentId: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) childId: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: 'string', format: 'date' }) requestReceivedOn: string;
  @ApiProperty({ description: 'Whole weeks since the request' }) week: number;
  @ApiProperty({ description: 'The last day a final plan is within 20 weeks' }) twentyWeekDate: string;
  @ApiProperty({ description: 'Days to the 20-week date (negative: already missed)' }) daysLeft: number;
  @ApiProperty({ type: [String] }) reasons: string[];
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) caseworkerId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) caseworkerName: string | null;
  @ApiProperty({ type: 'string', nullable: true }) team: string | null;
}

export class KindCountDto {
  @ApiProperty() kind: string;
  @ApiProperty() count: number;
  @ApiPropertyOptional({ description: 'Advice only: of which owed by a body under the Regs 8(1) duty (CFA s31: health bodies, other LAs, YOTs)' }) duty?: number;
  @ApiPropertyOptional({ description: 'Advice only: of which past the Code’s expectation only (schools, the LA’s own services: CoP 9.52)' }) expectation?: number;
}

export class UnownedKindDto extends KindCountDto {
  @ApiProperty({ description: 'Of which past their due date' }) overdue: number;
}

export class UnownedDeadlinesDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: [UnownedKindDto] }) byKind: UnownedKindDto[];
}

export class CaseloadDto {
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'Null: open cases with no caseworker' }) caseworkerId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) name: string | null;
  @ApiProperty({ type: 'string', nullable: true }) team: string | null;
  @ApiProperty({ description: 'Open assessments' }) open: number;
  @ApiProperty({ description: 'Of which projected to miss 20 weeks' }) atRisk: number;
  @ApiProperty({ description: 'Open deadlines past due that this user owns' }) overdueDeadlines: number;
}

export class AgeingDto {
  @ApiProperty() status: string;
  @ApiProperty() weeks0To6: number;
  @ApiProperty() weeks6To12: number;
  @ApiProperty() weeks12To20: number;
  @ApiProperty() weeks20To52: number;
  @ApiProperty() over52Weeks: number;
  @ApiProperty() total: number;
}

export class PlanRiskRuleDto {
  @ApiProperty({ enum: ['review_overdue', 'review_due_soon_no_meeting', 'phase_transfer_due_soon', 'phase_transfer_overdue'] }) reason: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['review_due', 'phase_transfer'], description: 'The plan deadline the rule reads' }) kind: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Due from today to today + this many days; null: already past its date' }) withinDays: number | null;
}

export class PlanAtRiskDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) planId: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) childId: string;
  @ApiProperty({ type: [String], description: 'Every rule that holds (planRules)' }) reasons: string[];
  @ApiProperty({ type: 'string', format: 'date', description: 'The earliest date among the reasons' }) dueOn: string;
  @ApiProperty({ description: 'Days from today to dueOn (negative: already passed)' }) daysLeft: number;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The last day of the review period in progress, when at risk' }) reviewDueOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The meeting of the review closing that period, if one is arranged or held' }) meetingOn: string | null;
  @ApiProperty({ type: 'string', nullable: true }) phaseTransferKind: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) phaseTransferOn: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, description: 'The Regs 18 date, when at risk' }) phaseTransferDueOn: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) caseworkerId: string | null;
  @ApiProperty({ type: 'string', nullable: true }) caseworkerName: string | null;
  @ApiProperty({ type: 'string', nullable: true }) team: string | null;
}

export class ReasonCountDto {
  @ApiProperty() reason: string;
  @ApiProperty() count: number;
}

export class RiskLocalAuthorityDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) localAuthorityId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() open: number;
  @ApiProperty() atRisk: number;
  @ApiProperty() overdueDeadlines: number;
  @ApiProperty() unownedDeadlines: number;
  @ApiProperty({ description: 'Maintained plans whose review or phase transfer is at risk' }) plansAtRisk: number;
}

export class RiskReportDto {
  @ApiProperty({ description: 'Today (Europe/London)' }) asOf: string;
  @ApiProperty({ enum: ['local_authority', 'national'] }) scope: 'local_authority' | 'national';
  @ApiProperty({ type: [RiskRuleDto] }) rules: RiskRuleDto[];
  @ApiProperty({ description: 'Open assessments' }) open: number;
  @ApiProperty({ description: 'Open assessments projected to miss 20 weeks' }) atRiskCount: number;
  @ApiPropertyOptional({ type: [AtRiskCaseDto], description: 'One LA only: the `limit` most urgent first (fewest days to the 20-week date)' }) atRisk?: AtRiskCaseDto[];
  @ApiProperty({ type: [KindCountDto] }) overdueDeadlines: KindCountDto[];
  @ApiPropertyOptional({ type: [CaseloadDto], description: 'One LA only' }) caseload?: CaseloadDto[];
  @ApiProperty({ type: [AgeingDto] }) ageing: AgeingDto[];
  @ApiProperty({ type: UnownedDeadlinesDto, description: 'Open deadlines with neither an owning user nor an organisation' }) unownedDeadlines: UnownedDeadlinesDto;
  @ApiPropertyOptional({ type: [RiskLocalAuthorityDto], description: 'National scope only' }) byLocalAuthority?: RiskLocalAuthorityDto[];
  @ApiProperty({ type: [PlanRiskRuleDto], description: 'The rules that put a maintained plan at risk (statutory clock PLAN_RISK_RULES)' }) planRules: PlanRiskRuleDto[];
  @ApiProperty({ description: 'Maintained plans whose review or phase transfer is at risk (any rule)' }) plansAtRiskCount: number;
  @ApiProperty({ type: [ReasonCountDto], description: 'Plans at risk by rule (a plan may count under two)' }) plansAtRiskByReason: ReasonCountDto[];
  @ApiPropertyOptional({ type: [PlanAtRiskDto], description: 'One LA only: the `limit` most urgent first (earliest date first)' }) plansAtRisk?: PlanAtRiskDto[];
}
