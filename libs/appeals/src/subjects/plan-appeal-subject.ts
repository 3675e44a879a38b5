import { Actor } from '@app/core';
import { AssessmentsService } from '@app/assessments';
import { Plan, PlanCeasingService, PlansService, PlanStatus } from '@app/plans';
import { AppealableDecision, IsoDate, isBefore, OrderKind } from '@app/statutory-clock';
import type { AppealState, AppealSubject, AppealSubjectResolver } from '../appeal-subjects';
import { DecisionNotOnSubjectError, OrderNotApplicableError } from '../appeals.errors';

const ISSUED: readonly PlanStatus[] = [PlanStatus.Issued, PlanStatus.Ceasing, PlanStatus.Ceased];

/** Appeals against a plan's decisions: its contents (B, F, I), not amending or re-assessing it, ceasing it. */
export class PlanAppealSubject implements AppealSubjectResolver {
  constructor(
    private readonly plans: PlansService,
    private readonly ceasing: PlanCeasingService,
    private readonly assessments: AssessmentsService,
  ) {}

  async resolve(actor: Actor, subjectId: string, decision: AppealableDecision, noticeOn: IsoDate): Promise<AppealSubject> {
    const plan = await this.plans.get(actor, subjectId);
    if (!ISSUED.includes(plan.status) || !plan.finalIssuedOn) throw new DecisionNotOnSubjectError(decision, `the plan is ${plan.status}: only an issued plan's decisions can be appealed`);
    if (decision === AppealableDecision.RefuseToAssess || decision === AppealableDecision.NotToIssue) {
      throw new DecisionNotOnSubjectError(decision, 'it is a decision on the assessment: appeal it with subjectType "assessment"');
    }
    let decidedOn: IsoDate = plan.finalIssuedOn;
    if (decision === AppealableDecision.Cease) {
      const notice = await this.ceasing.ceaseNotice(plan.id);
      if (!notice) throw new DecisionNotOnSubjectError(decision, `the LA has not decided to cease this plan (it is ${plan.status})`);
      decidedOn = notice.notifiedOn;
    }
    if (isBefore(noticeOn, decidedOn)) throw new DecisionNotOnSubjectError(decision, `the notice (${noticeOn}) cannot be before the decision (${decidedOn})`);
    return { ...(await this.subjectOf(plan)), decidedOn };
  }

  async load(actor: Actor, subjectId: string): Promise<AppealSubject> {
    return this.subjectOf(await this.plans.get(actor, subjectId));
  }

  async applyOrder(actor: Actor, subject: AppealSubject, appeal: AppealState, order: { kind: OrderKind; orderedOn: IsoDate }): Promise<void> {
    const fits: Partial<Record<OrderKind, AppealableDecision[]>> = {
      [OrderKind.AmendProvision]: [AppealableDecision.PlanContents, AppealableDecision.NotToAmend, AppealableDecision.RefuseToReassess],
      [OrderKind.NameSchool]: [AppealableDecision.PlanContents, AppealableDecision.NotToAmend],
      [OrderKind.ContinuePlan]: [AppealableDecision.Cease],
      [OrderKind.ContinueAndAmend]: [AppealableDecision.Cease],
      [OrderKind.Remit]: Object.values(AppealableDecision),
      [OrderKind.Dismissed]: Object.values(AppealableDecision),
    };
    const detail = order.kind === OrderKind.Assess || order.kind === OrderKind.MakePlan ? 'orders to assess or to make a plan answer appeals on the assessment (subjectType "assessment")' : undefined;
    if (!(fits[order.kind] ?? []).includes(appeal.decision)) throw new OrderNotApplicableError(order.kind, appeal.decision, detail);
    if (order.kind === OrderKind.ContinuePlan || order.kind === OrderKind.ContinueAndAmend) await this.ceasing.withdrawByOrder(actor, subject.subjectId, order.orderedOn);
    if (order.kind === OrderKind.Dismissed && appeal.decision === AppealableDecision.Cease) await this.ceasing.appealEnded(actor, subject.subjectId, order.orderedOn);
  }

  async appealChanged(actor: Actor, subject: AppealSubject, appeal: AppealState): Promise<void> {
    if (appeal.decision !== AppealableDecision.Cease) return;
    await this.ceasing.followCeaseAppeal(actor, subject.subjectId, { outcome: appeal.outcome, outcomeOn: appeal.outcomeOn, appealDeadline: appeal.appealDeadline, lodgedOn: appeal.lodgedOn });
  }


  private async subjectOf(plan: Plan): Promise<AppealSubject> {
    const assessment = await this.assessments.findById(plan.assessmentId);
    return { subjectType: 'plan', subjectId: plan.id, localAuthorityId: plan.localAuthorityId, childId: plan.childId, assessmentId: plan.assessmentId, planId: plan.id, caseOwnerUserId: assessment?.caseworkerId ?? null };
  }
}
