import { Actor } from '@app/core';
import { Assessment, AssessmentsService } from '@app/assessments';
import { AppealableDecision, IsoDate, isBefore, OrderKind } from '@app/statutory-clock';
import type { AppealState, AppealSubject, AppealSubjectResolver } from '../appeal-subjects';
import { DecisionNotOnSubjectError, OrderNotApplicableError } from '../appeals.errors';

/** The decisions an assessment carries, with the day each was made (the notice cannot be earlier). */
function decisionOn(a: Assessment, decision: AppealableDecision): IsoDate | string {
  switch (decision) {
    case AppealableDecision.RefuseToAssess:
      return a.decisionToAssess === 'refuse' && a.decisionToAssessOn ? a.decisionToAssessOn : 'the LA did not refuse to assess on this case';
    case AppealableDecision.NotToIssue:
      return a.decisionToIssue === 'not_issue' && a.decisionToIssueOn ? a.decisionToIssueOn : 'the LA did not decide not to issue a plan on this case';
    case AppealableDecision.PlanContents:
      return a.finalIssuedOn ?? 'no final plan has been issued on this case; appeal the plan (subjectType "plan")';
    default:
      return `a ${decision} decision is made on a plan or a review, not on the assessment`;
  }
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** Appeals against the assessment's decisions: a refusal to assess, not issuing a plan, the plan as first issued. */
export class AssessmentAppealSubject implements AppealSubjectResolver {
  constructor(private readonly assessments: AssessmentsService) {}

  async resolve(actor: Actor, subjectId: string, decision: AppealableDecision, noticeOn: IsoDate): Promise<AppealSubject> {
    const a = await this.assessments.lockForUpdate(actor, subjectId);
    const on = decisionOn(a, decision);
    if (!isDate(on)) throw new DecisionNotOnSubjectError(decision, on);
    if (isBefore(noticeOn, on)) throw new DecisionNotOnSubjectError(decision, `the notice (${noticeOn}) cannot be before the decision (${on})`);
    return { ...this.subjectOf(a), decidedOn: on };
  }

  async load(actor: Actor, subjectId: string): Promise<AppealSubject> {
    return this.subjectOf(await this.assessments.lockForUpdate(actor, subjectId));
  }

  async applyOrder(actor: Actor, subject: AppealSubject, appeal: AppealState, order: { kind: OrderKind; orderedOn: IsoDate }): Promise<AppealSubject | void> {
    const fits: Partial<Record<OrderKind, AppealableDecision[]>> = {
      [OrderKind.Assess]: [AppealableDecision.RefuseToAssess],
      [OrderKind.MakePlan]: [AppealableDecision.NotToIssue],
      [OrderKind.AmendProvision]: [AppealableDecision.PlanContents],
      [OrderKind.NameSchool]: [AppealableDecision.PlanContents],
      [OrderKind.Remit]: Object.values(AppealableDecision),
      [OrderKind.Dismissed]: Object.values(AppealableDecision),
    };
    if (!(fits[order.kind] ?? []).includes(appeal.decision)) throw new OrderNotApplicableError(order.kind, appeal.decision);
    if (order.kind === OrderKind.Assess || order.kind === OrderKind.MakePlan) {
      // The same case reopens: same id, same day 0; the refusal or the no-plan decision stays in its history.
      // On the row `load` locked for this command: the assessment's own command does not lock it again.
      const locked = subject.locked instanceof Assessment && subject.locked.id === subject.subjectId ? subject.locked : await this.assessments.lockForUpdate(actor, subject.subjectId);
      return this.subjectOf(await this.assessments.reopenByOrder(actor, locked, { kind: order.kind, orderedOn: order.orderedOn, appealId: appeal.id }));
    }
    // amend_provision / name_school: the plan is amended through the plan's own commands; the duty tracks it.
  }

  private subjectOf(a: Assessment): AppealSubject {
    return { subjectType: 'assessment', subjectId: a.id, localAuthorityId: a.localAuthorityId, childId: a.childId, assessmentId: a.id, planId: a.planId, caseOwnerUserId: a.caseworkerId, locked: a };
  }
}
