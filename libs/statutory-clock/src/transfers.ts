import { ComputedDeadline, deadlineStatus } from './assessment-deadlines';
import { addDays, formatLongDate, IsoDate, maxDate } from './dates';
import { addWorkingDays, isWorkingDay } from './working-days';
import { DeadlineKind, isChasedWhenOverdue, STATUTORY_RULES } from './rules';
import { lastDayOfMonthsStartingWith, reviewDueOn } from './reviews';

/**
 * Plans moving between local authorities (SEND Regulations 2014, reg 15; statutory-rules.md section 9). Pure
 * functions over calendar dates. Working days skip weekends and bank holidays in England and Wales.
 */

export const TRANSFER_OUT_REGULATION = STATUTORY_RULES[DeadlineKind.TransferOut].regulation;
export const TRANSFER_NOTICE_REGULATION = STATUTORY_RULES[DeadlineKind.TransferReassessmentNotice].regulation;
export const TRANSFER_REVIEW_REGULATION = 'SEND Regulations 2014, reg 15(5)';
/** An assessment in progress does not transfer: the new LA decides within 6 weeks of becoming responsible. */
export const TRANSFERRED_ASSESSMENT_REGULATION = 'SEND Regulations 2014, reg 5(1)(b); reg 15(3)(b) style reuse of the old LA\u2019s advice';
/** A change of health commissioning body: the new body is asked to review the health provision (its time limit: verify). */
export const HEALTH_BODY_CHANGE_REGULATION = 'SEND Regulations 2014, reg 16 (time limit: verify)';

/** The last of the 15 working days beginning with `day` (the day itself counts when it is a working day). */
export function lastOfWorkingDaysBeginningWith(day: IsoDate, count: number): IsoDate {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a whole number of days of at least 1, not ${count}`);
  return isWorkingDay(day) ? addWorkingDays(day, count - 1) : addWorkingDays(day, count);
}

/**
 * When the old LA must transfer the plan (Regs 15(2)): on the day of the move where it knew of the move at least 15
 * working days before it; otherwise within 15 working days beginning with the day it learned of it. Both cases are
 * the later of the move and the last of those 15 working days: known early, the 15 working days end before the move.
 */
export function transferOutDueOn(movesOn: IsoDate, learnedOn: IsoDate): IsoDate {
  return maxDate(movesOn, lastOfWorkingDaysBeginningWith(learnedOn, STATUTORY_RULES[DeadlineKind.TransferOut].days!));
}

/** Within 6 weeks of the transfer the new LA tells the family it has the plan, whether it will assess, when it will review (Regs 15(4)). */
export function transferNoticeDueOn(transferredOn: IsoDate): IsoDate {
  return addDays(transferredOn, STATUTORY_RULES[DeadlineKind.TransferReassessmentNotice].days!);
}

/**
 * The new LA reviews the plan before the later of the 12 months beginning with the day it was made or last reviewed
 * and the 3 months beginning with the transfer (Regs 15(5)): the last day of whichever period ends later.
 */
export function transferReviewDueOn(madeOrLastReviewedOn: IsoDate, transferredOn: IsoDate): IsoDate {
  return maxDate(reviewDueOn(madeOrLastReviewedOn), lastDayOfMonthsStartingWith(transferredOn, 3));
}

/** The new LA's decision on an assessment it inherited in progress: 6 weeks from becoming responsible (Regs 5(1)(b)). */
export function transferredAssessmentDecisionDueOn(responsibleFrom: IsoDate): IsoDate {
  return addDays(responsibleFrom, STATUTORY_RULES[DeadlineKind.DecisionToAssess].days!);
}

export interface TransferOutFacts {
  movesOn: IsoDate;
  learnedOn: IsoDate;
  /** The day the package went to the new LA (the duty is done), or null. */
  sentOn: IsoDate | null;
  /** The move did not happen (the transfer was cancelled): the duty falls away. */
  cancelledOn: IsoDate | null;
}

export function computeTransferOutDeadlines(facts: TransferOutFacts, today: IsoDate): ComputedDeadline[] {
  const dueOn = transferOutDueOn(facts.movesOn, facts.learnedOn);
  const notApplicable = facts.sentOn === null && facts.cancelledOn !== null;
  const early = dueOn === facts.movesOn;
  return [
    boundaryDeadline(DeadlineKind.TransferOut, facts.learnedOn, dueOn, facts.sentOn, notApplicable, today, early
      ? `Known at least 15 working days ahead, the plan must be transferred on the day of the move, ${formatLongDate(dueOn)} (${TRANSFER_OUT_REGULATION}).`
      : `Learned of on ${formatLongDate(facts.learnedOn)}, the move calls for the plan to be transferred within 15 working days: by ${formatLongDate(dueOn)} (${TRANSFER_OUT_REGULATION}).`),
  ];
}

export interface TransferInFacts {
  transferredOn: IsoDate;
  /** The day the family was told (Regs 15(4)), or null. */
  noticeSentOn: IsoDate | null;
  /** The plan stopped being maintained here. */
  endedOn: IsoDate | null;
}

export function computeTransferInDeadlines(facts: TransferInFacts, today: IsoDate): ComputedDeadline[] {
  const dueOn = transferNoticeDueOn(facts.transferredOn);
  return [
    boundaryDeadline(DeadlineKind.TransferReassessmentNotice, facts.transferredOn, dueOn, facts.noticeSentOn, facts.noticeSentOn === null && facts.endedOn !== null, today,
      `Within 6 weeks of the transfer on ${formatLongDate(facts.transferredOn)} the family must be told the plan was transferred, whether it will be re-assessed and when it will be reviewed: by ${formatLongDate(dueOn)} (${TRANSFER_NOTICE_REGULATION}).`),
  ];
}

/** A deadline of the boundary rules (transfers, re-assessment) as the other computations shape it. */
export function boundaryDeadline(kind: DeadlineKind, startsOn: IsoDate, dueOn: IsoDate, completedOn: IsoDate | null, notApplicable: boolean, today: IsoDate, explanation: string, extra: { managementTargetOn?: IsoDate | null; exceptionIds?: string[] } = {}): ComputedDeadline {
  const rule = STATUTORY_RULES[kind];
  const chasedWhenOverdue = isChasedWhenOverdue(kind);
  return {
    key: kind,
    kind,
    adviceRequestId: null,
    startsOn,
    dueOn,
    regulation: rule.regulation,
    statutory: rule.statutory,
    status: deadlineStatus({ dueOn, completedOn, notApplicable, neverOverdue: !chasedWhenOverdue }, today),
    completedOn: notApplicable ? null : completedOn,
    exceptionIds: extra.exceptionIds ?? [],
    managementTargetOn: extra.managementTargetOn ?? null,
    explanation,
    chasedWhenOverdue,
    warning: false,
  };
}
