import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCalendarDate } from '@app/core';
import { IsIn, IsOptional } from 'class-validator';
import { ScopeQueryDto } from './timeliness.dto';

export class DisputesQueryDto extends ScopeQueryDto {
  @ApiProperty({ example: '2026-01-01', description: 'First day of the period' }) @IsCalendarDate() from: string;
  @ApiProperty({ example: '2026-12-31', description: 'Last day of the period (inclusive)' }) @IsCalendarDate() to: string;
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export const APPEAL_OUTCOME_KEYS = ['upheld', 'partly_upheld', 'dismissed', 'conceded', 'withdrawn', 'pending'] as const;
export const LIVE_STAGE_KEYS = ['notified', 'mediation', 'out_of_time', 'lodged', 'hearing_listed'] as const;

export class AppealOutcomesDto {
  @ApiProperty() upheld: number;
  @ApiProperty() partly_upheld: number;
  @ApiProperty() dismissed: number;
  @ApiProperty({ description: 'The LA told the Tribunal it would not oppose (Regs 45)' }) conceded: number;
  @ApiProperty() withdrawn: number;
  @ApiProperty({ description: 'No outcome recorded yet' }) pending: number;
}

export class AppealOrdersByKindDto {
  @ApiProperty() assess: number;
  @ApiProperty() make_plan: number;
  @ApiProperty() amend_provision: number;
  @ApiProperty() name_school: number;
  @ApiProperty() continue_plan: number;
  @ApiProperty() dismissed: number;
}

export class AppealCohortDto {
  @ApiProperty({ description: 'Appeals against decisions notified in the period (notice date between from and to)' }) registered: number;
  @ApiProperty({ description: 'Of which the family asked for mediation or mediation took place' }) wentToMediation: number;
  @ApiProperty({ description: 'Of which a mediation certificate was issued' }) mediationCertificates: number;
  @ApiProperty({ description: 'Of which lodged with the Tribunal' }) lodged: number;
  @ApiProperty({ type: AppealOutcomesDto }) outcomes: AppealOutcomesDto;
  @ApiProperty({ type: AppealOrdersByKindDto, description: 'Orders and concessions recorded on these appeals, by kind (whenever made)' }) orders: AppealOrdersByKindDto;
  @ApiProperty({ description: 'Of the orders, concessions by the LA before the hearing (Regs 45)' }) concessions: number;
}

export class AppealDecisionRowDto extends AppealCohortDto {
  @ApiProperty({ enum: ['refuse_to_assess', 'not_to_issue', 'plan_contents', 'refuse_to_reassess', 'not_to_amend', 'cease'] }) decision: string;
}

export class LiveStagesDto {
  @ApiProperty() notified: number;
  @ApiProperty() mediation: number;
  @ApiProperty({ description: 'The family deadline has passed without the appeal being lodged' }) out_of_time: number;
  @ApiProperty() lodged: number;
  @ApiProperty() hearing_listed: number;
}

export class LiveAppealsDto extends LiveStagesDto {
  @ApiProperty({ description: 'Appeals with no outcome yet, whenever registered' }) total: number;
}

export class OverdueDutyDto {
  @ApiProperty({ enum: ['notify_assess', 'no_plan_notice', 'final_plan', 'draft_plan', 'amended_plan', 'maintain_plan'] }) duty: string;
  @ApiProperty() overdue: number;
}

export class OverdueDutiesDto {
  @ApiProperty({ description: 'Order duties not done, not moot and due before today' }) total: number;
  @ApiProperty({ type: [OverdueDutyDto] }) byDuty: OverdueDutyDto[];
}

export class AppealDecisionCountDto {
  @ApiProperty({ description: 'The appealable decision' }) decision: string;
  @ApiProperty() appeals: number;
}

export class AppealsLodgedCohortDto {
  @ApiProperty({ description: 'Appeals lodged with the Tribunal in the period (by lodged date), whatever the notice date' }) total: number;
  @ApiProperty({ type: [AppealDecisionCountDto], description: 'By the decision appealed, every appealable decision with zeros' }) byDecision: AppealDecisionCountDto[];
}

export class AppealsDecidedCohortDto {
  @ApiProperty({ description: 'Appeals that ended in the period (by outcome date): decided at hearing, conceded or withdrawn' }) total: number;
  @ApiProperty({ type: AppealOutcomesDto, description: 'By outcome (pending is always 0 here)' }) outcomes: AppealOutcomesDto;
  @ApiProperty({ type: [AppealDecisionCountDto], description: 'By the decision appealed' }) byDecision: AppealDecisionCountDto[];
  @ApiProperty({ description: 'Decided at a hearing: upheld, partly upheld or dismissed (conceded and withdrawn appeals are not decided)' }) decidedAtHearing: number;
  @ApiProperty({ description: 'Of which found for the appellant: upheld or partly upheld' }) foundForAppellant: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'foundForAppellant over decidedAtHearing, one decimal place; null when none' }) percentFoundForAppellant: number | null;
}

export class AppealableDecisionsDto {
  @ApiProperty({ description: 'Every appealable decision notified in the period' }) total: number;
  @ApiProperty({ description: 'Refusals to assess (by the day notified)' }) refusalsToAssess: number;
  @ApiProperty({ description: 'Decisions not to issue a plan' }) notIssuing: number;
  @ApiProperty({ description: 'Final plans issued (their contents are appealable)' }) plansIssued: number;
  @ApiProperty({ description: 'Amended plans issued after a review' }) plansAmended: number;
  @ApiProperty({ description: 'Decisions to cease a plan (notified)' }) ceases: number;
  @ApiProperty({ description: 'Review decisions not to amend the plan (maintain)' }) notAmending: number;
}

export class AppealsLocalAuthorityDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) localAuthorityId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() registered: number;
  @ApiProperty() lodged: number;
  @ApiProperty() live: number;
  @ApiProperty() overdueDuties: number;
  @ApiProperty({ description: 'Appeals lodged in the period (by lodged date)' }) lodgedInPeriod: number;
  @ApiProperty() appealableDecisions: number;
  @ApiProperty({ type: 'number', nullable: true }) appealRate: number | null;
}

export class AppealsReportDto extends AppealCohortDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: ['local_authority', 'national'] }) scope: 'local_authority' | 'national';
  @ApiProperty({ description: 'Today (Europe/London): the day live stages and overdue duties are judged on' }) asOf: string;
  @ApiProperty({ type: [AppealDecisionRowDto], description: 'Every appealable decision, with zeros' }) byDecision: AppealDecisionRowDto[];
  @ApiProperty({ type: LiveAppealsDto }) live: LiveAppealsDto;
  @ApiProperty({ type: OverdueDutiesDto }) overdueDuties: OverdueDutiesDto;
  @ApiProperty({ type: AppealsLodgedCohortDto, description: 'The cohort lodged in the period' }) lodgedInPeriod: AppealsLodgedCohortDto;
  @ApiProperty({ type: AppealsDecidedCohortDto, description: 'The cohort decided in the period' }) decidedInPeriod: AppealsDecidedCohortDto;
  @ApiProperty({ type: AppealableDecisionsDto, description: 'Appealable decisions notified in the period: the appeal rate divides by them' }) appealableDecisions: AppealableDecisionsDto;
  @ApiProperty({ type: 'number', nullable: true, description: 'Appeals lodged in the period over appealable decisions notified in the period, as a percentage with one decimal place; null when there were none' })
  appealRate: number | null;
  @ApiPropertyOptional({ type: [AppealsLocalAuthorityDto], description: 'National scope only: every LA' }) byLocalAuthority?: AppealsLocalAuthorityDto[];
}

export class CeaseReasonRowDto {
  @ApiProperty({ minimum: 1, maximum: 9, description: 'SEN2 cease reason code' }) reason: number;
  @ApiProperty({ example: 'needs met without an EHC plan' }) label: string;
  @ApiProperty() plans: number;
}

export class CeasedPlansSectionDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: [CeaseReasonRowDto], description: 'Every reason 1-9, with zeros' }) byReason: CeaseReasonRowDto[];
}

export class CeasingNowDto extends CeasedPlansSectionDto {
  @ApiProperty({ description: 'Of which held by an appeal lodged against the cease' }) appealLodged: number;
}

export class CeasedPlansLocalAuthorityDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) localAuthorityId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() ceased: number;
  @ApiProperty() ceasingNow: number;
}

export class CeasedPlansReportDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ enum: ['local_authority', 'national'] }) scope: 'local_authority' | 'national';
  @ApiProperty() asOf: string;
  @ApiProperty({ type: CeasedPlansSectionDto, description: 'Plans that stopped being maintained in the period (ceased date between from and to)' }) ceased: CeasedPlansSectionDto;
  @ApiProperty({ type: CeasingNowDto, description: 'Plans ceasing today: the decision notified, still maintained until the appeal deadline or the appeal outcome' }) ceasingNow: CeasingNowDto;
  @ApiPropertyOptional({ type: [CeasedPlansLocalAuthorityDto], description: 'National scope only: every LA' }) byLocalAuthority?: CeasedPlansLocalAuthorityDto[];
}
