import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, APP_CONFIG, AppConfig, BindsPort, Clock, DomainEventMap, OnDomainEvent, NotFoundError, Role, StaleVersionError, SYSTEM_USER_ID, systemActor, ValidationFailedError } from '@app/core';
import { AuditService } from '@app/audit';
import { AssessmentsService, requireNotFuture, requireOnOrAfter } from '@app/assessments';
import { ChildrenService } from '@app/children';
import { DeadlinesService } from '@app/deadlines';
import { LocalAuthoritiesService, OrganisationsService } from '@app/identity';
import { AmendmentIssued, Plan, PlanCeasingService, PlanDeadlinesSource, PlansService, PlanStatus, PlanWithDeadlines } from '@app/plans';
import { NotificationKind, NotificationsService } from '@app/reminders';
import { TxHost } from '@app/database';
import {
  addDays,
  ComputedDeadline,
  computePlanDeadlines,
  computeReviewDeadlines,
  cycleDueOn,
  DeadlineKind,
  earliestAmendedPlanOn,
  IsoDate,
  isBefore,
  isOnOrBefore,
  PlanScheduleFacts,
  reviewCoversPreparationForAdulthood,
  reviewCycles,
  reviewDecidedInTime,
  reviewDueOn,
  ReviewFacts,
  reviewHeldOn,
  yearGroupOn,
  NoticeContacts,
} from '@app/statutory-clock';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { AmendedPlanDto, InvitationsSentDto, MeetingHeldDto, MoveMeetingDto, NotAmendingDto, PhaseTransferDto, ReviewRepresentationsDto, ReportIssuedDto, ReviewDecisionDto, ReviewIntervalDto, ScheduleReviewDto } from './dto/review.dto';
import { ReviewSchedule } from './entities/review-schedule.entity';
import { Review, ReviewStatus, UNFINISHED_REVIEW_STATUSES } from './entities/review.entity';
import { PlanNotIssuedError, RepresentationsWindowOpenError, ReviewInProgressError, ReviewStepOutOfOrderError } from './reviews.errors';

/** A review with its deadlines as of the day asked, and the first day an amended plan may be issued. */
export interface ReviewView {
  review: Review;
  deadlines: ComputedDeadline[];
  earliestAmendedPlanOn: IsoDate | null;
  /** The LA's notice contacts (Regs 32), read only when the review has a decision notice. */
  noticeContacts: NoticeContacts;
}

/** A plan transferring between phases in a year, and where its transfer review stands. */
export interface PhaseTransferRow {
  schedule: ReviewSchedule;
  plan: Plan;
  child: { id: string; givenName: string; familyName: string; dateOfBirth: string };
  yearGroup: number;
  deadline: ComputedDeadline;
  review: Review | null;
}

/** What the daily job did (`failed`: rows it could not process, logged, retried the next day). */
export interface DailyReviewWork {
  synced: number;
  opened: number;
  held: number;
  failed: number;
}

/** Reviews whose deadlines still run: the unfinished ones and an amendment still to be issued. */
const OPEN_REVIEW_STATUSES: readonly ReviewStatus[] = [...UNFINISHED_REVIEW_STATUSES, ReviewStatus.Amending];

/** Plans that are maintained: reviewed, transferring, open to amendment. */
const MAINTAINED: readonly PlanStatus[] = [PlanStatus.Issued, PlanStatus.Ceasing];

/**
 * The reviews context: a plan's life after its final version (CFA s44; SEND Regulations 2014, regs 18-22). It keeps
 * each plan's review schedule and its reviews, computes their deadlines with the statutory clock and hands them to the
 * deadlines context (subjects `plan` and `review`), which plans the reminders. Amended plans are issued through the
 * plans context; the child, the caseworker and the setting come from their own contexts' read methods.
 */
@Injectable()
@BindsPort('plans.deadlines-source')
@BindsPort('reminders.case-reference.review')
export class ReviewsService implements PlanDeadlinesSource {
  private readonly logger = new Logger(ReviewsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly plans: PlansService,
    private readonly ceasing: PlanCeasingService,
    private readonly assessments: AssessmentsService,
    private readonly children: ChildrenService,
    private readonly deadlines: DeadlinesService,
    private readonly organisations: OrganisationsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly localAuthorities: LocalAuthoritiesService,
  ) {}

  /** Port `reminders.case-reference.review`: the case reference of each review (for the emails about it). */
  async caseReferencesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const manager = this.txHost.tx;
    const reviews = await manager.findBy(Review, { id: In([...ids]) });
    const plans = new Map((await this.plans.findByIds(reviews.map((r) => r.planId))).map((p) => [p.id, p.caseReference]));
    return new Map(reviews.filter((r) => plans.has(r.planId)).map((r) => [r.id, plans.get(r.planId)!]));
  }

  /** A new caseworker on the case answers for the plan's and its open reviews' deadlines from now (their reminders follow). */
  @OnDomainEvent('assessment.caseworker-changed')
  async onCaseworkerChanged({ actor, assessment }: DomainEventMap['assessment.caseworker-changed']): Promise<void> {
    const manager = this.txHost.tx;
    if (!assessment.planId) return;
    const schedule = await manager.findOneBy(ReviewSchedule, { planId: assessment.planId });
    if (!schedule) return;
    await this.plans.lockForUpdate(actor, assessment.planId);
    const open = await manager.getRepository(Review).createQueryBuilder('r').setLock('pessimistic_write').where('r.plan_id = :id AND r.status IN (:...statuses)', { id: assessment.planId, statuses: OPEN_REVIEW_STATUSES }).getMany();
    const locked = await this.scheduleOf(assessment.planId, true);
    await this.syncPlan(locked);
    for (const review of open) await this.syncReview(review, locked);
  }

  // ---- what the plans context tells us, and asks of us ----

  @OnDomainEvent('plan.final-issued')
  async onFinalPlanIssued({ plan, event }: DomainEventMap['plan.final-issued']): Promise<void> {
    await this.openSchedule(plan, event.issuedOn, reviewDueOn(event.issuedOn), null);
  }

  /** A ceased plan leaves the review schedule (its open review and transfer duties are no longer owed); an order to continue it puts it back. */
  @OnDomainEvent('plan.ceased')
  @OnDomainEvent('plan.cease-withdrawn')
  @OnDomainEvent('plan.cease-reopened')
  async onPlanCeaseChanged({ plan, event }: DomainEventMap['plan.ceased' | 'plan.cease-withdrawn' | 'plan.cease-reopened']): Promise<void> {
    const manager = this.txHost.tx;
    // Lock order everywhere: plan (held by the caller), then reviews, then the schedule.
    const open = await manager.getRepository(Review).createQueryBuilder('r').setLock('pessimistic_write').where('r.plan_id = :id AND r.status IN (:...statuses)', { id: plan.id, statuses: OPEN_REVIEW_STATUSES }).getMany();
    const schedule = await manager.getRepository(ReviewSchedule).createQueryBuilder('s').setLock('pessimistic_write').where('s.plan_id = :id', { id: plan.id }).getOne();
    if (!schedule) return;
    schedule.endedOn = event.type === 'ceased' ? event.ceasedOn : null;
    await manager.update(ReviewSchedule, { planId: plan.id }, { endedOn: schedule.endedOn });
    await this.syncPlan(schedule);
    for (const review of open) await this.syncReview(review, schedule);
  }

  // ---- for the boundaries context (a plan transferred in from another LA: Regs 15) ----

  /**
   * Opens the review schedule of a plan transferred in (Regs 15(3)): its first review period here starts with the day the
   * plan was made or last reviewed, and ends on the Regs 15(5) date the clock gives (`reviewDueOn`).
   */
  async openTransferredSchedule(plan: Plan, facts: { cycleStartsOn: IsoDate; reviewDueOn: IsoDate }): Promise<void> {
    await this.openSchedule(plan, facts.cycleStartsOn, facts.reviewDueOn, facts.reviewDueOn);
  }

  /** The plan's review schedule from its first review period, and the plan's own deadlines from it. */
  private async openSchedule(plan: Plan, cycleStartsOn: IsoDate, cycleDueOn: IsoDate, transferReviewDueOn: IsoDate | null): Promise<void> {
    const manager = this.txHost.tx;
    const schedule = manager.create(ReviewSchedule, {
      planId: plan.id,
      localAuthorityId: plan.localAuthorityId,
      childId: plan.childId,
      assessmentId: plan.assessmentId,
      firstIssuedOn: cycleStartsOn,
      currentCycleStartsOn: cycleStartsOn,
      currentCycleDueOn: cycleDueOn,
      intervalMonths: 12,
      phaseTransferKind: null,
      phaseTransferOn: null,
      yearGroupOverride: null,
      endedOn: null,
      deadlinesSynced: true,
      transferReviewDueOn,
    });
    await manager.upsert(ReviewSchedule, schedule, ['planId']);
    await this.syncPlan(await this.scheduleOf(plan.id));
  }

  /** The dates a transfer package carries for a plan: the start of its review period and the reviews completed. */
  async reviewHistory(planId: string): Promise<{ cycleStartsOn: IsoDate | null; reviewsCompletedOn: IsoDate[]; reviewIds: string[] }> {
    const manager = this.txHost.tx;
    const schedule = await manager.findOneBy(ReviewSchedule, { planId });
    const reviews = await manager.find(Review, { where: { planId }, order: { createdAt: 'ASC' } });
    return { cycleStartsOn: schedule?.currentCycleStartsOn ?? null, reviewsCompletedOn: reviews.flatMap((r) => (r.decisionNotifiedOn ? [r.decisionNotifiedOn] : [])).sort(), reviewIds: reviews.map((r) => r.id) };
  }

  // ---- for the appeals context (a review's decisions can be appealed: CFA s51) ----

  /** A review of the caller's LA with what an appeal needs: its case (assessment) and caseworker. 404 otherwise. */
  async forAppeal(actor: Actor, reviewId: string): Promise<{ review: Review; assessmentId: string; caseOwnerUserId: string | null }> {
    const review = await this.find(actor, reviewId);
    const schedule = await this.scheduleOf(review.planId);
    const caseOwnerUserId = (await this.assessments.caseworkersOf([schedule.assessmentId])).get(schedule.assessmentId) ?? null;
    return { review, assessmentId: schedule.assessmentId, caseOwnerUserId };
  }

  /**
   * A Tribunal order (or concession) to amend after the LA decided not to (Regs 44(2)): the review is reopened for the
   * amended plan. No notice or 15 days are owed; the order's duty (appeals context) times it.
   */
  async amendByOrder(actor: Actor, reviewId: string, orderedOn: IsoDate): Promise<void> {
    const manager = this.txHost.tx;
    const found = await this.find(actor, reviewId);
    await this.maintainedPlan(actor, found.planId);
    const review = await this.find(actor, reviewId, true);
    if (review.status !== ReviewStatus.Decided || review.decision !== 'maintain') throw new ReviewStepOutOfOrderError('apply an order to amend', `${review.status} (${review.decision ?? 'no decision'})`);
    // The next review may already be open or held: the ordered amendment runs beside it (only meetings are one at a time).
    review.status = ReviewStatus.Amending;
    review.orderedAmendmentOn = orderedOn;
    await manager.save(review);
    await this.syncReview(review, await this.scheduleOf(review.planId));
    await this.record(actor, review, 'review.amendment_ordered', { orderedOn });
  }

  async deadlinesOf(plan: Plan, today: IsoDate): Promise<ComputedDeadline[]> {
    const manager = this.txHost.tx;
    const schedule = await manager.findOneBy(ReviewSchedule, { planId: plan.id });
    return schedule ? computePlanDeadlines(await this.planFacts(schedule), today) : [];
  }

  // ---- commands ----

  /** A meeting for the plan's review: attached to the review the scheduler opened, or a new review. */
  async schedule(actor: Actor, planId: string, dto: ScheduleReviewDto): Promise<ReviewView> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.maintainedPlan(actor, planId);
      const schedule = await this.syncedSchedule(plan.id);
      const today = this.clock.today();
      requireOnOrAfter('meetingOn', dto.meetingOn, 'the start of the review period (the final plan or the last review)', schedule.currentCycleStartsOn);
      const unfinished = await this.unfinishedReview(plan.id, true);
      if (unfinished && unfinished.status !== ReviewStatus.Opened) throw new ReviewInProgressError(unfinished.id, unfinished.status);
      const review = unfinished ?? (await this.newReview(actor, schedule, today));
      const heldOn = reviewHeldOn({ meetingOn: dto.meetingOn, heldOn: null }, today);
      // A meeting recorded after it was held was arranged no later than its own day, not on the day it was recorded.
      review.scheduledOn = heldOn ?? today;
      review.meetingOn = dto.meetingOn;
      review.heldOn = heldOn;
      const held = heldOn !== null;
      review.status = held ? ReviewStatus.Held : ReviewStatus.Scheduled;
      await this.setYearGroup(review, schedule, dto.meetingOn);
      review.directPaymentInPlan = holdsDirectPayment(plan);
      await manager.save(review);
      await this.syncReview(review, schedule);
      await this.record(actor, review, held ? 'review.held' : 'review.scheduled', { meetingOn: dto.meetingOn });
      return this.view(review);
    });
  }

  async invitationsSent(actor: Actor, id: string, dto: InvitationsSentDto, expectedVersion?: number): Promise<ReviewView> {
    return this.step(actor, id, expectedVersion, async (review, today) => {
      if (review.status !== ReviewStatus.Scheduled && review.status !== ReviewStatus.Held) throw new ReviewStepOutOfOrderError('record invitations', review.status);
      requireNotFuture('sentOn', dto.sentOn, today);
      // A meeting recorded after the fact (arranged on or after its own day here) had its notice sent within the review period.
      const [bound, boundLabel] = review.meetingOn && review.scheduledOn && !isBefore(review.scheduledOn, review.meetingOn) ? [review.cycleStartsOn, 'the start of the review period'] : [review.scheduledOn, 'the day the meeting was arranged'];
      requireOnOrAfter('sentOn', dto.sentOn, boundLabel, bound);
      review.invitationsSentOn = dto.sentOn;
      if (dto.adviceCirculatedOn) {
        requireNotFuture('adviceCirculatedOn', dto.adviceCirculatedOn, today);
        requireOnOrAfter('adviceCirculatedOn', dto.adviceCirculatedOn, boundLabel, bound);
        review.adviceCirculatedOn = dto.adviceCirculatedOn;
      }
      return { action: 'review.invitations_sent', metadata: { sentOn: dto.sentOn, adviceCirculatedOn: dto.adviceCirculatedOn ?? null } };
    });
  }

  async moveMeeting(actor: Actor, id: string, dto: MoveMeetingDto, expectedVersion?: number): Promise<ReviewView> {
    return this.step(actor, id, expectedVersion, async (review, today, schedule) => {
      // A held meeting may still be moved while nothing has followed it (postponed, but counted as held on its day).
      const movable = review.status === ReviewStatus.Scheduled || (review.status === ReviewStatus.Held && review.reportIssuedOn === null);
      if (!movable) throw new ReviewStepOutOfOrderError('move the meeting', review.status);
      requireOnOrAfter('meetingOn', dto.meetingOn, 'the day the meeting was arranged', review.scheduledOn);
      const before = review.meetingOn;
      review.meetingOn = dto.meetingOn;
      const heldOn = reviewHeldOn({ meetingOn: dto.meetingOn, heldOn: null }, today);
      review.heldOn = heldOn;
      const held = heldOn !== null;
      review.status = held ? ReviewStatus.Held : ReviewStatus.Scheduled;
      await this.setYearGroup(review, schedule, dto.meetingOn);
      return { action: 'review.meeting_moved', metadata: { from: before, to: dto.meetingOn } };
    });
  }

  /**
   * The meeting held (on its date unless `heldOn` says otherwise). A review the system opened ahead of time, with no
   * meeting arranged here, may be recorded as held after the fact, on any day of its review period: also before the
   * day the system opened it (issue 24, point 13). Its meeting is that day and it counts as arranged that day (no
   * notice duties computed for a meeting the system never knew was coming).
   */
  async meetingHeld(actor: Actor, id: string, dto: MeetingHeldDto, expectedVersion?: number): Promise<ReviewView> {
    return this.step(actor, id, expectedVersion, async (review, today, schedule) => {
      const opened = review.status === ReviewStatus.Opened;
      if (!opened && review.status !== ReviewStatus.Scheduled && review.status !== ReviewStatus.Held) throw new ReviewStepOutOfOrderError('record the meeting as held', review.status);
      if (opened && !dto.heldOn) throw new ValidationFailedError([{ field: 'heldOn', message: 'is required: no meeting was arranged for this review, so give the day it was held' }]);
      const heldOn = dto.heldOn ?? review.meetingOn!;
      requireNotFuture('heldOn', heldOn, today);
      requireOnOrAfter('heldOn', heldOn, 'the start of the review period (the final plan or the last review)', review.cycleStartsOn);
      if (opened) {
        review.meetingOn = heldOn;
        review.scheduledOn = heldOn;
      }
      review.heldOn = heldOn;
      review.status = ReviewStatus.Held;
      await this.setYearGroup(review, schedule, heldOn);
      recordDirectPaymentReview(review, dto, today);
      return { action: 'review.held', metadata: { heldOn, directPaymentReviewedOn: dto.directPaymentReviewedOn ?? undefined, ...(opened ? { recordedAfterTheFact: true, openedOn: review.openedOn } : {}) } };
    });
  }

  async reportIssued(actor: Actor, id: string, dto: ReportIssuedDto, expectedVersion?: number): Promise<ReviewView> {
    return this.step(actor, id, expectedVersion, async (review, today) => {
      this.effectivelyHeld(review, today);
      if (review.status === ReviewStatus.Opened || review.status === ReviewStatus.Scheduled) throw new ReviewStepOutOfOrderError('record the report', review.status);
      requireNotFuture('issuedOn', dto.issuedOn, today);
      requireOnOrAfter('issuedOn', dto.issuedOn, 'the meeting', review.heldOn);
      review.reportIssuedOn = dto.issuedOn;
      return { action: 'review.report_issued', metadata: { issuedOn: dto.issuedOn } };
    });
  }

  /** The LA's decision, notified: the review is complete and the next review period starts that day (Regs 22(2)). */
  async decide(actor: Actor, id: string, dto: ReviewDecisionDto, expectedVersion?: number): Promise<ReviewView> {
    return this.step(actor, id, expectedVersion, async (review, today, schedule, plan) => {
      const manager = this.txHost.tx;
      this.effectivelyHeld(review, today);
      if (review.status !== ReviewStatus.Held) throw new ReviewStepOutOfOrderError('decide', review.status);
      requireNotFuture('notifiedOn', dto.notifiedOn, today);
      requireOnOrAfter('notifiedOn', dto.notifiedOn, 'the meeting', review.heldOn);
      // A decision to cease names its SEN2 reason (Regs 31; no silent "9 other").
      if (dto.decision === 'cease' && dto.ceaseReason === undefined) throw new ValidationFailedError([{ field: 'ceaseReason', message: 'is required when the decision is cease (the SEN2 cease reason, 1 to 9)' }]);
      recordDirectPaymentReview(review, dto, today);
      review.decision = dto.decision;
      review.decisionNotifiedOn = dto.notifiedOn;
      review.nextPlacementNamed = dto.decision === 'maintain' && dto.nextPlacementNamed === true;
      review.proposedChanges = dto.proposedChanges?.trim() || null;
      review.status = dto.decision === 'amend' ? ReviewStatus.Amending : ReviewStatus.Decided;
      await manager.save(review);
      await this.syncPlan(schedule);
      // To cease: the decision is the LA's decision to cease the plan (Regs 31), with appeal rights; the meeting, to
      // which the family and the institution were invited, was the consultation.
      // The plan this command locked first (lock order: plan, reviews, schedule) is the one ceased: one lock per row.
      if (dto.decision === 'cease') await this.ceasing.ceaseAfterReview(actor, plan, { reason: dto.ceaseReason!, notifiedOn: dto.notifiedOn, meetingHeldOn: review.heldOn!, regs30: dto.regs30 });
      return { action: 'review.decided', metadata: { directPaymentReviewedOn: review.directPaymentInPlan ? review.directPaymentReviewedOn : undefined, decision: dto.decision, notifiedOn: dto.notifiedOn, withinFourWeeks: reviewDecidedInTime(review.heldOn!, dto.notifiedOn), ceaseReason: dto.decision === 'cease' ? (dto.ceaseReason ?? null) : undefined } };
    });
  }

  async representations(actor: Actor, id: string, dto: ReviewRepresentationsDto, expectedVersion?: number): Promise<ReviewView> {
    return this.step(actor, id, expectedVersion, async (review, today) => {
      if (review.status !== ReviewStatus.Amending) throw new ReviewStepOutOfOrderError('record representations on proposed amendments', review.status);
      requireNotFuture('receivedOn', dto.receivedOn, today);
      requireOnOrAfter('receivedOn', dto.receivedOn, 'the amendment notice', review.decisionNotifiedOn);
      review.representationsReceivedOn = dto.receivedOn;
      return { action: 'review.representations_received', metadata: { receivedOn: dto.receivedOn } };
    });
  }

  /**
   * Not amending after all (Regs 22(4)): after the family's 15 days (or their representations), the LA decides not to
   * amend; it notifies that decision with reasons and appeal rights, which closes the amended-plan duty.
   */
  async notAmending(actor: Actor, id: string, dto: NotAmendingDto, expectedVersion?: number): Promise<ReviewView> {
    return this.step(actor, id, expectedVersion, async (review, today, schedule) => {
      const manager = this.txHost.tx;
      if (review.status !== ReviewStatus.Amending) throw new ReviewStepOutOfOrderError('decide not to amend after all', review.status);
      requireNotFuture('notifiedOn', dto.notifiedOn, today);
      requireOnOrAfter('notifiedOn', dto.notifiedOn, 'the amendment notice', review.orderedAmendmentOn ?? review.decisionNotifiedOn);
      if (!review.orderedAmendmentOn) {
        const earliest = earliestAmendedPlanOn(review.decisionNotifiedOn!, review.representationsReceivedOn);
        if (isBefore(dto.notifiedOn, earliest)) throw new RepresentationsWindowOpenError(dto.notifiedOn, earliest);
      }
      review.notAmendingNotifiedOn = dto.notifiedOn;
      review.notAmendingReasons = dto.reasons.trim();
      review.status = ReviewStatus.Decided;
      await manager.save(review);
      await this.syncPlan(schedule);
      return { action: 'review.not_amending', metadata: { notifiedOn: dto.notifiedOn } };
    });
  }

  /** The amended final plan: a new plan version with its PDF, after the family's 15 days or their representations. */
  async issueAmendedPlan(actor: Actor, id: string, dto: AmendedPlanDto, expectedVersion?: number): Promise<ReviewView & { changes: AmendmentIssued }> {
    let changes: AmendmentIssued | null = null;
    const view = await this.step(actor, id, expectedVersion, async (review, today, schedule) => {
      const manager = this.txHost.tx;
      if (review.status !== ReviewStatus.Amending) throw new ReviewStepOutOfOrderError('issue the amended plan', review.status);
      requireNotFuture('issuedOn', dto.issuedOn, today);
      if (review.orderedAmendmentOn) {
        requireOnOrAfter('issuedOn', dto.issuedOn, "the Tribunal's order", review.orderedAmendmentOn);
      } else {
        requireOnOrAfter('issuedOn', dto.issuedOn, 'the amendment notice', review.decisionNotifiedOn);
        const earliest = earliestAmendedPlanOn(review.decisionNotifiedOn!, review.representationsReceivedOn);
        if (isBefore(dto.issuedOn, earliest)) throw new RepresentationsWindowOpenError(dto.issuedOn, earliest);
      }
      changes = await this.plans.issueAmendment(actor, review.planId, dto.issuedOn, null, { refuseUnchanged: dto.confirmNoChanges !== true });
      review.amendedPlanIssuedOn = dto.issuedOn;
      review.amendedPlanVersion = changes.versionNumber;
      review.status = ReviewStatus.Amended;
      await manager.save(review);
      await this.syncPlan(schedule);
      return { action: 'review.amended_plan_issued', metadata: { issuedOn: dto.issuedOn, versionNumber: changes.versionNumber, changedSections: changes.changedSections.map((c) => c.section), ...(changes.changedSections.length === 0 ? { confirmedNoChanges: true } : {}) } };
    });
    const issued = changes as AmendmentIssued | null;
    if (issued) await this.plans.renderAfterCommit(view.review.planId, issued.versionNumber);
    return { ...view, changes: issued! };
  }

  /** Records (or replaces) the plan's phase transfer: the Regs 18 deadline appears on the plan and in the reminders. */
  async setPhaseTransfer(actor: Actor, planId: string, dto: PhaseTransferDto): Promise<PlanWithDeadlines> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.maintainedPlan(actor, planId);
      const schedule = await this.scheduleOf(plan.id, true);
      const before = { kind: schedule.phaseTransferKind, transferOn: schedule.phaseTransferOn, yearGroup: schedule.yearGroupOverride };
      schedule.phaseTransferKind = dto.kind;
      schedule.phaseTransferOn = dto.transferOn;
      if (dto.yearGroup !== undefined) schedule.yearGroupOverride = dto.yearGroup;
      requireOnOrAfter('transferOn', dto.transferOn, 'the final plan', schedule.firstIssuedOn);
      await manager.save(schedule);
      await this.syncPlan(schedule);
      await this.audit.record(actor, {
        action: 'plan.phase_transfer_set',
        entityType: 'plan',
        entityId: plan.id,
        changes: { phaseTransfer: { before, after: { kind: dto.kind, transferOn: dto.transferOn, yearGroup: schedule.yearGroupOverride } } },
        metadata: { childId: plan.childId },
      });
    });
    return this.planView(actor, planId);
  }

  /** A shorter review interval for this plan (guidance for under-5s, CoP 9.178), or back to 12 months. */
  async setInterval(actor: Actor, planId: string, dto: ReviewIntervalDto): Promise<PlanWithDeadlines> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.maintainedPlan(actor, planId);
      const schedule = await this.scheduleOf(plan.id, true);
      const before = schedule.intervalMonths;
      schedule.intervalMonths = dto.months;
      await manager.save(schedule);
      await this.syncPlan(schedule);
      await this.audit.record(actor, { action: 'plan.review_interval_set', entityType: 'plan', entityId: plan.id, changes: { intervalMonths: { before, after: dto.months } }, metadata: { childId: plan.childId } });
    });
    return this.planView(actor, planId);
  }

  // ---- reads ----

  async get(actor: Actor, id: string): Promise<ReviewView> {
    const review = await this.find(actor, id);
    const view = await this.view(review);
    await this.audit.recordRead(actor, { action: 'review.read', entityType: 'review', entityId: review.id, metadata: { planId: review.planId, childId: review.childId } });
    return view;
  }

  async listForPlan(actor: Actor, planId: string): Promise<ReviewView[]> {
    const plan = await this.plans.get(actor, planId);
    const reviews = await this.dataSource.manager.find(Review, { where: { planId: plan.id }, order: { createdAt: 'ASC' } });
    const views = await Promise.all(reviews.map((r) => this.view(r)));
    await this.audit.recordRead(actor, { action: 'plan.reviews_read', entityType: 'plan', entityId: plan.id, metadata: { childId: plan.childId, reviews: reviews.length } });
    return views;
  }

  /** The LA's plans transferring between phases in a calendar year, and where each transfer review stands. */
  async phaseTransfers(actor: Actor, year: number): Promise<PhaseTransferRow[]> {
    if (actor.role === Role.Professional) return [];
    const today = this.clock.today();
    const manager = this.dataSource.manager;
    const schedules = await manager
      .getRepository(ReviewSchedule)
      .createQueryBuilder('s')
      .where('s.local_authority_id = :la AND s.ended_on IS NULL AND s.phase_transfer_on >= :from AND s.phase_transfer_on <= :to', { la: actor.localAuthorityId, from: `${year}-01-01`, to: `${year}-12-31` })
      .orderBy('s.phase_transfer_on', 'ASC')
      .addOrderBy('s.plan_id', 'ASC')
      .limit(5000)
      .getMany();
    if (schedules.length === 0) return [];
    const planIds = schedules.map((s) => s.planId);
    const [plans, children, reviews] = await Promise.all([
      this.plans.findByIds(planIds),
      this.children.findByIds(schedules.map((s) => s.childId)),
      manager.find(Review, { where: { planId: In(planIds) }, order: { createdAt: 'ASC' } }),
    ]);
    const rows: PhaseTransferRow[] = [];
    for (const schedule of schedules) {
      const plan = plans.find((p) => p.id === schedule.planId);
      const child = children.find((c) => c.id === schedule.childId);
      if (!plan || !child) continue;
      const facts = await this.planFacts(schedule, reviews.filter((r) => r.planId === schedule.planId));
      const deadline = computePlanDeadlines(facts, today).find((d) => d.kind === DeadlineKind.PhaseTransfer)!;
      // The transfer review: the latest review whose meeting (or opening) falls in the 12 months before the move.
      const review = [...reviews].reverse().find((r) => r.planId === schedule.planId && isOnOrBefore(deadline.startsOn, r.meetingOn ?? r.openedOn)) ?? null;
      // The year group as the transfer approaches: on the Regs 18 deadline, in the school year before the move.
      rows.push({ schedule, plan, child, yearGroup: schedule.yearGroupOverride ?? yearGroupOn(child.dateOfBirth, deadline.dueOn), deadline, review });
    }
    await this.audit.recordRead(actor, { action: 'plan.phase_transfers_read', entityType: 'local_authority', entityId: actor.localAuthorityId, metadata: { year, plans: rows.length } });
    return rows;
  }

  // ---- the daily job ----

  /**
   * The worker's daily pass (and at start): computes the deadlines of schedules created by the migration, counts a
   * scheduled meeting whose day has come as held, and opens the review of every maintained plan whose review period
   * ends within REVIEW_OPEN_WEEKS_AHEAD, telling the caseworker and the setting. Idempotent: run twice, it does nothing
   * the second time (one unfinished review per plan, dedupe keys on the messages).
   */
  async daily(): Promise<DailyReviewWork> {
    const today = this.clock.today();
    const work: DailyReviewWork = { synced: 0, opened: 0, held: 0, failed: 0 };
    const batch = 200;
    // Each pass walks its rows in id order with a cursor, one transaction per row: a row that fails (logged) or is
    // skipped never stops the rest, and the pass ends.
    await this.each(`SELECT plan_id AS id FROM review_schedules WHERE deadlines_synced = false AND plan_id > $1 ORDER BY plan_id LIMIT $2`, [], batch, work, async (planId) => {
      await this.txHost.withTransaction(async () => {
        const [plan] = await this.plans.findByIds([planId]);
        if (plan) await this.plans.lockForUpdate(systemActor(plan.localAuthorityId, 'reviews-daily'), planId);
        await this.syncedSchedule(planId);
      });
      work.synced += 1;
    });
    await this.each(`SELECT id FROM reviews WHERE status = 'scheduled' AND meeting_on <= $3 AND id > $1 ORDER BY id LIMIT $2`, [today], batch, work, async (reviewId) => {
      const held = await this.txHost.withTransaction(async () => {
        const manager = this.txHost.tx;
        const [found] = await manager.find(Review, { where: { id: reviewId } });
        if (!found) return false;
        const actor = systemActor(found.localAuthorityId, 'reviews-daily');
        await this.plans.lockForUpdate(actor, found.planId);
        const review = await this.find(actor, reviewId, true);
        if (review.status !== ReviewStatus.Scheduled || !review.meetingOn || !reviewHeldOn({ meetingOn: review.meetingOn, heldOn: null }, today)) return false;
        review.status = ReviewStatus.Held;
        review.heldOn = review.meetingOn;
        await manager.save(review);
        await this.syncReview(review, await this.scheduleOf(review.planId, true));
        await this.record(actor, review, 'review.held', { heldOn: review.heldOn, automatically: true });
        return true;
      });
      if (held) work.held += 1;
    });
    const horizon = addDays(today, this.config.reviewOpenWeeksAhead * 7);
    await this.each(
      `SELECT s.plan_id AS id FROM review_schedules s
        WHERE s.ended_on IS NULL AND s.deadlines_synced AND s.current_cycle_due_on <= $3 AND s.plan_id > $1
          AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.plan_id = s.plan_id AND r.status IN ('opened', 'scheduled', 'held'))
          AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.plan_id = s.plan_id AND r.cycle_starts_on = s.current_cycle_starts_on)
        ORDER BY s.plan_id LIMIT $2`,
      [horizon],
      batch,
      work,
      async (planId) => {
        if (await this.openAhead(planId, today)) work.opened += 1;
      },
    );
    return work;
  }

  /** Runs `work` for each id the query pages out ($1 the cursor, $2 the page size, $3.. `params`), logging failures. */
  private async each(sql: string, params: unknown[], batch: number, tally: DailyReviewWork, work: (id: string) => Promise<void>): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string }[] = await this.dataSource.query(sql, [after, batch, ...params]);
      for (const { id } of rows) {
        try {
          await work(id);
        } catch (error) {
          tally.failed += 1;
          this.logger.error({ id, err: { message: (error as Error).message, stack: (error as Error).stack } }, 'the reviews daily pass could not process a row; it goes on with the others and tries again tomorrow');
        }
      }
      if (rows.length < batch) return;
      after = rows[rows.length - 1].id;
    }
  }

  private async openAhead(planId: string, today: IsoDate): Promise<boolean> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const [found] = await this.plans.findByIds([planId]);
      if (!found) return false;
      const actor = systemActor(found.localAuthorityId, 'reviews-daily');
      const plan = await this.plans.lockForUpdate(actor, planId);
      if (!MAINTAINED.includes(plan.status)) return false;
      if (await this.unfinishedReview(planId, true)) return false;
      const schedule = await this.scheduleOf(planId, true);
      if (schedule.endedOn) return false;
      const review = await this.newReview(actor, schedule, today);
      await this.setYearGroup(review, schedule, today);
      await manager.save(review);
      await this.record(actor, review, 'review.opened', { cycleDueOn: review.cycleDueOn, automatically: true });
      const caseworker = (await this.assessments.caseworkersOf([schedule.assessmentId])).get(schedule.assessmentId) ?? null;
      const setting = await this.settingOf(plan, schedule);
      const message = { localAuthorityId: schedule.localAuthorityId, kind: NotificationKind.ReviewDueSoon, subjectType: 'plan', subjectId: planId, deadlineKind: DeadlineKind.ReviewDue, dueOn: review.cycleDueOn };
      await this.notifications.notify({ ...message, recipientUserId: caseworker, recipientOrganisationId: null, dedupeKey: `review:${review.id}:opened:caseworker` });
      if (setting) await this.notifications.notify({ ...message, recipientUserId: null, recipientOrganisationId: setting, dedupeKey: `review:${review.id}:opened:setting` });
      return true;
    });
  }

  /** The plan's schedule, locked; one the migration left without its dates is computed first (the clock's answer). */
  private async syncedSchedule(planId: string): Promise<ReviewSchedule> {
    const manager = this.txHost.tx;
    const schedule = await this.scheduleOf(planId, true);
    if (!schedule.deadlinesSynced) {
      schedule.deadlinesSynced = true;
      await manager.update(ReviewSchedule, { planId }, { deadlinesSynced: true });
      await this.syncPlan(schedule);
    }
    return schedule;
  }

  // ---- internals ----

  /** Runs one step on a review in a transaction: lock, optimistic check, change, save, deadlines, audit, view. */
  private async step(
    actor: Actor,
    id: string,
    expectedVersion: number | undefined,
    change: (review: Review, today: IsoDate, schedule: ReviewSchedule, plan: Plan) => Promise<{ action: string; metadata: Record<string, unknown> }>,
  ): Promise<ReviewView> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      // Lock order everywhere: the plan, then its reviews, then its schedule (ceasing and scheduling lock the plan first).
      const found = await this.find(actor, id);
      const plan = await this.maintainedPlan(actor, found.planId);
      const review = await this.find(actor, id, true);
      if (expectedVersion !== undefined && review.version !== expectedVersion) throw new StaleVersionError('review', expectedVersion, review.version);
      const schedule = await this.scheduleOf(review.planId, true);
      // Whether section J holds a direct payment, as the plan stands, until the review is decided (CFA s49).
      if (review.decisionNotifiedOn === null) review.directPaymentInPlan = holdsDirectPayment(plan);
      const { action, metadata } = await change(review, this.clock.today(), schedule, plan);
      await manager.save(review);
      await this.syncReview(review, schedule);
      await this.record(actor, review, action, metadata);
      return this.view(review);
    });
  }

  /** A meeting whose day has come counts as held even before the daily job records it. */
  private effectivelyHeld(review: Review, today: IsoDate): void {
    if (review.status !== ReviewStatus.Scheduled || !review.meetingOn) return;
    const heldOn = reviewHeldOn({ meetingOn: review.meetingOn, heldOn: review.heldOn }, today);
    if (heldOn) {
      review.status = ReviewStatus.Held;
      review.heldOn = heldOn;
    }
  }

  private async newReview(actor: Actor, schedule: ReviewSchedule, today: IsoDate): Promise<Review> {
    const manager = this.txHost.tx;
    const review = manager.create(Review, {
      id: randomUUID(),
      localAuthorityId: schedule.localAuthorityId,
      planId: schedule.planId,
      childId: schedule.childId,
      status: ReviewStatus.Opened,
      cycleStartsOn: schedule.currentCycleStartsOn,
      cycleDueOn: schedule.currentCycleDueOn,
      intervalMonths: schedule.intervalMonths,
      openedOn: today,
      scheduledOn: null,
      meetingOn: null,
      heldOn: null,
      invitationsSentOn: null,
      reportIssuedOn: null,
      yearGroup: null,
      preparingForAdulthood: false,
      decision: null,
      decisionNotifiedOn: null,
      proposedChanges: null,
      representationsReceivedOn: null,
      orderedAmendmentOn: null,
      amendedPlanIssuedOn: null,
      notAmendingNotifiedOn: null,
      notAmendingReasons: null,
      adviceCirculatedOn: null,
      directPaymentInPlan: false,
      directPaymentReviewedOn: null,
      directPaymentNotes: null,
      nextPlacementNamed: false,
      amendedPlanVersion: null,
      createdById: actor.userId === SYSTEM_USER_ID ? null : actor.userId,
    });
    await manager.insert(Review, review);
    return review;
  }

  private async setYearGroup(review: Review, schedule: ReviewSchedule, on: IsoDate): Promise<void> {
    const [child] = await this.children.findByIds([schedule.childId]);
    const yearGroup = schedule.yearGroupOverride ?? (child ? yearGroupOn(child.dateOfBirth, on) : null);
    review.yearGroup = yearGroup;
    review.preparingForAdulthood = yearGroup !== null && reviewCoversPreparationForAdulthood(yearGroup);
  }

  private async planFacts(schedule: ReviewSchedule, known?: Review[]): Promise<PlanScheduleFacts> {
    const manager = this.txHost.tx;
    const reviews = known ?? (await manager.find(Review, { where: { planId: schedule.planId }, order: { createdAt: 'ASC' } }));
    const completed = reviews.filter((r) => r.decisionNotifiedOn !== null).sort((a, b) => (a.decisionNotifiedOn! < b.decisionNotifiedOn! ? -1 : 1));
    return {
      firstIssuedOn: schedule.firstIssuedOn,
      reviewsCompletedOn: completed.map((r) => r.decisionNotifiedOn!),
      intervalMonths: schedule.intervalMonths,
      pastIntervals: completed.map((r) => r.intervalMonths),
      phaseTransfer: schedule.phaseTransferKind && schedule.phaseTransferOn ? { kind: schedule.phaseTransferKind, transferOn: schedule.phaseTransferOn } : null,
      amendedPlansIssuedOn: reviews.flatMap((r) => (r.amendedPlanIssuedOn ? [r.amendedPlanIssuedOn] : [])),
      reviewsNoAmendmentNeededOn: completed.filter((r) => r.nextPlacementNamed).map((r) => r.decisionNotifiedOn!),
      endedOn: schedule.endedOn,
      firstCycleDueOn: schedule.transferReviewDueOn,
    };
  }

  /** Recomputes the plan's own deadlines, keeps the current review period on the schedule and the plan, and persists. */
  private async syncPlan(schedule: ReviewSchedule): Promise<void> {
    const manager = this.txHost.tx;
    const facts = await this.planFacts(schedule);
    const today = this.clock.today();
    const cycles = reviewCycles(facts);
    const current = cycles.at(-1)!;
    schedule.currentCycleStartsOn = current.startsOn;
    schedule.currentCycleDueOn = cycleDueOn(facts, current, cycles.length - 1);
    await manager.update(ReviewSchedule, { planId: schedule.planId }, { currentCycleStartsOn: schedule.currentCycleStartsOn, currentCycleDueOn: schedule.currentCycleDueOn });
    await this.deadlines.sync(await this.subject(schedule, 'plan', schedule.planId), computePlanDeadlines(facts, today));
    await this.plans.recordNextReviewDue(schedule.planId, schedule.endedOn ? null : schedule.currentCycleDueOn);
  }

  private async syncReview(review: Review, schedule: ReviewSchedule): Promise<void> {
    const facts = this.facts(review, schedule);
    await this.deadlines.sync(await this.subject(schedule, 'review', review.id), facts ? computeReviewDeadlines(facts, this.clock.today()) : []);
  }

  private async subject(schedule: ReviewSchedule, subjectType: 'plan' | 'review', subjectId: string) {
    const caseworker = (await this.assessments.caseworkersOf([schedule.assessmentId])).get(schedule.assessmentId) ?? null;
    return { localAuthorityId: schedule.localAuthorityId, subjectType, subjectId, assessmentId: null, caseOwnerUserId: caseworker };
  }

  private facts(review: Review, schedule: ReviewSchedule): ReviewFacts | null {
    if (!review.meetingOn || !review.scheduledOn) return null;
    return {
      scheduledOn: review.scheduledOn,
      meetingOn: review.meetingOn,
      heldOn: review.heldOn,
      invitationsSentOn: review.invitationsSentOn,
      adviceCirculatedOn: review.adviceCirculatedOn,
      reportIssuedOn: review.reportIssuedOn,
      decision: review.decision && review.decisionNotifiedOn ? { decision: review.decision, notifiedOn: review.decisionNotifiedOn } : null,
      representationsReceivedOn: review.representationsReceivedOn,
      amendedPlanIssuedOn: review.amendedPlanIssuedOn,
      notAmendingNotifiedOn: review.notAmendingNotifiedOn,
      endedOn: schedule.endedOn,
      directPayment: review.directPaymentInPlan ? { reviewedOn: review.directPaymentReviewedOn } : null,
    };
  }

  private async view(review: Review): Promise<ReviewView> {
    const schedule = await this.scheduleOf(review.planId);
    const facts = this.facts(review, schedule);
    return {
      review,
      deadlines: facts ? computeReviewDeadlines(facts, this.clock.today()) : [],
      earliestAmendedPlanOn: review.decision === 'amend' && review.decisionNotifiedOn ? earliestAmendedPlanOn(review.decisionNotifiedOn, review.representationsReceivedOn) : null,
      noticeContacts:
        ((review.decision === 'maintain' || review.decision === 'cease') && review.decisionNotifiedOn) || review.amendedPlanIssuedOn || review.notAmendingNotifiedOn
          ? await this.localAuthorities.noticeContactsOf(review.localAuthorityId)
          : {},
    };
  }

  private async planView(actor: Actor, planId: string): Promise<PlanWithDeadlines> {
    return this.plans.withDeadlines(await this.plans.get(actor, planId));
  }

  private async record(actor: Actor, review: Review, action: string, metadata: Record<string, unknown>): Promise<void> {
    await this.audit.record(actor, { action, entityType: 'review', entityId: review.id, metadata: { ...metadata, planId: review.planId, childId: review.childId, status: review.status } });
  }

  private async maintainedPlan(actor: Actor, planId: string): Promise<Plan> {
    const plan = await this.plans.lockForUpdate(actor, planId);
    if (!MAINTAINED.includes(plan.status)) throw new PlanNotIssuedError(plan.status);
    return plan;
  }

  /** The plan's schedule; a plan issued before reviews existed gets one from its final issue date. */
  private async scheduleOf(planId: string, lock = false): Promise<ReviewSchedule> {
    const manager = this.txHost.tx;
    const qb = manager.getRepository(ReviewSchedule).createQueryBuilder('s').where('s.plan_id = :planId', { planId });
    if (lock) qb.setLock('pessimistic_write');
    const schedule = await qb.getOne();
    if (!schedule) throw new NotFoundError('review schedule', planId);
    return schedule;
  }

  private async unfinishedReview(planId: string, lock: boolean): Promise<Review | null> {
    const manager = this.txHost.tx;
    const qb = manager.getRepository(Review).createQueryBuilder('r').where('r.plan_id = :planId AND r.status IN (:...statuses)', { planId, statuses: UNFINISHED_REVIEW_STATUSES });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  private async find(actor: Actor, id: string, lock = false): Promise<Review> {
    const manager = this.txHost.tx;
    if (actor.role === Role.Professional) throw new NotFoundError('review', id);
    const qb = manager.getRepository(Review).createQueryBuilder('r').where('r.id = :id AND r.local_authority_id = :la', { id, la: actor.localAuthorityId });
    if (lock) qb.setLock('pessimistic_write');
    const review = await qb.getOne();
    if (!review) throw new NotFoundError('review', id);
    return review;
  }

  /** The setting whose SENCO hears of the review: the placement named in section I, else the child's recorded setting. */
  private async settingOf(plan: Plan, schedule: ReviewSchedule): Promise<string | null> {
    const placement = plan.sections.I.items[0] as { urn?: string | null } | undefined;
    let urn = placement?.urn ?? null;
    if (!urn) {
      const [child] = await this.children.findByIds([schedule.childId]);
      urn = child?.settingUrn ?? null;
    }
    return urn ? this.organisations.idByUrn(schedule.localAuthorityId, urn) : null;
  }
}

/** Section J holds a budget item paid as a direct payment (CFA s49). */
function holdsDirectPayment(plan: Plan): boolean {
  const items = (plan.sections.J?.items ?? []) as { directPayment?: boolean }[];
  return items.some((i) => i?.directPayment === true);
}

/** The direct payment reviewed at the review (CFA s49): on or after the day the meeting was arranged, not in the future. */
function recordDirectPaymentReview(review: Review, dto: { directPaymentReviewedOn?: string; directPaymentNotes?: string }, today: IsoDate): void {
  if (!dto.directPaymentReviewedOn) return;
  requireNotFuture('directPaymentReviewedOn', dto.directPaymentReviewedOn, today);
  requireOnOrAfter('directPaymentReviewedOn', dto.directPaymentReviewedOn, 'the start of the review period', review.cycleStartsOn);
  review.directPaymentReviewedOn = dto.directPaymentReviewedOn;
  review.directPaymentNotes = dto.directPaymentNotes?.trim() || null;
}
