import { addDays, daysBetween, formatLongDate, IsoDate, isAfter, isBefore, isOnOrBefore, maxDate, minDate, toDayNumber } from './dates';
import { AdviceExceptionGround, DeadlineKind, DeadlineStatus, ExceptionGround, LA_LIMITS_AFFECTED_BY_EXCEPTIONS, MINIMUM_EXCEPTION_DAYS, STATUTORY_RULES } from './rules';

/** An exception to the LA's limits as recorded on the assessment. */
export interface ExceptionFact {
  id: string;
  ground: ExceptionGround;
  startsOn: IsoDate;
  /** Null while it is still going on. */
  endsOn: IsoDate | null;
  /** The limits it made impractical; defaults to the three LA limits. */
  affects?: readonly DeadlineKind[];
}

/** An exception to one adviser's 6 weeks (Regs 8(2)). */
export interface AdviceExceptionFact {
  id: string;
  adviceRequestId: string;
  ground: AdviceExceptionGround;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

export interface AdviceRequestFact {
  id: string;
  requestedOn: IsoDate;
  receivedOn: IsoDate | null;
  cancelledOn?: IsoDate | null;
}

export interface AssessmentFacts {
  /** Day 0. */
  requestReceivedOn: IsoDate;
  decisionToAssess: { decision: 'assess' | 'refuse'; decidedOn: IsoDate } | null;
  adviceRequests: readonly AdviceRequestFact[];
  decisionToIssue: { decision: 'issue' | 'not_issue'; decidedOn: IsoDate } | null;
  draftIssuedOn: IsoDate | null;
  representationsReceivedOn: IsoDate | null;
  finalIssuedOn: IsoDate | null;
  withdrawnOn: IsoDate | null;
  exceptions: readonly ExceptionFact[];
  adviceExceptions?: readonly AdviceExceptionFact[];
}

export interface ComputedDeadline {
  /** Stable within the assessment: the kind, or `advice:<adviceRequestId>`. */
  key: string;
  kind: DeadlineKind;
  adviceRequestId: string | null;
  /** The day the period starts (day 0). */
  startsOn: IsoDate;
  /** The statutory due date. Exceptions never move it. */
  dueOn: IsoDate;
  regulation: string;
  statutory: boolean;
  status: DeadlineStatus;
  /** When the step was done (null while it is not, or will not be). */
  completedOn: IsoDate | null;
  /** The exceptions that made this limit impractical. */
  exceptionIds: string[];
  /** The due date pushed back by the exceptions' length: a planning aid, never the statutory date. */
  managementTargetOn: IsoDate | null;
  /** One sentence a family could read: where the date comes from. */
  explanation: string;
}

/** The status of a deadline on a day. A step done on the due date is on time. */
export function deadlineStatus(deadline: { dueOn: IsoDate; completedOn: IsoDate | null; notApplicable?: boolean }, today: IsoDate): DeadlineStatus {
  if (deadline.notApplicable) return DeadlineStatus.NotApplicable;
  if (deadline.completedOn !== null) return isOnOrBefore(deadline.completedOn, deadline.dueOn) ? DeadlineStatus.Met : DeadlineStatus.Late;
  return isAfter(today, deadline.dueOn) ? DeadlineStatus.Overdue : DeadlineStatus.Open;
}

/**
 * The first day the final plan may be issued after a draft served on `draftIssuedOn`: the day after the 15-day window
 * (D+15), or the day the representations were received if that is earlier (Regs 13(1)).
 */
export function earliestFinalPlanDate(draftIssuedOn: IsoDate, representationsReceivedOn: IsoDate | null): IsoDate {
  const windowOver = addDays(draftIssuedOn, STATUTORY_RULES[DeadlineKind.DraftRepresentations].days! + 1);
  return representationsReceivedOn ? minDate(windowOver, maxDate(representationsReceivedOn, draftIssuedOn)) : windowOver;
}

/** A problem with an exception's dates under the regulations, or null when it could count. */
export function exceptionPeriodProblem(exception: Pick<ExceptionFact, 'ground' | 'startsOn' | 'endsOn'>): string | null {
  if (exception.endsOn === null) return null;
  if (isBefore(exception.endsOn, exception.startsOn)) return 'endsOn is before startsOn';
  const minimum = MINIMUM_EXCEPTION_DAYS[exception.ground];
  const length = daysBetween(exception.startsOn, exception.endsOn) + 1;
  if (minimum !== undefined && length < minimum) {
    return `${exception.ground} counts only for a period of at least 4 continuous weeks (${minimum} days); this one is ${length} days (SEND Regulations 2014, regs 5(4), 10(4), 13(3))`;
  }
  return null;
}

interface Period {
  id: string;
  startsOn: IsoDate;
  endsOn: IsoDate | null;
}

/** The periods that overlap the step's window: from its start until it was done, or until its due date. */
function applyingPeriods<T extends Period>(periods: readonly T[], windowStart: IsoDate, dueOn: IsoDate, completedOn: IsoDate | null): T[] {
  const windowEnd = completedOn ? minDate(completedOn, dueOn) : dueOn;
  return periods.filter((p) => isOnOrBefore(p.startsOn, windowEnd) && (p.endsOn === null || !isBefore(p.endsOn, windowStart)));
}

/** Due date + the days covered by the union of the periods (from the window's start); null if one is open-ended. */
function managementTarget(periods: readonly Period[], windowStart: IsoDate, dueOn: IsoDate): IsoDate | null {
  if (periods.length === 0 || periods.some((p) => p.endsOn === null)) return null;
  const spans = periods
    .map((p) => [toDayNumber(maxDate(p.startsOn, windowStart)), toDayNumber(p.endsOn!)] as const)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let [start, end] = spans[0];
  for (const [s, e] of spans.slice(1)) {
    if (s <= end + 1) end = Math.max(end, e);
    else {
      covered += end - start + 1;
      [start, end] = [s, e];
    }
  }
  covered += end - start + 1;
  return addDays(dueOn, covered);
}

function explain(kind: DeadlineKind, startsOn: IsoDate, dueOn: IsoDate): string {
  const rule = STATUTORY_RULES[kind];
  const from = formatLongDate(startsOn);
  switch (kind) {
    case DeadlineKind.Advice:
      return `${rule.period} from the advice request made on ${from} (${rule.regulation}).`;
    case DeadlineKind.DraftRepresentations:
      return `At least 15 days beginning with the day the draft plan was issued, ${from}: the last day is ${formatLongDate(dueOn)} (${rule.regulation}).`;
    default:
      return `${rule.period[0].toUpperCase()}${rule.period.slice(1)} from the request received on ${from} (${rule.regulation}).`;
  }
}

function exceptionNote(target: IsoDate | null): string {
  return target
    ? ` An exception applies: the duty is now "as soon as practicable"; management target ${formatLongDate(target)}.`
    : ' An exception applies and has not ended: the duty is now "as soon as practicable".';
}

function build(
  kind: DeadlineKind,
  startsOn: IsoDate,
  completedOn: IsoDate | null,
  notApplicable: boolean,
  today: IsoDate,
  exceptions: readonly Period[],
  extra: { key?: string; adviceRequestId?: string; dueOn?: IsoDate } = {},
): ComputedDeadline {
  const rule = STATUTORY_RULES[kind];
  const dueOn = extra.dueOn ?? addDays(startsOn, rule.days!);
  const applying = notApplicable ? [] : applyingPeriods(exceptions, startsOn, dueOn, completedOn);
  const target = applying.length > 0 ? managementTarget(applying, startsOn, dueOn) : null;
  return {
    key: extra.key ?? kind,
    kind,
    adviceRequestId: extra.adviceRequestId ?? null,
    startsOn,
    dueOn,
    regulation: rule.regulation,
    statutory: rule.statutory,
    status: deadlineStatus({ dueOn, completedOn, notApplicable }, today),
    completedOn: notApplicable ? null : completedOn,
    exceptionIds: applying.map((p) => p.id),
    managementTargetOn: target,
    explanation: explain(kind, startsOn, dueOn) + (applying.length > 0 ? exceptionNote(target) : ''),
  };
}

function exceptionsFor(facts: AssessmentFacts, kind: DeadlineKind): ExceptionFact[] {
  return facts.exceptions.filter((e) => (e.affects ?? LA_LIMITS_AFFECTED_BY_EXCEPTIONS).includes(kind));
}

/** The day the assessment ended without a plan, or the plan was issued: after it, nothing else is owed. */
function endedOn(facts: AssessmentFacts): IsoDate | null {
  const ends = [
    facts.withdrawnOn,
    facts.decisionToAssess?.decision === 'refuse' ? facts.decisionToAssess.decidedOn : null,
    facts.decisionToIssue?.decision === 'not_issue' ? facts.decisionToIssue.decidedOn : null,
    facts.finalIssuedOn,
  ].filter((d): d is IsoDate => d != null); // tolerate undefined from callers that build facts loosely
  return ends.length > 0 ? minDate(ends[0], ...ends.slice(1)) : null;
}

/**
 * Every deadline of an EHC needs assessment as of `today` (SEND Regulations 2014, regs 5, 8, 10 and 13), computed
 * from its facts alone. The same facts always give the same deadlines.
 */
export function computeAssessmentDeadlines(facts: AssessmentFacts, today: IsoDate): ComputedDeadline[] {
  const day0 = facts.requestReceivedOn;
  const withdrawn = facts.withdrawnOn;
  const refused = facts.decisionToAssess?.decision === 'refuse';
  const notIssuing = facts.decisionToIssue?.decision === 'not_issue';
  const issuing = facts.decisionToIssue?.decision === 'issue' || facts.finalIssuedOn !== null;
  const ended = endedOn(facts);
  const deadlines: ComputedDeadline[] = [];

  // Decide whether to assess: 6 weeks (regs 4(1), 5(1)).
  const decidedOn = facts.decisionToAssess?.decidedOn ?? null;
  deadlines.push(build(DeadlineKind.DecisionToAssess, day0, decidedOn, decidedOn === null && withdrawn !== null, today, exceptionsFor(facts, DeadlineKind.DecisionToAssess)));

  // Each adviser's 6 weeks from the request (reg 8(1)), with the adviser's own exceptions (reg 8(2)).
  for (const request of facts.adviceRequests) {
    const stopped = request.cancelledOn ?? ended;
    const notApplicable = request.receivedOn === null && stopped !== null;
    const ownExceptions = (facts.adviceExceptions ?? []).filter((e) => e.adviceRequestId === request.id);
    deadlines.push(build(DeadlineKind.Advice, request.requestedOn, request.receivedOn, notApplicable, today, ownExceptions, { key: `advice:${request.id}`, adviceRequestId: request.id }));
  }

  // Notice of a decision not to issue: 16 weeks (reg 10(1)). Owed until the LA decides to issue or the case ends.
  const noPlanOn = notIssuing ? facts.decisionToIssue!.decidedOn : null;
  deadlines.push(build(DeadlineKind.NoPlanNotice, day0, noPlanOn, noPlanOn === null && (issuing || refused || withdrawn !== null), today, exceptionsFor(facts, DeadlineKind.NoPlanNotice)));

  // The parent's or young person's 15 days on the draft (reg 13(1)): their time, never "overdue" for the LA.
  if (facts.draftIssuedOn) {
    const dueOn = addDays(facts.draftIssuedOn, STATUTORY_RULES[DeadlineKind.DraftRepresentations].days!);
    const reps = facts.representationsReceivedOn;
    const windowOver = isAfter(today, dueOn) || facts.finalIssuedOn !== null;
    let completedOn: IsoDate | null = null;
    if (reps && isOnOrBefore(reps, dueOn)) completedOn = reps;
    else if (windowOver) completedOn = dueOn;
    const notApplicable = completedOn === null && withdrawn !== null;
    deadlines.push(build(DeadlineKind.DraftRepresentations, facts.draftIssuedOn, completedOn, notApplicable, today, [], { dueOn }));
  }

  // The final plan: 20 weeks (reg 13(2)). Not owed once the LA refuses, decides not to issue, or the request is withdrawn.
  const finalOn = facts.finalIssuedOn;
  deadlines.push(build(DeadlineKind.FinalPlan, day0, finalOn, finalOn === null && (refused || notIssuing || withdrawn !== null), today, exceptionsFor(facts, DeadlineKind.FinalPlan)));

  return deadlines;
}

/**
 * The DfE "20-week exceptions apply" flag (SEN2 `Week20`): an exception made the 20-week limit impractical, i.e. one
 * that affects the final plan and overlaps the 20 weeks before the plan was issued (or the whole 20 weeks).
 */
export function exceptionsApply(facts: AssessmentFacts): boolean {
  const day0 = facts.requestReceivedOn;
  const dueOn = addDays(day0, STATUTORY_RULES[DeadlineKind.FinalPlan].days!);
  return applyingPeriods(exceptionsFor(facts, DeadlineKind.FinalPlan), day0, dueOn, facts.finalIssuedOn).length > 0;
}
