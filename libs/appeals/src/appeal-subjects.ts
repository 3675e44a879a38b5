import { Actor } from '@app/core';
import { AppealableDecision, IsoDate, OrderKind } from '@app/statutory-clock';
import type { AppealSubjectType } from './entities/appeal.entity';

/** What an appeal is about, as the subject's own context describes it. */
export interface AppealSubject {
  subjectType: AppealSubjectType;
  subjectId: string;
  localAuthorityId: string;
  childId: string;
  /** The case: the original assessment, never a new one. */
  assessmentId: string;
  planId: string | null;
  /** The caseworker who owns the case's duties (and so the order's compliance deadlines). */
  caseOwnerUserId: string | null;
  /** From `resolve` only: the day the decision appealed against was made (with the decision, it names the decision). */
  decidedOn?: IsoDate;
  /**
   * The subject's row as its own context locked it in this transaction, opaque to appeals: the resolver hands it back
   * to its context (an order reopening the assessment runs on it), so no row is locked twice in one command.
   */
  locked?: unknown;
}

/**
 * What names one decision, so that it has at most one live appeal (a partial unique index on appeals.decision_key): a
 * cease by its plan and notice (the same cease whether registered on the plan or on the review that decided it), any
 * other decision by its case or plan and the day it was made.
 */
export function decisionKey(decision: AppealableDecision, subject: AppealSubject): string {
  const anchor = decision === AppealableDecision.Cease ? subject.planId : subject.subjectType === 'review' && decision !== AppealableDecision.PlanContents ? subject.subjectId : (subject.planId ?? subject.assessmentId);
  return `${decision}:${anchor ?? subject.subjectId}:${subject.decidedOn ?? ''}`;
}

/** The appeal as a subject context sees it when asked to act. */
export interface AppealState {
  id: string;
  decision: AppealableDecision;
  noticeOn: IsoDate;
  appealDeadline: IsoDate;
  lodgedOn: IsoDate | null;
  outcome: string | null;
  outcomeOn: IsoDate | null;
}

/**
 * What the appeals context asks of a subject (AppealsService keeps a plain map by subject type: assessment, plan and
 * review resolvers built over their contexts' services; `reassessment` is the port `appeals.reassessment-subject`,
 * bound by boundaries): the appeals context never reads or writes the subject's tables, it asks its resolver. Every
 * method runs inside the appeal command's transaction.
 */
export interface AppealSubjectResolver {
  /**
   * The subject in the caller's LA (a 404 for anything they may not see), after checking the decision can be appealed
   * on it and the notice is not before the decision (422 otherwise).
   */
  resolve(actor: Actor, subjectId: string, decision: AppealableDecision, noticeOn: IsoDate): Promise<AppealSubject>;
  /** The subject as it stands (for later commands on an existing appeal), without re-checking the decision. */
  load(actor: Actor, subjectId: string): Promise<AppealSubject>;
  /**
   * An order or concession: reopen, amend or continue the subject (422 when the kind does not fit it). Returns the
   * subject as it stands after the order when the order changed what an appeal reads of it (a plan made by order);
   * nothing when it did not.
   */
  applyOrder(actor: Actor, subject: AppealSubject, appeal: AppealState, order: { kind: OrderKind; orderedOn: IsoDate }): Promise<AppealSubject | void>;
  /** The appeal's deadline, lodging or end changed (a ceasing plan is maintained until it is over). */
  appealChanged?(actor: Actor, subject: AppealSubject, appeal: AppealState): Promise<void>;
}
