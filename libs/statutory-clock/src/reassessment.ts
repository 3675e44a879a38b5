import { ComputedDeadline } from './assessment-deadlines';
import { addDays, addMonths, daysBetween, formatLongDate, IsoDate, isBefore } from './dates';
import { DeadlineKind, ExceptionGround, MINIMUM_EXCEPTION_DAYS, STATUTORY_RULES } from './rules';
import { boundaryDeadline } from './transfers';

/**
 * Re-assessment of an existing plan (CFA s44(2)-(3); SEND Regulations 2014, regs 23-27; statutory-rules.md section 9).
 */

export const REASSESSMENT_DECISION_REGULATION = STATUTORY_RULES[DeadlineKind.ReassessmentDecision].regulation;
export const REASSESSMENT_OUTCOME_REGULATION = STATUTORY_RULES[DeadlineKind.ReassessmentOutcome].regulation;
/** The LA need not re-assess within 6 months of the last assessment unless it thinks it necessary. */
export const REASSESSMENT_SIX_MONTH_REGULATION = 'SEND Regulations 2014, reg 24';
export const REASSESSMENT_EXCEPTIONS_REGULATION = 'SEND Regulations 2014, reg 27(3)';
export const REASSESSMENT_SIX_MONTHS = 6;

/** Who may ask for a re-assessment (CFA s44(2)): the parent, the young person, or the institution attended. */
export type ReassessmentRequester = 'parent' | 'young_person' | 'institution';

/** Whether the request comes within 6 months of the last assessment (Regs 24: the LA may then refuse on that ground). */
export function withinSixMonthsOfLastAssessment(lastAssessedOn: IsoDate, requestReceivedOn: IsoDate): boolean {
  return isBefore(requestReceivedOn, addMonths(lastAssessedOn, REASSESSMENT_SIX_MONTHS));
}

/** The day the decision on a request is due (Regs 25(1); the 15 days are marked (verify) in statutory-rules.md). */
export function reassessmentDecisionDueOn(receivedOn: IsoDate): IsoDate {
  return addDays(receivedOn, STATUTORY_RULES[DeadlineKind.ReassessmentDecision].days!);
}

/** The amended or replacement plan (or a notice not to amend) within 14 weeks of notifying the decision to re-assess (Regs 27(2)). */
export function reassessmentOutcomeDueOn(decisionNotifiedOn: IsoDate): IsoDate {
  return addDays(decisionNotifiedOn, STATUTORY_RULES[DeadlineKind.ReassessmentOutcome].days!);
}

/** A Regs 27(3) exception: the same grounds as the first assessment's (closures, personal circumstances, absence). */
export interface ReassessmentExceptionFact {
  id: string;
  ground: ExceptionGround;
  startsOn: IsoDate;
  endsOn: IsoDate;
}

/** Why an exception does not qualify (its period, the 4 weeks some grounds need), or null. */
export function reassessmentExceptionProblem(exception: Pick<ReassessmentExceptionFact, 'ground' | 'startsOn' | 'endsOn'>): string | null {
  if (isBefore(exception.endsOn, exception.startsOn)) return 'endsOn must be on or after startsOn';
  const minimum = MINIMUM_EXCEPTION_DAYS[exception.ground];
  const days = daysBetween(exception.startsOn, exception.endsOn) + 1;
  if (minimum && days < minimum) return `this ground needs at least 4 continuous weeks (${minimum} days); the period given is ${days} days (${REASSESSMENT_EXCEPTIONS_REGULATION})`;
  return null;
}

export type ReassessmentOutcomeKind = 'amended_plan' | 'replacement_plan' | 'notice_not_to_amend';

export interface ReassessmentFacts {
  receivedOn: IsoDate;
  decision: { decision: 'reassess' | 'refuse'; notifiedOn: IsoDate } | null;
  outcome: { kind: ReassessmentOutcomeKind; on: IsoDate } | null;
  exceptions: readonly ReassessmentExceptionFact[];
  /** The plan stopped being maintained (ceased or transferred away): open duties become not applicable. */
  endedOn: IsoDate | null;
}

/**
 * A request's deadlines: the decision (Regs 25(1)), then on `reassess` the outcome within 14 weeks (Regs 27(2)). A
 * Regs 27(3) exception never moves the statutory date; it sets a management target pushed back by its length.
 */
export function computeReassessmentDeadlines(facts: ReassessmentFacts, today: IsoDate): ComputedDeadline[] {
  const decisionDueOn = reassessmentDecisionDueOn(facts.receivedOn);
  const decidedOn = facts.decision?.notifiedOn ?? null;
  const deadlines = [
    boundaryDeadline(DeadlineKind.ReassessmentDecision, facts.receivedOn, decisionDueOn, decidedOn, decidedOn === null && facts.endedOn !== null, today,
      `The decision on the request to re-assess received on ${formatLongDate(facts.receivedOn)} must be notified by ${formatLongDate(decisionDueOn)} (${REASSESSMENT_DECISION_REGULATION}).`),
  ];
  if (facts.decision?.decision !== 'reassess') return deadlines;
  const noticeOn = facts.decision.notifiedOn;
  const dueOn = reassessmentOutcomeDueOn(noticeOn);
  const excepted = facts.exceptions.filter((e) => reassessmentExceptionProblem(e) === null);
  const extraDays = excepted.reduce((sum, e) => sum + daysBetween(e.startsOn, e.endsOn) + 1, 0);
  const doneOn = facts.outcome?.on ?? null;
  deadlines.push(
    boundaryDeadline(DeadlineKind.ReassessmentOutcome, noticeOn, dueOn, doneOn, doneOn === null && facts.endedOn !== null, today,
      `After the decision to re-assess notified on ${formatLongDate(noticeOn)}, the amended or replacement plan (or a notice not to amend) must be issued within 14 weeks: by ${formatLongDate(dueOn)} (${REASSESSMENT_OUTCOME_REGULATION}).`,
      { exceptionIds: excepted.map((e) => e.id), managementTargetOn: extraDays > 0 ? addDays(dueOn, extraDays) : null }),
  );
  return deadlines;
}
