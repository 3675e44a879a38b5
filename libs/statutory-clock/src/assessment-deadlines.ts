import { addDays, daysBetween, formatLongDate, IsoDate, isAfter, isBefore, isOnOrBefore, maxDate, minDate, toDayNumber } from './dates';
import {
  ADVICE_DUTY_REGULATION,
  ADVICE_EXPECTATION_REGULATION,
  AdviceBinding,
  AdviceExceptionGround,
  CLOSURE_GROUNDS,
  DeadlineKind,
  DeadlineStatus,
  ExceptionGround,
  isChasedWhenOverdue,
  LA_LIMITS_AFFECTED_BY_EXCEPTIONS,
  MINIMUM_EXCEPTION_DAYS,
  STATUTORY_RULES,
  StatutoryRule,
} from './rules';
import { RULE_BOOK, RuleBook } from './rule-book';

/**
 * What grounds (a) and (b) need (Regs 5(4)(a)-(b), 10(4)(a)-(b), 13(3)(a)-(b)): the LA's request for educational
 * advice to the school or early-years provider, made from one week before it closed for at least 4 continuous weeks
 * until one week before it re-opened. A holiday alone is never an exception.
 */
export interface ClosureFacts {
  /** The day the LA asked that school or provider for educational advice (Regs 6(1)(b)). */
  adviceRequestedOn: IsoDate;
  /** What was asked: the API's advice discipline; only educational advice counts. */
  adviceDiscipline?: string;
  /** The first day it was closed. */
  closureStartsOn: IsoDate;
  /** The day it re-opened (the closure is closureStartsOn .. reopensOn - 1). */
  reopensOn: IsoDate;
}

/** An exception to the LA's limits as recorded on the assessment. */
export interface ExceptionFact {
  id: string;
  ground: ExceptionGround;
  startsOn: IsoDate;
  /** Null while it is still going on. */
  endsOn: IsoDate | null;
  /** The limits it made impractical; defaults to the three LA limits. */
  affects?: readonly DeadlineKind[];
  /** Grounds (a) and (b): the advice request and the closure that qualify it (see closureExceptionProblem). */
  closure?: ClosureFacts | null;
  /** Recorded under the old rule (any 4-week closure overlapping the step): it keeps its effect, listed for review. */
  underOldRule?: boolean;
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
  /** Who the 6 weeks binds (adviceBinding); a duty unless said otherwise. `none`: the family's own advice, no deadline. */
  binding?: AdviceBinding;
}

/** A school or institution the family asked for, consulted before it is named (CFA s39, CoP 9.83). */
export interface SchoolConsultationFact {
  id: string;
  consultedOn: IsoDate;
  respondedOn: IsoDate | null;
}

export interface AssessmentFacts {
  /** Day 0. */
  requestReceivedOn: IsoDate;
  /** `notifiedOn`: the day the family was told (the limit runs to it); the decision date when not recorded. */
  decisionToAssess: { decision: 'assess' | 'refuse'; decidedOn: IsoDate; notifiedOn?: IsoDate | null } | null;
  adviceRequests: readonly AdviceRequestFact[];
  decisionToIssue: { decision: 'issue' | 'not_issue'; decidedOn: IsoDate; notifiedOn?: IsoDate | null } | null;
  draftIssuedOn: IsoDate | null;
  /** The day the draft was served on the family (later than issued when sent by post); the 15 days begin with it. */
  draftServedOn?: IsoDate | null;
  representationsReceivedOn: IsoDate | null;
  finalIssuedOn: IsoDate | null;
  /** The day the final plan was sent to the family, the school and the health body (Regs 13(2), 14); issue date if unset. */
  finalNotifiedOn?: IsoDate | null;
  schoolConsultations?: readonly SchoolConsultationFact[];
  withdrawnOn: IsoDate | null;
  exceptions: readonly ExceptionFact[];
  adviceExceptions?: readonly AdviceExceptionFact[];
  /**
   * A Tribunal order (or the LA's concession) that reopened this assessment after a refusal to assess (`assess`) or a
   * decision not to issue (`make_plan`): the case keeps its day 0 and its history, the refusal or the decision not to
   * issue stays recorded, and the limits from then on are the order's (Regs 44, 45), kept on the appeal.
   */
  reopenedByOrder?: { kind: 'assess' | 'make_plan'; orderedOn: IsoDate } | null;
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
  /**
   * Whether an overdue reminder chases it: false for the family's 15 days, a school's consultation answer, and the
   * no-plan notice (a warning date on an open case, never overdue).
   */
  chasedWhenOverdue: boolean;
  /** A warning date, not a duty while the case is open (the no-plan notice, Regs 10(1)). */
  warning: boolean;
}

/** The status of a deadline on a day. A step done on the due date is on time. */
export function deadlineStatus(deadline: { dueOn: IsoDate; completedOn: IsoDate | null; notApplicable?: boolean; neverOverdue?: boolean }, today: IsoDate): DeadlineStatus {
  if (deadline.notApplicable) return DeadlineStatus.NotApplicable;
  if (deadline.completedOn !== null) return isOnOrBefore(deadline.completedOn, deadline.dueOn) ? DeadlineStatus.Met : DeadlineStatus.Late;
  if (deadline.neverOverdue) return DeadlineStatus.Open;
  return isAfter(today, deadline.dueOn) ? DeadlineStatus.Overdue : DeadlineStatus.Open;
}

/**
 * Why a closure does not qualify for grounds (a)/(b), or null when it does: educational advice (when the discipline
 * is known), a closure of at least 4 continuous weeks (28 days), and the request made in the window from one week
 * before the closure began to one week before the re-opening, both days included.
 */
export function closureExceptionProblem(closure: ClosureFacts): string | null {
  const { adviceRequestedOn, closureStartsOn, reopensOn } = closure;
  if (closure.adviceDiscipline !== undefined && closure.adviceDiscipline !== 'education') {
    return `grounds (a) and (b) need the LA's request for educational advice (SEND Regulations 2014, reg 6(1)(b)) to the closed school or provider; this request is for ${closure.adviceDiscipline} advice`;
  }
  if (!isAfter(reopensOn, closureStartsOn)) return 'reopensOn must be after closureStartsOn';
  const closedDays = daysBetween(closureStartsOn, reopensOn);
  if (closedDays < 28) return `the school or provider must have been closed for at least 4 continuous weeks (28 days); this closure is ${closedDays} days`;
  const windowStart = addDays(closureStartsOn, -7);
  const windowEnd = addDays(reopensOn, -7);
  if (isBefore(adviceRequestedOn, windowStart) || isAfter(adviceRequestedOn, windowEnd)) {
    return `the request for advice (${adviceRequestedOn}) was not made between one week before the closure (${windowStart}) and one week before the re-opening (${windowEnd}); a holiday alone is never an exception`;
  }
  return null;
}

/** The period a closure exception covers: the days the school or provider was closed. */
export function closurePeriod(closure: Pick<ClosureFacts, 'closureStartsOn' | 'reopensOn'>): { startsOn: IsoDate; endsOn: IsoDate } {
  return { startsOn: closure.closureStartsOn, endsOn: addDays(closure.reopensOn, -1) };
}

/**
 * Whether a recorded exception can excuse anything: a closure ground only with its qualifying advice request (or when
 * recorded under the old rule, kept for review); the other grounds always (their dates were checked when recorded).
 */
export function exceptionQualifies(exception: Pick<ExceptionFact, 'ground' | 'closure' | 'underOldRule'>): boolean {
  if (!CLOSURE_GROUNDS.includes(exception.ground)) return true;
  if (exception.underOldRule) return true;
  return exception.closure != null && closureExceptionProblem(exception.closure) === null;
}

/**
 * The first day the final plan may be issued after a draft served on `draftIssuedOn`: the day after the 15-day window
 * (D+15), or the day the representations were received if that is earlier (Regs 13(1)).
 */
export function earliestFinalPlanDate(draftIssuedOn: IsoDate, representationsReceivedOn: IsoDate | null, draftServedOn: IsoDate | null = null): IsoDate {
  const served = draftServedOn ?? draftIssuedOn;
  const windowOver = addDays(served, STATUTORY_RULES[DeadlineKind.DraftRepresentations].days! + 1);
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

function explain(rule: StatutoryRule, startsOn: IsoDate, dueOn: IsoDate, regulation: string, statutory: boolean): string {
  const kind = rule.kind;
  const from = formatLongDate(startsOn);
  switch (kind) {
    case DeadlineKind.Advice:
      return statutory
        ? `${rule.period} from the advice request made on ${from}: a duty on a body asked to co-operate (${regulation}).`
        : `${rule.period} from the advice request made on ${from}: the Code's expectation of a school or the LA's own service, not a legal duty (${regulation}).`;
    case DeadlineKind.DraftRepresentations:
      return `At least 15 days beginning with the day the draft plan was served, ${from}: the last day is ${formatLongDate(dueOn)} (${rule.regulation}).`;
    case DeadlineKind.NoPlanNotice:
      return `16 weeks from the request received on ${from} (${rule.regulation}): it binds only a decision not to issue a plan; while the case is open it is a warning date, not an overdue duty.`;
    case DeadlineKind.SchoolConsultation:
      return `The school consulted on ${from} should answer within 15 days (guidance, ${rule.regulation}).`;
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
  extra: { key?: string; adviceRequestId?: string; dueOn?: IsoDate; regulation?: string; statutory?: boolean; warning?: boolean } = {},
  rules: RuleBook = RULE_BOOK,
): ComputedDeadline {
  // The rule in force on the day the period starts: a later change in the law never rewrites this deadline.
  const rule = rules.ruleOn(kind, startsOn);
  const dueOn = extra.dueOn ?? addDays(startsOn, rule.days!);
  const regulation = extra.regulation ?? rule.regulation;
  const statutory = extra.statutory ?? rule.statutory;
  const warning = extra.warning ?? false;
  const chasedWhenOverdue = isChasedWhenOverdue(kind);
  const applying = notApplicable ? [] : applyingPeriods(exceptions, startsOn, dueOn, completedOn);
  const target = applying.length > 0 ? managementTarget(applying, startsOn, dueOn) : null;
  return {
    key: extra.key ?? kind,
    kind,
    adviceRequestId: extra.adviceRequestId ?? null,
    startsOn,
    dueOn,
    regulation,
    statutory,
    status: deadlineStatus({ dueOn, completedOn, notApplicable, neverOverdue: warning }, today),
    completedOn: notApplicable ? null : completedOn,
    exceptionIds: applying.map((p) => p.id),
    managementTargetOn: target,
    explanation: explain(rule, startsOn, dueOn, regulation, statutory) + (applying.length > 0 ? exceptionNote(target) : ''),
    chasedWhenOverdue,
    warning,
  };
}

/** The period an exception covers: a qualifying closure's own days, or the recorded dates. */
function periodOf(exception: ExceptionFact): Period {
  if (exception.closure && CLOSURE_GROUNDS.includes(exception.ground)) return { id: exception.id, ...closurePeriod(exception.closure) };
  return { id: exception.id, startsOn: exception.startsOn, endsOn: exception.endsOn };
}

/** The exceptions that can excuse a limit: naming it, and qualifying (closure grounds need their advice request). */
function exceptionsFor(facts: AssessmentFacts, kind: DeadlineKind): Period[] {
  // A refusal to assess has no exception (Regs 4(1)/5(1)): Regs 5(4) excuses only the notice that the LA will assess.
  if (kind === DeadlineKind.DecisionToAssess && facts.decisionToAssess?.decision === 'refuse') return [];
  return facts.exceptions.filter((e) => (e.affects ?? LA_LIMITS_AFFECTED_BY_EXCEPTIONS).includes(kind) && exceptionQualifies(e)).map(periodOf);
}

/** The day the assessment ended without a plan, or the plan was issued: after it, nothing else is owed. */
function endedOn(facts: AssessmentFacts): IsoDate | null {
  const reopened = facts.reopenedByOrder != null;
  const ends = [
    facts.withdrawnOn,
    facts.decisionToAssess?.decision === 'refuse' && !reopened ? facts.decisionToAssess.decidedOn : null,
    facts.decisionToIssue?.decision === 'not_issue' && !reopened ? facts.decisionToIssue.decidedOn : null,
    facts.finalIssuedOn,
  ].filter((d): d is IsoDate => d != null); // tolerate undefined from callers that build facts loosely
  return ends.length > 0 ? minDate(ends[0], ...ends.slice(1)) : null;
}

/**
 * Every deadline of an EHC needs assessment as of `today` (SEND Regulations 2014, regs 5, 8, 10 and 13), computed
 * from its facts alone. The same facts always give the same deadlines.
 */
export function computeAssessmentDeadlines(facts: AssessmentFacts, today: IsoDate, rules: RuleBook = RULE_BOOK): ComputedDeadline[] {
  const day0 = facts.requestReceivedOn;
  const withdrawn = facts.withdrawnOn;
  const refused = facts.decisionToAssess?.decision === 'refuse';
  const notIssuing = facts.decisionToIssue?.decision === 'not_issue';
  const issuing = facts.decisionToIssue?.decision === 'issue' || facts.finalIssuedOn !== null;
  const ended = endedOn(facts);
  // After an order the no-plan notice and the final plan run from the order, on the appeal (Regs 44(2), 45): the
  // assessment's own 16 and 20 weeks stay as they were (never owed after the refusal; met by the no-plan notice).
  const reopened = facts.reopenedByOrder ?? null;
  const deadlines: ComputedDeadline[] = [];

  // Decide whether to assess: 6 weeks (regs 4(1), 5(1)), met by the day the family is notified.
  const decisionNotifiedOn = facts.decisionToAssess ? (facts.decisionToAssess.notifiedOn ?? facts.decisionToAssess.decidedOn) : null;
  deadlines.push(build(DeadlineKind.DecisionToAssess, day0, decisionNotifiedOn, decisionNotifiedOn === null && withdrawn !== null, today, exceptionsFor(facts, DeadlineKind.DecisionToAssess), {}, rules));

  // Each adviser's 6 weeks from the request (reg 8(1)), with the adviser's own exceptions (reg 8(2)). A duty only on
  // s31 co-operating bodies; for schools and the LA's services the Code's expectation (CoP 9.52). The family's own
  // advice (reg 6(1)(a)) has no deadline at all.
  for (const request of facts.adviceRequests) {
    const binding = request.binding ?? AdviceBinding.Duty;
    if (binding === AdviceBinding.None) continue;
    const stopped = request.cancelledOn ?? ended;
    const notApplicable = request.receivedOn === null && stopped !== null;
    const ownExceptions = (facts.adviceExceptions ?? []).filter((e) => e.adviceRequestId === request.id);
    const duty = binding === AdviceBinding.Duty;
    deadlines.push(
      build(DeadlineKind.Advice, request.requestedOn, request.receivedOn, notApplicable, today, ownExceptions, {
        key: `advice:${request.id}`,
        adviceRequestId: request.id,
        regulation: duty ? ADVICE_DUTY_REGULATION : ADVICE_EXPECTATION_REGULATION,
        statutory: duty,
      }, rules),
    );
  }

  // Notice of a decision not to issue: 16 weeks (reg 10(1)). It binds only a decision not to issue: while the case is
  // open its date is a warning, never overdue; a late decision not to issue is late. Not applicable once the LA
  // decides to issue or the case ends another way.
  const noPlanOn = notIssuing && reopened?.kind !== 'assess' ? (facts.decisionToIssue!.notifiedOn ?? facts.decisionToIssue!.decidedOn) : null;
  deadlines.push(build(DeadlineKind.NoPlanNotice, day0, noPlanOn, noPlanOn === null && (issuing || refused || withdrawn !== null), today, exceptionsFor(facts, DeadlineKind.NoPlanNotice), { warning: noPlanOn === null }, rules));

  // The parent's or young person's 15 days on the draft (reg 13(1)), beginning with the day it was served: their
  // time, never "overdue" for the LA.
  if (facts.draftIssuedOn) {
    const servedOn = facts.draftServedOn ?? facts.draftIssuedOn;
    const dueOn = addDays(servedOn, rules.ruleOn(DeadlineKind.DraftRepresentations, servedOn).days!);
    const reps = facts.representationsReceivedOn;
    const windowOver = isAfter(today, dueOn) || facts.finalIssuedOn !== null;
    let completedOn: IsoDate | null = null;
    if (reps && isOnOrBefore(reps, dueOn)) completedOn = reps;
    else if (windowOver) completedOn = dueOn;
    const notApplicable = completedOn === null && withdrawn !== null;
    deadlines.push(build(DeadlineKind.DraftRepresentations, servedOn, completedOn, notApplicable, today, [], { dueOn }, rules));
  }

  // Each school the family asked for: guidance, it should answer within 15 days of being consulted (CFA s39, CoP 9.83).
  for (const consultation of facts.schoolConsultations ?? []) {
    const notApplicable = consultation.respondedOn === null && ended !== null;
    deadlines.push(build(DeadlineKind.SchoolConsultation, consultation.consultedOn, consultation.respondedOn, notApplicable, today, [], { key: `consultation:${consultation.id}` }, rules));
  }

  // The final plan: 20 weeks (reg 13(2)), met by the day it is sent to the family, school and health body. Not owed
  // once the LA refuses, decides not to issue, or the request is withdrawn.
  const finalOn = reopened ? null : finalDoneOn(facts);
  deadlines.push(build(DeadlineKind.FinalPlan, day0, finalOn, finalOn === null && (refused || notIssuing || withdrawn !== null), today, exceptionsFor(facts, DeadlineKind.FinalPlan), {}, rules));

  return deadlines;
}

/** The day the final-plan limit was met: the plan sent (notified), or issued when no notification date is recorded. */
export function finalDoneOn(facts: Pick<AssessmentFacts, 'finalIssuedOn' | 'finalNotifiedOn'>): IsoDate | null {
  return facts.finalIssuedOn === null ? null : (facts.finalNotifiedOn ?? facts.finalIssuedOn);
}

/**
 * The DfE "20-week exceptions apply" flag (SEN2 `Week20`): an exception made the 20-week limit impractical, i.e. one
 * that affects the final plan and overlaps the 20 weeks before the plan was issued (or the whole 20 weeks).
 */
export function exceptionsApply(facts: AssessmentFacts, rules: RuleBook = RULE_BOOK): boolean {
  // A refused request never had a 20-week limit to excuse (and nothing excuses the refusal itself, Regs 4(1)/5(1)).
  if (facts.decisionToAssess?.decision === 'refuse') return false;
  const day0 = facts.requestReceivedOn;
  const dueOn = addDays(day0, rules.ruleOn(DeadlineKind.FinalPlan, day0).days!);
  return applyingPeriods(exceptionsFor(facts, DeadlineKind.FinalPlan), day0, dueOn, finalDoneOn(facts)).length > 0;
}
