import { Actor } from '@app/core';
import { PlanCeasingService } from '@app/plans';
import { ReviewsService, ReviewStatus } from '@app/reviews';
import { AppealableDecision, IsoDate, isBefore, OrderKind } from '@app/statutory-clock';
import type { AppealState, AppealSubject, AppealSubjectResolver } from '../appeal-subjects';
import { DecisionNotOnSubjectError, OrderNotApplicableError } from '../appeals.errors';

/**
 * Appeals against a review's decisions (CFA s51(2)): not to amend the plan (the LA maintained it), to cease it, or the
 * contents (B, F, I) of the plan as amended after it. The reviews and plan-ceasing services act on orders; the appeal
 * is on the same case and plan as the review.
 */
export class ReviewAppealSubject implements AppealSubjectResolver {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly ceasing: PlanCeasingService,
  ) {}

  async resolve(actor: Actor, subjectId: string, decision: AppealableDecision, noticeOn: IsoDate): Promise<AppealSubject> {
    const { review, assessmentId, caseOwnerUserId } = await this.reviews.forAppeal(actor, subjectId);
    const decidedOn = this.decidedOn(review, decision);
    if (isBefore(noticeOn, decidedOn)) throw new DecisionNotOnSubjectError(decision, `the notice (${noticeOn}) cannot be before the decision (${decidedOn})`);
    return { subjectType: 'review', subjectId: review.id, localAuthorityId: review.localAuthorityId, childId: review.childId, assessmentId, planId: review.planId, caseOwnerUserId, decidedOn };
  }

  async load(actor: Actor, subjectId: string): Promise<AppealSubject> {
    const { review, assessmentId, caseOwnerUserId } = await this.reviews.forAppeal(actor, subjectId);
    return { subjectType: 'review', subjectId: review.id, localAuthorityId: review.localAuthorityId, childId: review.childId, assessmentId, planId: review.planId, caseOwnerUserId };
  }

  async applyOrder(actor: Actor, subject: AppealSubject, appeal: AppealState, order: { kind: OrderKind; orderedOn: IsoDate }): Promise<void> {
    const fits: Partial<Record<OrderKind, AppealableDecision[]>> = {
      [OrderKind.AmendProvision]: [AppealableDecision.NotToAmend, AppealableDecision.PlanContents],
      [OrderKind.NameSchool]: [AppealableDecision.NotToAmend, AppealableDecision.PlanContents],
      [OrderKind.ContinuePlan]: [AppealableDecision.Cease],
      [OrderKind.ContinueAndAmend]: [AppealableDecision.Cease],
      [OrderKind.Remit]: Object.values(AppealableDecision),
      [OrderKind.Dismissed]: [AppealableDecision.NotToAmend, AppealableDecision.PlanContents, AppealableDecision.Cease],
    };
    if (!(fits[order.kind] ?? []).includes(appeal.decision)) throw new OrderNotApplicableError(order.kind, appeal.decision);
    // After a decision not to amend, the review is reopened for the amended plan; after an amended plan, the caseworker
    // amends it again through a new review's amended plan (the order's duty times it either way).
    if ((order.kind === OrderKind.AmendProvision || order.kind === OrderKind.NameSchool) && appeal.decision === AppealableDecision.NotToAmend) {
      await this.reviews.amendByOrder(actor, subject.subjectId, order.orderedOn);
    }
    if (order.kind === OrderKind.ContinuePlan || order.kind === OrderKind.ContinueAndAmend) await this.ceasing.withdrawByOrder(actor, subject.planId!, order.orderedOn);
    if (order.kind === OrderKind.Dismissed && appeal.decision === AppealableDecision.Cease) await this.ceasing.appealEnded(actor, subject.planId!, order.orderedOn);
  }

  async appealChanged(actor: Actor, subject: AppealSubject, appeal: AppealState): Promise<void> {
    if (appeal.decision !== AppealableDecision.Cease) return;
    await this.ceasing.followCeaseAppeal(actor, subject.planId!, { outcome: appeal.outcome, outcomeOn: appeal.outcomeOn, appealDeadline: appeal.appealDeadline, lodgedOn: appeal.lodgedOn });
  }


  /** The day of the decision appealed against, or a 422 when the review made no such decision. */
  private decidedOn(review: { status: ReviewStatus; decision: string | null; decisionNotifiedOn: string | null; amendedPlanIssuedOn: string | null; notAmendingNotifiedOn: string | null }, decision: AppealableDecision): IsoDate {
    if (decision === AppealableDecision.NotToAmend && review.decision === 'maintain' && review.decisionNotifiedOn) return review.decisionNotifiedOn;
    // Not amending after all, after proposing amendments (Regs 22(4)).
    if (decision === AppealableDecision.NotToAmend && review.notAmendingNotifiedOn) return review.notAmendingNotifiedOn;
    if (decision === AppealableDecision.Cease && review.decision === 'cease' && review.decisionNotifiedOn) return review.decisionNotifiedOn;
    if (decision === AppealableDecision.PlanContents && review.amendedPlanIssuedOn) return review.amendedPlanIssuedOn;
    throw new DecisionNotOnSubjectError(
      decision,
      `this review (${review.status}${review.decision ? `, decision ${review.decision}` : ''}) made no such decision: a review's decisions that can be appealed are not to amend (maintain), to cease, and the contents of the amended plan`,
    );
  }
}
