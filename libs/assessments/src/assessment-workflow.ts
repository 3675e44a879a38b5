import { ClosureFacts, closureExceptionProblem, earliestFinalPlanDate, ExceptionGround, exceptionPeriodProblem, isAfter, isBefore, IsoDate } from '@app/statutory-clock';
import { ClosureExceptionNotQualifiedError, DateBeforePreviousStepError, DateInFutureError, ExceptionEndsBeforeStartError, ExceptionPeriodTooShortError, InsideRepresentationsWindowError, InvalidTransitionError, RepresentationsAlreadyRecordedError, SchoolNotConsultedError } from './assessments.errors';
import { AssessmentStatus, OPEN_STATUSES, WithdrawalReason } from './entities/assessment.entity';

/** The facts of an assessment that its workflow reads and writes. */
export interface AssessmentSnapshot {
  status: AssessmentStatus;
  requestReceivedOn: IsoDate;
  decisionToAssess: 'assess' | 'refuse' | null;
  decisionToAssessOn: IsoDate | null;
  decisionToAssessNotifiedOn?: IsoDate | null;
  decisionToIssue: 'issue' | 'not_issue' | null;
  decisionToIssueOn: IsoDate | null;
  decisionToIssueNotifiedOn?: IsoDate | null;
  draftIssuedOn: IsoDate | null;
  draftServedOn?: IsoDate | null;
  representationsReceivedOn: IsoDate | null;
  representationsMeetingRequested?: boolean | null;
  representationsSchoolRequested?: string | null;
  finalIssuedOn: IsoDate | null;
  finalNotifiedOn?: IsoDate | null;
  withdrawnOn: IsoDate | null;
  withdrawalReason: WithdrawalReason | null;
  reopenedByOrder?: 'assess' | 'make_plan' | null;
  reopenedOn?: IsoDate | null;
  reopenedAppealId?: string | null;
}

/** `notifiedOn` / `servedOn`: when the family was told or served, where it differs from the decision or issue date. */
export type AssessmentCommand =
  | { type: 'decide_to_assess'; decision: 'assess' | 'refuse'; decidedOn: IsoDate; notifiedOn?: IsoDate }
  | { type: 'decide_to_issue'; decision: 'issue' | 'not_issue'; decidedOn: IsoDate; notifiedOn?: IsoDate }
  /** `overrideReason` / `confirmOutstandingAdvice`: drafting without the Regs 6(1)(a)-(e) advice sought, or with advice outstanding (draft-advice.ts). */
  | { type: 'issue_draft'; issuedOn: IsoDate; servedOn?: IsoDate; overrideReason?: string; confirmOutstandingAdvice?: boolean }
  | { type: 'record_representations'; receivedOn: IsoDate; meetingRequested?: boolean; schoolRequested?: string }
  | { type: 'issue_final'; issuedOn: IsoDate; notifiedOn?: IsoDate; overrideReason?: string }
  | { type: 'withdraw'; withdrawnOn: IsoDate; reason: WithdrawalReason }
  /** A Tribunal order or the LA's concession (Regs 44, 45): reopens the same case; only the appeals context sends it. */
  | { type: 'reopen_by_order'; order: 'assess' | 'make_plan'; orderedOn: IsoDate; appealId: string };

/** Where each step may be taken from, and the rule that says so (quoted in the 409). */
const STEPS: Record<AssessmentCommand['type'], { label: string; from: readonly AssessmentStatus[]; rule: string }> = {
  decide_to_assess: { label: 'decision to assess', from: [AssessmentStatus.AwaitingDecision], rule: 'The LA decides once whether to assess (SEND Regulations 2014, reg 4-5).' },
  decide_to_issue: { label: 'decision to issue', from: [AssessmentStatus.Assessing], rule: 'The decision whether to issue a plan follows the assessment (CFA 2014 s36(8), SEND Regulations 2014, reg 10).' },
  issue_draft: { label: 'draft plan', from: [AssessmentStatus.Drafting], rule: 'A draft plan follows the decision to issue one (CFA 2014 s38).' },
  record_representations: { label: 'representations', from: [AssessmentStatus.DraftIssued], rule: 'Representations respond to a draft plan (SEND Regulations 2014, reg 13(1)).' },
  issue_final: { label: 'final plan', from: [AssessmentStatus.DraftIssued], rule: 'The final plan follows the draft and the parent’s or young person’s time to respond (SEND Regulations 2014, reg 13).' },
  withdraw: { label: 'withdrawal', from: OPEN_STATUSES, rule: 'Only an open assessment can be withdrawn.' },
  reopen_by_order: {
    label: 'reopening by a Tribunal order',
    from: [AssessmentStatus.Refused, AssessmentStatus.NotIssuing],
    rule: 'An order to assess reopens a refused case; an order to make a plan reopens a case the LA decided not to issue (SEND Regulations 2014, regs 44 and 45).',
  },
};

/** Which status an order may reopen, and where it takes the case. */
const REOPENS: Record<'assess' | 'make_plan', { from: AssessmentStatus; to: AssessmentStatus; rule: string }> = {
  assess: { from: AssessmentStatus.Refused, to: AssessmentStatus.Assessing, rule: 'An order to assess reopens a case the LA refused to assess (SEND Regulations 2014, reg 44(2)).' },
  make_plan: { from: AssessmentStatus.NotIssuing, to: AssessmentStatus.Drafting, rule: 'An order to make and maintain a plan reopens a case the LA decided not to issue a plan for (SEND Regulations 2014, reg 44(2)).' },
};

export function isOpen(status: AssessmentStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export function requireNotFuture(field: string, date: IsoDate, today: IsoDate): void {
  if (isAfter(date, today)) throw new DateInFutureError(field, date, today);
}

export function requireOnOrAfter(field: string, date: IsoDate, previousStep: string, previousDate: IsoDate | null): void {
  if (previousDate !== null && isBefore(date, previousDate)) throw new DateBeforePreviousStepError(field, date, previousStep, previousDate);
}

/** A new request: backdating is allowed (historic and late-entered cases), a future date is not. */
export function checkRequestDate(requestReceivedOn: IsoDate, today: IsoDate, dateOfBirth: IsoDate | null): void {
  requireNotFuture('requestReceivedOn', requestReceivedOn, today);
  if (dateOfBirth) requireOnOrAfter('requestReceivedOn', requestReceivedOn, 'the child’s date of birth', dateOfBirth);
}

/** Facts the workflow reads that live outside the assessment row. */
export interface WorkflowContext {
  /** The days the LA consulted the schools the family asked for (CFA s39). */
  schoolConsultedOn?: readonly IsoDate[];
}

/** A notification or service date: not in the future, and not before the step it tells of. */
function checkNotice(field: string, date: IsoDate | undefined, step: string, stepDate: IsoDate, today: IsoDate): IsoDate | null {
  if (date === undefined) return null;
  requireNotFuture(field, date, today);
  requireOnOrAfter(field, date, step, stepDate);
  return date;
}

/**
 * Applies one step of the statutory workflow to a snapshot, or refuses it: 409 for a step out of order, 422 for a
 * date that breaks a rule. Pure: the service persists the result in the same transaction.
 */
export function applyCommand(state: AssessmentSnapshot, command: AssessmentCommand, today: IsoDate, context: WorkflowContext = {}): AssessmentSnapshot {
  const step = STEPS[command.type];
  if (!step.from.includes(state.status)) throw new InvalidTransitionError(step.label, state.status, step.from, step.rule);
  const next = { ...state };
  switch (command.type) {
    case 'decide_to_assess':
      requireNotFuture('decidedOn', command.decidedOn, today);
      requireOnOrAfter('decidedOn', command.decidedOn, 'the request', state.requestReceivedOn);
      next.decisionToAssess = command.decision;
      next.decisionToAssessOn = command.decidedOn;
      next.decisionToAssessNotifiedOn = checkNotice('notifiedOn', command.notifiedOn, 'the decision', command.decidedOn, today);
      next.status = command.decision === 'assess' ? AssessmentStatus.Assessing : AssessmentStatus.Refused;
      return next;
    case 'decide_to_issue':
      requireNotFuture('decidedOn', command.decidedOn, today);
      requireOnOrAfter('decidedOn', command.decidedOn, 'the decision to assess', state.decisionToAssessOn);
      requireOnOrAfter('decidedOn', command.decidedOn, 'the Tribunal order', state.reopenedOn ?? null);
      next.decisionToIssue = command.decision;
      next.decisionToIssueOn = command.decidedOn;
      next.decisionToIssueNotifiedOn = checkNotice('notifiedOn', command.notifiedOn, 'the decision', command.decidedOn, today);
      next.status = command.decision === 'issue' ? AssessmentStatus.Drafting : AssessmentStatus.NotIssuing;
      return next;
    case 'issue_draft':
      requireNotFuture('issuedOn', command.issuedOn, today);
      requireOnOrAfter('issuedOn', command.issuedOn, 'the decision to issue', state.decisionToIssueOn);
      requireOnOrAfter('issuedOn', command.issuedOn, 'the Tribunal order', state.reopenedOn ?? null);
      next.draftIssuedOn = command.issuedOn;
      next.draftServedOn = checkNotice('servedOn', command.servedOn, 'the draft plan', command.issuedOn, today);
      next.status = AssessmentStatus.DraftIssued;
      return next;
    case 'record_representations':
      if (state.representationsReceivedOn !== null) {
        throw new RepresentationsAlreadyRecordedError(state.representationsReceivedOn);
      }
      requireNotFuture('receivedOn', command.receivedOn, today);
      requireOnOrAfter('receivedOn', command.receivedOn, 'the draft plan', state.draftIssuedOn);
      next.representationsReceivedOn = command.receivedOn;
      next.representationsMeetingRequested = command.meetingRequested ?? null;
      next.representationsSchoolRequested = command.schoolRequested?.trim() || null;
      return next;
    case 'issue_final': {
      requireNotFuture('issuedOn', command.issuedOn, today);
      requireOnOrAfter('issuedOn', command.issuedOn, 'the draft plan', state.draftIssuedOn);
      const draft = state.draftIssuedOn as IsoDate;
      const served = state.draftServedOn ?? draft;
      const earliest = earliestFinalPlanDate(draft, state.representationsReceivedOn, served);
      if (isBefore(command.issuedOn, earliest)) throw new InsideRepresentationsWindowError(command.issuedOn, served, earliest);
      // A school the family asked for is consulted before it is named (CFA s39(3), CoP 9.83).
      if (state.representationsSchoolRequested && !(context.schoolConsultedOn ?? []).some((on) => !isAfter(on, command.issuedOn))) {
        throw new SchoolNotConsultedError(state.representationsSchoolRequested);
      }
      next.finalIssuedOn = command.issuedOn;
      next.finalNotifiedOn = checkNotice('notifiedOn', command.notifiedOn, 'the final plan', command.issuedOn, today);
      next.status = AssessmentStatus.PlanIssued;
      return next;
    }
    case 'reopen_by_order': {
      const reopen = REOPENS[command.order];
      if (state.status !== reopen.from) throw new InvalidTransitionError(step.label, state.status, [reopen.from], reopen.rule);
      requireNotFuture('orderedOn', command.orderedOn, today);
      const decidedOn = command.order === 'assess' ? state.decisionToAssessOn : state.decisionToIssueOn;
      requireOnOrAfter('orderedOn', command.orderedOn, command.order === 'assess' ? 'the refusal to assess' : 'the decision not to issue', decidedOn);
      next.reopenedByOrder = command.order;
      next.reopenedOn = command.orderedOn;
      next.reopenedAppealId = command.appealId;
      next.status = reopen.to;
      return next;
    }
    case 'withdraw': {
      requireNotFuture('withdrawnOn', command.withdrawnOn, today);
      const lastStep = latestStep(state);
      requireOnOrAfter('withdrawnOn', command.withdrawnOn, lastStep.label, lastStep.on);
      next.withdrawnOn = command.withdrawnOn;
      next.withdrawalReason = command.reason;
      next.status = AssessmentStatus.Withdrawn;
      return next;
    }
  }
}

function latestStep(state: AssessmentSnapshot): { label: string; on: IsoDate } {
  const steps: [string, IsoDate | null][] = [
    ['the request', state.requestReceivedOn],
    ['the decision to assess', state.decisionToAssessOn],
    ['the decision to issue', state.decisionToIssueOn],
    ['the draft plan', state.draftIssuedOn],
    ['the representations', state.representationsReceivedOn],
    ['the Tribunal order', state.reopenedOn ?? null],
  ];
  let latest = { label: 'the request', on: state.requestReceivedOn };
  for (const [label, on] of steps) if (on !== null && !isBefore(on, latest.on)) latest = { label, on };
  return latest;
}

/**
 * An exception's own dates: not starting in the future, not ending before it starts, and, for the grounds that
 * need one, a period of at least 4 continuous weeks (Regs 5(4)(a), (b) and (d)).
 */
export function checkExceptionDates(startsOn: IsoDate, endsOn: IsoDate | null, today: IsoDate, ground?: ExceptionGround): void {
  requireNotFuture('startsOn', startsOn, today);
  if (endsOn !== null && isBefore(endsOn, startsOn)) throw new ExceptionEndsBeforeStartError();
  const problem = ground ? exceptionPeriodProblem({ ground, startsOn, endsOn }) : null;
  if (problem) throw new ExceptionPeriodTooShortError(problem);
}

/**
 * Grounds (a)/(b): the educational advice request to the closed school or provider, made from one week before its
 * closure of 4+ continuous weeks until one week before it re-opened; refused with a 422 citing the rule otherwise.
 */
export function checkClosureException(
  closure: { adviceRequestId?: string; closureStartsOn?: IsoDate; reopensOn?: IsoDate },
  request: { assessmentId: string; requestedOn: IsoDate; discipline?: string } | null,
  assessmentId: string,
): ClosureFacts {
  const missing = (['adviceRequestId', 'closureStartsOn', 'reopensOn'] as const).filter((field) => !closure[field]);
  if (missing.length > 0) {
    throw new ClosureExceptionNotQualifiedError(`grounds (a) and (b) apply only to the LA's request for educational advice made in the week before a closure of at least 4 continuous weeks or during it: give ${missing.join(', ')}; a holiday alone is never an exception`, missing[0]);
  }
  if (!request || request.assessmentId !== assessmentId) throw new ClosureExceptionNotQualifiedError('adviceRequestId is not an advice request of this assessment', 'adviceRequestId');
  const facts: ClosureFacts = { adviceRequestedOn: request.requestedOn, adviceDiscipline: request.discipline, closureStartsOn: closure.closureStartsOn!, reopensOn: closure.reopensOn! };
  const problem = closureExceptionProblem(facts);
  if (problem) throw new ClosureExceptionNotQualifiedError(problem, /reopensOn|closed for/.test(problem) ? 'reopensOn' : 'adviceRequestId');
  return facts;
}

/** Advice is requested once the LA has decided to assess, and while the assessment is still gathering it. */
export function checkAdviceRequest(state: AssessmentSnapshot, requestedOn: IsoDate, today: IsoDate): void {
  const allowed = [AssessmentStatus.Assessing, AssessmentStatus.Drafting];
  if (!allowed.includes(state.status)) {
    throw new InvalidTransitionError('advice request', state.status, allowed, 'Advice is sought during the assessment, after the decision to assess (SEND Regulations 2014, reg 6).');
  }
  requireNotFuture('requestedOn', requestedOn, today);
  requireOnOrAfter('requestedOn', requestedOn, 'the decision to assess', state.decisionToAssessOn);
}

/** A requested school is consulted after the family asked for it (their representations on the draft), while the case is open. */
export function checkSchoolConsultation(state: AssessmentSnapshot, consultedOn: IsoDate, today: IsoDate): void {
  const allowed = [AssessmentStatus.DraftIssued];
  if (!allowed.includes(state.status)) {
    throw new InvalidTransitionError('school consultation', state.status, allowed, 'A school the family asks for in their representations on the draft is consulted before it is named (CFA 2014 s39).');
  }
  requireNotFuture('consultedOn', consultedOn, today);
  requireOnOrAfter('consultedOn', consultedOn, 'the draft plan', state.draftIssuedOn);
}
