import { addDays, fromDayNumber, IsoDate, toDayNumber } from './dates';
import { DeadlineKind, STATUTORY_RULES } from './rules';

/**
 * Live risk: the rules that project an open assessment to miss the 20-week limit (docs/reports.md). Each rule is a
 * status set, a day of the 20 weeks after which the case is behind if it is still in one of those statuses, and
 * optionally "while advice is still outstanding". The days are the published milestones a 20-week plan needs.
 */
export enum RiskReason {
  DecisionToAssessOverdue = 'decision_to_assess_overdue',
  AdviceOutstandingAfterWeek12 = 'advice_outstanding_after_week_12',
  NoDraftAfterWeek14 = 'no_draft_after_week_14',
  NoDecisionToIssueAfterWeek16 = 'no_decision_to_issue_after_week_16',
  FinalPlanOverdue = 'final_plan_overdue',
}

export interface RiskRule {
  reason: RiskReason;
  /** Open statuses (the assessment's `status` values) the rule applies to. */
  statuses: readonly string[];
  /** The case is behind from the day after this one (day 0 is the request). */
  afterDay: number;
  /** Only when an advice deadline is still open. */
  needsOutstandingAdvice: boolean;
  description: string;
}

export const RISK_RULES: readonly RiskRule[] = [
  {
    reason: RiskReason.DecisionToAssessOverdue,
    statuses: ['awaiting_decision'],
    afterDay: STATUTORY_RULES[DeadlineKind.DecisionToAssess].days!,
    needsOutstandingAdvice: false,
    description: 'No decision whether to assess after 6 weeks (the statutory limit has passed)',
  },
  { reason: RiskReason.AdviceOutstandingAfterWeek12, statuses: ['assessing'], afterDay: 84, needsOutstandingAdvice: true, description: 'Advice still outstanding after week 12 (6 weeks from a request made by week 6)' },
  { reason: RiskReason.NoDraftAfterWeek14, statuses: ['assessing', 'drafting'], afterDay: 98, needsOutstandingAdvice: false, description: 'No draft plan after week 14' },
  {
    reason: RiskReason.NoDecisionToIssueAfterWeek16,
    statuses: ['assessing'],
    afterDay: STATUTORY_RULES[DeadlineKind.NoPlanNotice].days!,
    needsOutstandingAdvice: false,
    description: 'No decision whether to issue a plan after 16 weeks (the no-plan notice warning date has passed)',
  },
  {
    reason: RiskReason.FinalPlanOverdue,
    statuses: ['awaiting_decision', 'assessing', 'drafting', 'draft_issued'],
    afterDay: STATUTORY_RULES[DeadlineKind.FinalPlan].days!,
    needsOutstandingAdvice: false,
    description: 'No final plan after 20 weeks (already missed)',
  },
];

export interface RiskFacts {
  status: string;
  requestReceivedOn: IsoDate;
  adviceOutstanding: boolean;
}

/** Why a case is projected to miss 20 weeks on `today` (empty: on track). */
export function riskReasons(facts: RiskFacts, today: IsoDate): RiskReason[] {
  return riskAssessor(today)(facts).reasons;
}

/** For SQL: a rule applies to requests received on or before this date (day > afterDay on `today`). */
export function riskRequestCutoff(rule: RiskRule, today: IsoDate): IsoDate {
  return addDays(today, -(rule.afterDay + 1));
}

export interface RiskView {
  reasons: RiskReason[];
  /** Whole weeks since the request. */
  week: number;
  /** The last day a final plan is within 20 weeks. */
  twentyWeekDate: IsoDate;
  /** Days from today to that date (negative: missed). */
  daysLeft: number;
}

/**
 * The risk of many cases on one day, cheaply: today's day number is computed once and each case costs one parse.
 * The one place the rules are applied (riskReasons reads it); the unit tests hold its dates to twentyWeekDate and
 * wholeWeeksBetween.
 */
export function riskAssessor(today: IsoDate): (facts: RiskFacts) => RiskView {
  const todayNumber = toDayNumber(today);
  const finalDays = STATUTORY_RULES[DeadlineKind.FinalPlan].days!;
  return (facts) => {
    const requested = toDayNumber(facts.requestReceivedOn);
    const day = todayNumber - requested;
    const reasons = RISK_RULES.filter((rule) => day > rule.afterDay && rule.statuses.includes(facts.status) && (!rule.needsOutstandingAdvice || facts.adviceOutstanding)).map((rule) => rule.reason);
    return { reasons, week: Math.floor(day / 7), twentyWeekDate: fromDayNumber(requested + finalDays), daysLeft: requested + finalDays - todayNumber };
  };
}
