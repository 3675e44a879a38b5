import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, BindsPort, Clock, DomainEventMap, DomainEvents, NotFoundError, OnDomainEvent, Role, StaleVersionError } from '@app/core';
import { AuditService, diffFields } from '@app/audit';
import { AssessmentsService, requireNotFuture, requireOnOrAfter } from '@app/assessments';
import { DeadlinesService } from '@app/deadlines';
import { PlanCeasingService, PlansService } from '@app/plans';
import { TxHost } from '@app/database';
import {
  AppealableDecision,
  appealDeadline,
  AppealFacts,
  appealStage,
  computeAppealDeadlines,
  IsoDate,
  isAfter,
  isOnOrBefore,
  mediationGuidance,
  OrderDuty,
  RecommendationKind,
  orderComplianceDuties,
  OrderKind,
} from '@app/statutory-clock';
import { DataSource, In, IsNull } from 'typeorm';
import { AppealState, AppealSubject, AppealSubjectResolver, decisionKey } from './appeal-subjects';
import { AppealSubjectUnsupportedError } from './appeals.errors';
import { AppealAlreadyDecidedError, AppealAlreadyRegisteredError, AppealNotLodgedError, RecommendationNotApplicableError, UnknownDutyError } from './appeals.errors';
import { AppealDto, AppealQueryDto, ComplianceDto, CreateAppealDto, MediationDto, OrderDto, OutcomeDto, RecommendationAnswerDto, RecommendationDto } from './dto/appeal.dto';
import { AppealRecommendation } from './entities/appeal-recommendation.entity';
import { AppealOrderDuty } from './entities/appeal-order-duty.entity';
import { AppealOrder } from './entities/appeal-order.entity';
import { Appeal, AppealOutcome, AppealSubjectType } from './entities/appeal.entity';
import { AssessmentAppealSubject } from './subjects/assessment-appeal-subject';
import { PlanAppealSubject } from './subjects/plan-appeal-subject';
import { ReviewAppealSubject } from './subjects/review-appeal-subject';
import { ReviewsService } from '@app/reviews';

const FACT_FIELDS = ['mediationAdviserContactedOn', 'mediationRequestedOn', 'mediationHeldOn', 'mediationOutcome', 'mediationCertificateOn', 'appealDeadline', 'lodgedOn', 'hearingOn', 'outcome', 'outcomeOn'] as const;

/**
 * Disagreements (CFA s51, s55; Regs 44, 45): the appeals register on the original case, mediation, the Tribunal's
 * orders and the LA's duties after them. Subjects are reached through their resolvers, a plain map by subject type
 * (assessments, plans and reviews through their services; a re-assessment through the port
 * `appeals.reassessment-subject` that boundaries binds); duties are marked done from the subject's own steps
 * (`assessment.stepped`, `plan.amended-issued`) or by the caseworker.
 */
@Injectable()
@BindsPort('reminders.case-reference.appeal')
export class AppealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly assessments: AssessmentsService,
    private readonly plans: PlansService,
    private readonly ceasing: PlanCeasingService,
    private readonly reviews: ReviewsService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
  ) {
    this.subjects = {
      assessment: new AssessmentAppealSubject(this.assessments),
      plan: new PlanAppealSubject(this.plans, this.ceasing, this.assessments),
      review: new ReviewAppealSubject(this.reviews, this.ceasing),
      reassessment: { get: () => this.events.port('appeals.reassessment-subject') },
    };
  }

  /** Port `reminders.case-reference.appeal`: the case reference of each appeal (for the emails about it). */
  async caseReferencesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const manager = this.txHost.tx;
    const appeals = await manager.findBy(Appeal, { id: In([...ids]) });
    const references = await this.assessments.referencesOf(appeals.map((a) => a.assessmentId));
    return new Map(appeals.filter((a) => references.has(a.assessmentId)).map((a) => [a.id, references.get(a.assessmentId)!]));
  }

  /** Which resolver answers for which subject type: the three this context builds, and the re-assessment port. */
  private readonly subjects: Record<AppealSubjectType, AppealSubjectResolver | { get(): AppealSubjectResolver }>;

  /** The resolver of a subject type (the notice letters resolve their subject through it too); 422 for an unknown type. */
  resolver(subjectType: string): AppealSubjectResolver {
    const entry = Object.hasOwn(this.subjects, subjectType) ? this.subjects[subjectType as AppealSubjectType] : undefined;
    if (!entry) throw new AppealSubjectUnsupportedError(subjectType);
    return 'get' in entry ? entry.get() : entry;
  }

  // ---- commands ----

  async create(actor: Actor, dto: CreateAppealDto): Promise<AppealDto> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      requireNotFuture('noticeOn', dto.noticeOn, this.clock.today());
      const resolver = this.resolver(dto.subjectType);
      const subject = await resolver.resolve(actor, dto.subjectId, dto.decision, dto.noticeOn);
      // One decision, one live appeal: concurrent registrations of the same decision queue here, the later ones see
      // the first and get a 409 naming it (the partial unique index ux_appeals_live_decision backs this up).
      const key = decisionKey(dto.decision, subject);
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('appeal:' || $1))`, [key]);
      const existing = await manager.findOneBy(Appeal, { decisionKey: key, outcome: IsNull(), localAuthorityId: actor.localAuthorityId });
      if (existing) throw new AppealAlreadyRegisteredError(existing.id, dto.decision);
      const appeal = manager.create(Appeal, {
        id: randomUUID(),
        localAuthorityId: actor.localAuthorityId,
        childId: subject.childId,
        assessmentId: subject.assessmentId,
        planId: subject.planId,
        subjectType: dto.subjectType,
        subjectId: subject.subjectId,
        decision: dto.decision,
        decisionKey: key,
        noticeOn: dto.noticeOn,
        sectionIOnly: dto.sectionIOnly ?? false,
        appealDeadline: appealDeadline(dto.noticeOn).dueOn,
        mediationAdviserContactedOn: null,
        mediationRequestedOn: null,
        mediationHeldOn: null,
        mediationOutcome: null,
        mediationCertificateOn: null,
        mediationHealthInIssue: false,
        mediationHealthBodyToldOn: null,
        mediationAgreementOn: null,
        mediationAgreementDoneOn: null,
        lodgedOn: null,
        hearingOn: null,
        outcome: null,
        outcomeOn: null,
        createdById: actor.userId,
      });
      await manager.insert(Appeal, appeal);
      await this.sync(appeal, subject);
      await resolver.appealChanged?.(actor, subject, stateOf(appeal));
      await this.audit.record(actor, {
        action: 'appeal.registered',
        entityType: 'appeal',
        entityId: appeal.id,
        changes: diffFields(null, { ...appeal }, ['subjectType', 'subjectId', 'decision', 'noticeOn', 'appealDeadline']),
        metadata: { childId: appeal.childId, assessmentId: appeal.assessmentId },
      });
      return this.viewOf(await manager.findOneByOrFail(Appeal, { id: appeal.id }));
    });
  }

  mediation(actor: Actor, id: string, dto: MediationDto, expectedVersion?: number): Promise<AppealDto> {
    return this.change(actor, id, 'appeal.mediation_recorded', expectedVersion, (appeal, today) => {
      for (const [field, value] of [['adviserContactedOn', dto.adviserContactedOn], ['mediationRequestedOn', dto.mediationRequestedOn], ['heldOn', dto.heldOn]] as const) {
        if (value) {
          requireNotFuture(field, value, today);
          requireOnOrAfter(field, value, 'the decision notice', appeal.noticeOn);
        }
      }
      for (const [field, value] of [['healthBodyToldOn', dto.healthBodyToldOn], ['agreementOn', dto.agreementOn], ['agreementDoneOn', dto.agreementDoneOn]] as const) {
        if (value) {
          requireNotFuture(field, value, today);
          requireOnOrAfter(field, value, 'the decision notice', appeal.noticeOn);
        }
      }
      if (dto.healthInIssue !== undefined) appeal.mediationHealthInIssue = dto.healthInIssue;
      if (dto.healthBodyToldOn) appeal.mediationHealthBodyToldOn = dto.healthBodyToldOn;
      if (dto.agreementOn) appeal.mediationAgreementOn = dto.agreementOn;
      if (dto.agreementDoneOn) appeal.mediationAgreementDoneOn = dto.agreementDoneOn;
      if (dto.adviserContactedOn) appeal.mediationAdviserContactedOn = dto.adviserContactedOn;
      if (dto.mediationRequestedOn) appeal.mediationRequestedOn = dto.mediationRequestedOn;
      if (dto.heldOn) appeal.mediationHeldOn = dto.heldOn;
      if (dto.outcome) appeal.mediationOutcome = dto.outcome;
    });
  }

  /** The mediation certificate: the deadline becomes the later of notice + 2 months and certificate + 1 month. */
  certificate(actor: Actor, id: string, issuedOn: IsoDate, expectedVersion?: number): Promise<AppealDto> {
    return this.change(actor, id, 'appeal.mediation_certificate', expectedVersion, (appeal, today) => {
      requireNotFuture('issuedOn', issuedOn, today);
      requireOnOrAfter('issuedOn', issuedOn, 'the decision notice', appeal.noticeOn);
      appeal.mediationCertificateOn = issuedOn;
    });
  }

  lodged(actor: Actor, id: string, lodgedOn: IsoDate, expectedVersion?: number): Promise<AppealDto> {
    return this.change(actor, id, 'appeal.lodged', expectedVersion, (appeal, today) => {
      requireNotFuture('lodgedOn', lodgedOn, today);
      requireOnOrAfter('lodgedOn', lodgedOn, 'the decision notice', appeal.noticeOn);
      appeal.lodgedOn = lodgedOn;
    });
  }

  hearing(actor: Actor, id: string, hearingOn: IsoDate, expectedVersion?: number): Promise<AppealDto> {
    return this.change(actor, id, 'appeal.hearing_listed', expectedVersion, (appeal) => {
      if (!appeal.lodgedOn) throw new AppealNotLodgedError('hearing');
      requireOnOrAfter('hearingOn', hearingOn, 'the appeal being lodged', appeal.lodgedOn);
      appeal.hearingOn = hearingOn;
    });
  }

  outcome(actor: Actor, id: string, dto: OutcomeDto, expectedVersion?: number): Promise<AppealDto> {
    return this.change(actor, id, 'appeal.outcome_recorded', expectedVersion, (appeal, today) => {
      requireNotFuture('decidedOn', dto.decidedOn, today);
      requireOnOrAfter('decidedOn', dto.decidedOn, 'the decision notice', appeal.noticeOn);
      appeal.outcome = dto.outcome;
      appeal.outcomeOn = dto.decidedOn;
    });
  }

  /** An order or a concession: its duties and deadlines, and the subject reopened, amended or continued (Regs 44, 45). */
  async order(actor: Actor, id: string, dto: OrderDto, expectedVersion?: number): Promise<AppealDto> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const appeal = await this.lock(actor, id);
      // An order is recorded once: a replay of the same order (even with the If-Match it first carried) answers with the
      // appeal as it stands, creating no new duty, deadline or reminder.
      const recorded = await manager.findOneBy(AppealOrder, { appealId: appeal.id, kind: dto.kind, orderedOn: dto.orderedOn });
      if (recorded) return this.viewOf(appeal);
      if (expectedVersion !== undefined && expectedVersion !== appeal.version) throw new StaleVersionError('appeal', expectedVersion, appeal.version);
      const today = this.clock.today();
      requireNotFuture('orderedOn', dto.orderedOn, today);
      requireOnOrAfter('orderedOn', dto.orderedOn, 'the decision notice', appeal.noticeOn);
      const concession = dto.concession ?? false;
      if (!concession && dto.kind !== OrderKind.Dismissed && !appeal.lodgedOn) throw new AppealNotLodgedError('Tribunal order (record a concession with "concession": true)');
      if (appeal.outcome && appeal.outcome !== AppealOutcome.Upheld && appeal.outcome !== AppealOutcome.PartlyUpheld && appeal.outcome !== AppealOutcome.Conceded) throw new AppealAlreadyDecidedError(appeal.outcome);
      const resolver = this.resolver(appeal.subjectType);
      const subject = await resolver.load(actor, appeal.subjectId);
      const order = await manager.save(manager.create(AppealOrder, { appealId: appeal.id, localAuthorityId: appeal.localAuthorityId, kind: dto.kind, orderedOn: dto.orderedOn, concession, createdById: actor.userId }));
      const duties = orderComplianceDuties(dto.kind, dto.orderedOn, concession);
      for (const duty of duties) {
        // An order to continue a plan is complied with at once: the cease is undone in this transaction.
        const completedOn = duty.duty === OrderDuty.MaintainPlan ? dto.orderedOn : null; // continue_plan, continue_and_amend
        await manager.insert(AppealOrderDuty, { orderId: order.id, appealId: appeal.id, duty: duty.duty, dueOn: duty.dueOn, completedOn, notApplicable: false });
      }
      const recommended = await this.insertRecommendations(actor, appeal, order, dto.recommendations ?? []);
      if (!appeal.outcome) {
        appeal.outcome = dto.kind === OrderKind.Dismissed ? AppealOutcome.Dismissed : concession ? AppealOutcome.Conceded : AppealOutcome.Upheld;
        appeal.outcomeOn = dto.orderedOn;
        await manager.save(appeal);
      }
      // The subject as the order left it (the resolver says when it changed): not read back, not locked again.
      const after = (await resolver.applyOrder(actor, subject, stateOf(appeal), { kind: dto.kind, orderedOn: dto.orderedOn })) ?? subject;
      await this.sync(appeal, after);
      await this.audit.record(actor, {
        action: 'appeal.order_recorded',
        entityType: 'appeal',
        entityId: appeal.id,
        metadata: { orderId: order.id, kind: dto.kind, orderedOn: dto.orderedOn, concession, duties: duties.map((d) => ({ duty: d.duty, dueOn: d.dueOn })), recommendations: recommended, childId: appeal.childId, assessmentId: appeal.assessmentId },
      });
      return this.viewOf(await manager.findOneByOrFail(Appeal, { id: appeal.id }));
    });
  }

  /**
   * A Tribunal recommendation on health or social care made with an order (Recommendations Power Regulations 2017),
   * recorded after the order: the body's written answer is due within 5 weeks of the decision, a deadline of the appeal
   * (its owner is reminded). Recorded once: a replay of the same recommendation answers with the appeal as it stands.
   */
  async recommend(actor: Actor, id: string, orderId: string, dto: RecommendationDto): Promise<AppealDto> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const appeal = await this.lock(actor, id);
      const order = await manager.findOneBy(AppealOrder, { id: orderId, appealId: appeal.id });
      if (!order) throw new NotFoundError('order', orderId);
      const recorded = await this.insertRecommendations(actor, appeal, order, [dto]);
      if (recorded.length > 0) {
        await this.sync(appeal, await this.resolver(appeal.subjectType).load(actor, appeal.subjectId));
        await this.audit.record(actor, { action: 'appeal.recommendation_recorded', entityType: 'appeal', entityId: appeal.id, metadata: { orderId, recommendations: recorded, childId: appeal.childId, assessmentId: appeal.assessmentId } });
      }
      return this.viewOf(appeal);
    });
  }

  /** The body's written answer to a recommendation (text, date, who): it meets the 5-week deadline. A correction replaces it (audited). */
  async answerRecommendation(actor: Actor, id: string, recommendationId: string, dto: RecommendationAnswerDto): Promise<AppealDto> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const appeal = await this.lock(actor, id);
      const recommendation = await manager.findOneBy(AppealRecommendation, { id: recommendationId, appealId: appeal.id });
      if (!recommendation) throw new NotFoundError('recommendation', recommendationId);
      requireNotFuture('answeredOn', dto.answeredOn, this.clock.today());
      requireOnOrAfter('answeredOn', dto.answeredOn, 'the Tribunal’s decision', recommendation.decidedOn);
      const text = dto.text.trim();
      const answeredBy = dto.answeredBy.trim();
      if (recommendation.answerText === text && recommendation.answeredOn === dto.answeredOn && recommendation.answeredBy === answeredBy) return this.viewOf(appeal);
      const before = { answeredOn: recommendation.answeredOn, answeredBy: recommendation.answeredBy };
      recommendation.answerText = text;
      recommendation.answeredOn = dto.answeredOn;
      recommendation.answeredBy = answeredBy;
      recommendation.answerRecordedById = actor.userId;
      await manager.save(recommendation);
      await this.sync(appeal, await this.resolver(appeal.subjectType).load(actor, appeal.subjectId));
      await this.audit.record(actor, {
        action: 'appeal.recommendation_answered',
        entityType: 'appeal',
        entityId: appeal.id,
        changes: { answeredOn: { before: before.answeredOn, after: dto.answeredOn }, answeredBy: { before: before.answeredBy, after: answeredBy } },
        metadata: { recommendationId, kind: recommendation.kind, childId: appeal.childId },
      });
      return this.viewOf(appeal);
    });
  }

  /** Inserts the recommendations not yet recorded on the order (same kind and text: the same one); answers the new ones. */
  private async insertRecommendations(actor: Actor, appeal: Appeal, order: AppealOrder, dtos: readonly RecommendationDto[]): Promise<{ id: string; kind: string; body: string; decidedOn: string }[]> {
    const manager = this.txHost.tx;
    if (dtos.length === 0) return [];
    if (order.concession) throw new RecommendationNotApplicableError('Only the Tribunal makes health and social care recommendations: an LA’s concession carries none.');
    const today = this.clock.today();
    const inserted: { id: string; kind: string; body: string; decidedOn: string }[] = [];
    for (const dto of dtos) {
      const decidedOn = dto.decidedOn ?? order.orderedOn;
      requireNotFuture('decidedOn', decidedOn, today);
      requireOnOrAfter('decidedOn', decidedOn, 'the decision notice', appeal.noticeOn);
      const text = dto.text.trim();
      const textSha256 = createHash('sha256').update(text).digest('hex');
      const values = { appealId: appeal.id, orderId: order.id, localAuthorityId: appeal.localAuthorityId, kind: dto.kind, body: dto.body.trim(), text, textSha256, decidedOn, answerText: null, answeredOn: null, answeredBy: null, answerRecordedById: null, createdById: actor.userId };
      const result = await manager.createQueryBuilder().insert().into(AppealRecommendation).values(values).orIgnore().returning(['id']).execute();
      const row = (result.raw as { id: string }[])[0];
      if (row) inserted.push({ id: row.id, kind: dto.kind, body: values.body, decidedOn });
    }
    return inserted;
  }

  /** A duty the system cannot see from the case's own steps (the notice that the LA will assess): done on a day. */
  async compliance(actor: Actor, id: string, orderId: string, dto: ComplianceDto): Promise<AppealDto> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const appeal = await this.lock(actor, id);
      const order = await manager.findOneBy(AppealOrder, { id: orderId, appealId: appeal.id });
      if (!order) throw new NotFoundError('order', orderId);
      const duties = await manager.find(AppealOrderDuty, { where: { orderId: order.id } });
      const duty = duties.find((d) => d.duty === dto.duty);
      if (!duty) throw new UnknownDutyError(dto.duty, duties.map((d) => d.duty));
      requireNotFuture('doneOn', dto.doneOn, this.clock.today());
      requireOnOrAfter('doneOn', dto.doneOn, 'the order', order.orderedOn);
      const before = duty.completedOn;
      duty.completedOn = dto.doneOn;
      duty.notApplicable = false;
      await manager.save(duty);
      await this.sync(appeal, await this.resolver(appeal.subjectType).load(actor, appeal.subjectId));
      await this.audit.record(actor, { action: 'appeal.duty_done', entityType: 'appeal', entityId: appeal.id, changes: { [`duty.${dto.duty}`]: { before, after: dto.doneOn } }, metadata: { orderId, childId: appeal.childId } });
      return this.viewOf(appeal);
    });
  }

  // ---- reads ----

  async get(actor: Actor, id: string): Promise<AppealDto> {
    const appeal = await this.find(actor, id);
    await this.audit.recordRead(actor, { action: 'appeal.read', entityType: 'appeal', entityId: appeal.id, metadata: { childId: appeal.childId } });
    return this.viewOf(appeal);
  }

  /** The Tribunal's recommendations on a case's appeals and the bodies' answers (the family's plan view; the caller audits its read). */
  async recommendationsOfCase(assessmentId: string): Promise<AppealDto['recommendations']> {
    const manager = this.txHost.tx;
    const appeals = await manager.find(Appeal, { where: { assessmentId }, order: { createdAt: 'ASC' } });
    return (await this.viewsOf(appeals)).flatMap((v) => v.recommendations);
  }

  /** The LA's appeals (live ones by default), with their stage as of today: the manager's list. */
  async list(actor: Actor, query: AppealQueryDto): Promise<AppealDto[]> {
    if (actor.role === Role.Professional) return [];
    const where: Record<string, unknown> = { localAuthorityId: actor.localAuthorityId };
    if (query.live !== false) where.outcome = IsNull();
    if (query.assessmentId) where.assessmentId = query.assessmentId;
    const rows = await this.dataSource.manager.find(Appeal, { where, order: { appealDeadline: 'ASC', createdAt: 'ASC' }, take: query.limit ?? 200 });
    const views = await this.viewsOf(rows);
    const result = query.stage ? views.filter((v) => v.status === query.stage) : views;
    await this.audit.recordRead(actor, { action: 'appeal.listed', entityType: 'appeal', entityId: null, metadata: { results: result.map((r) => r.id) } });
    return result;
  }

  // ---- listeners: duties done by the case's own steps ----

  @OnDomainEvent('assessment.stepped')
  async onAssessmentStepped({ assessment, command }: DomainEventMap['assessment.stepped']): Promise<void> {
    const marks: { duty: OrderDuty; on: IsoDate | null; notApplicable?: boolean }[] = [];
    switch (command.type) {
      case 'decide_to_issue':
        if (command.decision === 'not_issue') marks.push({ duty: OrderDuty.NoPlanNotice, on: command.notifiedOn ?? command.decidedOn }, { duty: OrderDuty.FinalPlan, on: command.decidedOn, notApplicable: true });
        else marks.push({ duty: OrderDuty.NoPlanNotice, on: command.decidedOn, notApplicable: true });
        break;
      case 'issue_draft':
        marks.push({ duty: OrderDuty.DraftPlan, on: command.issuedOn });
        break;
      case 'issue_final':
        marks.push({ duty: OrderDuty.FinalPlan, on: command.notifiedOn ?? command.issuedOn });
        break;
      case 'withdraw':
        for (const duty of Object.values(OrderDuty)) marks.push({ duty, on: command.withdrawnOn, notApplicable: true });
        break;
      default:
        return;
    }
    await this.markDuties({ assessmentId: assessment.id }, marks, assessment.caseworkerId);
  }

  @OnDomainEvent('plan.amended-issued')
  async onAmendedPlanIssued({ plan, event }: DomainEventMap['plan.amended-issued']): Promise<void> {
    const assessment = await this.assessments.findById(plan.assessmentId);
    await this.markDuties({ planId: plan.id }, [{ duty: OrderDuty.AmendedPlan, on: event.issuedOn }], assessment?.caseworkerId ?? null);
  }

  /** Marks the open duties of the case's orders made on or before the step, and re-syncs those appeals' deadlines. */
  private async markDuties(where: { assessmentId: string } | { planId: string }, marks: { duty: OrderDuty; on: IsoDate | null; notApplicable?: boolean }[], caseOwnerUserId: string | null): Promise<void> {
    const manager = this.txHost.tx;
    const appeals = await manager.find(Appeal, { where });
    if (appeals.length === 0) return;
    const orders = await manager.find(AppealOrder, { where: { appealId: In(appeals.map((a) => a.id)) } });
    if (orders.length === 0) return;
    const duties = await manager.find(AppealOrderDuty, { where: { orderId: In(orders.map((o) => o.id)), completedOn: IsNull(), notApplicable: false } });
    const touched = new Set<string>();
    for (const duty of duties) {
      const order = orders.find((o) => o.id === duty.orderId)!;
      const mark = marks.find((m) => m.duty === duty.duty);
      if (!mark || !mark.on || isAfter(order.orderedOn, mark.on)) continue;
      if (mark.notApplicable) duty.notApplicable = true;
      else duty.completedOn = mark.on;
      await manager.save(duty);
      touched.add(duty.appealId);
    }
    for (const appeal of appeals.filter((a) => touched.has(a.id))) {
      await this.sync(appeal, { subjectType: appeal.subjectType, subjectId: appeal.subjectId, localAuthorityId: appeal.localAuthorityId, childId: appeal.childId, assessmentId: appeal.assessmentId, planId: appeal.planId, caseOwnerUserId });
    }
  }

  /**
   * The family told the council, in their own account, that they wish to go to mediation (issue 26; a service call from
   * the families context, in its transaction). Each live appeal on the case that has no mediation request yet records
   * it on that day, so the council's 30 days to arrange the mediation run (Regs 37); an appeal already lodged, decided
   * or with a request keeps what it has. Answers the appeals it touched.
   */
  async familyWishesMediation(actor: Actor, assessmentId: string, on: IsoDate): Promise<string[]> {
    const manager = this.txHost.tx;
    // Locked as every other change to an appeal is, so a caseworker's concurrent change waits rather than overwrites.
    const appeals = await manager.find(Appeal, { where: { assessmentId, localAuthorityId: actor.localAuthorityId, mediationRequestedOn: IsNull(), outcome: IsNull(), lodgedOn: IsNull() }, order: { createdAt: 'ASC' }, lock: { mode: 'pessimistic_write' } });
    const touched: string[] = [];
    for (const appeal of appeals) {
      if (isAfter(appeal.noticeOn, on)) continue;
      await this.applyChange(actor, appeal, 'appeal.mediation_requested_by_family', (a) => {
        a.mediationRequestedOn = on;
      });
      touched.push(appeal.id);
    }
    return touched;
  }

  // ---- internals ----

  /** One change to an appeal's own facts: lock, apply, recompute the deadline, tell the subject, sync, audit. */
  private async change(actor: Actor, id: string, action: string, expectedVersion: number | undefined, apply: (appeal: Appeal, today: IsoDate) => void): Promise<AppealDto> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const appeal = await this.lock(actor, id, expectedVersion);
      if (appeal.outcome && action !== 'appeal.outcome_recorded') throw new AppealAlreadyDecidedError(appeal.outcome);
      await this.applyChange(actor, appeal, action, (a) => apply(a, this.clock.today()));
      return this.viewOf(await manager.findOneByOrFail(Appeal, { id: appeal.id }));
    });
  }

  /** Applies a change to a locked appeal: recompute the deadline, save, tell the subject, sync its deadlines, audit. */
  private async applyChange(actor: Actor, appeal: Appeal, action: string, apply: (appeal: Appeal) => void): Promise<void> {
    const manager = this.txHost.tx;
    const before = { ...appeal };
    apply(appeal);
    appeal.appealDeadline = appealDeadline(appeal.noticeOn, appeal.mediationCertificateOn).dueOn;
    await manager.save(appeal);
    const resolver = this.resolver(appeal.subjectType);
    const subject = await resolver.load(actor, appeal.subjectId);
    await resolver.appealChanged?.(actor, subject, stateOf(appeal));
    await this.sync(appeal, subject);
    await this.audit.record(actor, { action, entityType: 'appeal', entityId: appeal.id, changes: diffFields(before, { ...appeal }, FACT_FIELDS), metadata: { childId: appeal.childId } });
  }

  private async sync(appeal: Appeal, subject: AppealSubject): Promise<void> {
    const facts = await this.factsOf(appeal);
    await this.deadlines.sync(
      { localAuthorityId: appeal.localAuthorityId, subjectType: 'appeal', subjectId: appeal.id, assessmentId: appeal.assessmentId, caseOwnerUserId: subject.caseOwnerUserId },
      computeAppealDeadlines(facts, this.clock.today()),
    );
  }

  private async factsOf(appeal: Appeal): Promise<Omit<AppealFacts, 'recommendations'> & { recommendations: RecommendationRow[] }> {
    const manager = this.txHost.tx;
    const orders = await manager.find(AppealOrder, { where: { appealId: appeal.id }, order: { orderedOn: 'ASC', createdAt: 'ASC' } });
    const duties = orders.length > 0 ? await manager.find(AppealOrderDuty, { where: { orderId: In(orders.map((o) => o.id)) } }) : [];
    const recommendations = orders.length > 0 ? await manager.find(AppealRecommendation, { where: { appealId: appeal.id }, order: { decidedOn: 'ASC', createdAt: 'ASC' } }) : [];
    return {
      noticeOn: appeal.noticeOn,
      mediationCertificateOn: appeal.mediationCertificateOn ?? null,
      lodgedOn: appeal.lodgedOn ?? null,
      closedWithoutLodgingOn: appeal.lodgedOn ? null : (appeal.outcomeOn ?? null),
      mediation: {
        adviserContactedOn: appeal.mediationAdviserContactedOn,
        mediationRequestedOn: appeal.mediationRequestedOn,
        healthInIssue: appeal.mediationHealthInIssue,
        healthBodyToldOn: appeal.mediationHealthBodyToldOn,
        mediationHeldOn: appeal.mediationHeldOn,
        mediationCertificateOn: appeal.mediationCertificateOn,
        agreementOn: appeal.mediationAgreementOn,
        agreementDoneOn: appeal.mediationAgreementDoneOn,
        endedOn: appeal.outcomeOn,
      },
      orders: orders.map((o) => ({
        id: o.id,
        kind: o.kind as OrderKind,
        orderedOn: o.orderedOn,
        concession: o.concession,
        duties: duties.filter((d) => d.orderId === o.id).map((d) => ({ duty: d.duty as OrderDuty, completedOn: d.completedOn, notApplicable: d.notApplicable })),
      })),
      recommendations: recommendations.map((r) => ({ id: r.id, orderId: r.orderId, kind: r.kind as RecommendationKind, body: r.body, text: r.text, decidedOn: r.decidedOn, answeredOn: r.answeredOn, answerText: r.answerText, answeredBy: r.answeredBy })),
    };
  }

  private async viewOf(appeal: Appeal): Promise<AppealDto> {
    return (await this.viewsOf([appeal]))[0];
  }

  private async viewsOf(appeals: Appeal[]): Promise<AppealDto[]> {
    const today = this.clock.today();
    const views: AppealDto[] = [];
    for (const appeal of appeals) {
      const facts = await this.factsOf(appeal);
      const computed = computeAppealDeadlines(facts, today);
      const deadline = appealDeadline(appeal.noticeOn, appeal.mediationCertificateOn);
      const guidance = mediationGuidance({ adviserContactedOn: appeal.mediationAdviserContactedOn, mediationRequestedOn: appeal.mediationRequestedOn, mediationHeldOn: appeal.mediationHeldOn, sectionIOnly: appeal.sectionIOnly });
      views.push({
        id: appeal.id,
        subjectType: appeal.subjectType,
        subjectId: appeal.subjectId,
        assessmentId: appeal.assessmentId,
        planId: appeal.planId,
        childId: appeal.childId,
        decision: appeal.decision,
        noticeOn: appeal.noticeOn,
        sectionIOnly: appeal.sectionIOnly,
        appealDeadline: deadline.dueOn,
        appealDeadlineExplanation: deadline.explanation,
        mediationCertificateOn: appeal.mediationCertificateOn,
        mediation: {
          mediationAdviceRequired: guidance.mediationAdviceRequired,
          adviserContactedOn: appeal.mediationAdviserContactedOn,
          mediationRequestedOn: appeal.mediationRequestedOn,
          heldOn: appeal.mediationHeldOn,
          outcome: appeal.mediationOutcome,
          certificateOn: appeal.mediationCertificateOn,
          certificateIfNoMediationBy: guidance.certificateIfNoMediationBy,
          mediationBy: guidance.mediationBy,
          certificateAfterMediationBy: guidance.certificateAfterMediationBy,
          guidance: guidance.text,
          healthInIssue: appeal.mediationHealthInIssue,
          healthBodyToldOn: appeal.mediationHealthBodyToldOn,
          agreementOn: appeal.mediationAgreementOn,
          agreementDoneOn: appeal.mediationAgreementDoneOn,
        },
        lodgedOn: appeal.lodgedOn,
        lodgedInTime: appeal.lodgedOn ? isOnOrBefore(appeal.lodgedOn, deadline.dueOn) : null,
        hearingOn: appeal.hearingOn,
        outcome: appeal.outcome,
        outcomeOn: appeal.outcomeOn,
        status: appealStage(appeal, today),
        orders: facts.orders.map((o) => ({
          id: o.id,
          kind: o.kind,
          orderedOn: o.orderedOn,
          concession: o.concession,
          duties: computed
            .filter((d) => d.key.startsWith(`order:${o.id}:`))
            .map((d) => ({ duty: d.key.slice(`order:${o.id}:`.length), dueOn: d.dueOn, completedOn: d.completedOn, status: d.status, regulation: d.regulation, explanation: d.explanation })),
        })),
        recommendations: facts.recommendations.map((r) => {
          const d = computed.find((c) => c.key === `recommendation:${r.id}`)!;
          return { id: r.id, orderId: r.orderId, kind: r.kind, body: r.body, text: r.text, decidedOn: r.decidedOn, answerDueOn: d.dueOn, regulation: d.regulation, status: d.status, explanation: d.explanation, answer: r.answeredOn ? { text: r.answerText ?? '', answeredOn: r.answeredOn, answeredBy: r.answeredBy ?? '' } : null };
        }),
        deadlines: computed.map((d) => ({ key: d.key, kind: d.kind, startsOn: d.startsOn, dueOn: d.dueOn, regulation: d.regulation, status: d.status, completedOn: d.completedOn, explanation: d.explanation })),
        version: appeal.version,
      });
    }
    return views;
  }

  private async find(actor: Actor, id: string): Promise<Appeal> {
    const manager = this.txHost.tx;
    if (actor.role === Role.Professional) throw new NotFoundError('appeal', id);
    const appeal = await manager.findOneBy(Appeal, { id, localAuthorityId: actor.localAuthorityId });
    if (!appeal) throw new NotFoundError('appeal', id);
    return appeal;
  }

  private async lock(actor: Actor, id: string, expectedVersion?: number): Promise<Appeal> {
    const manager = this.txHost.tx;
    if (actor.role === Role.Professional) throw new NotFoundError('appeal', id);
    const appeal = await manager.getRepository(Appeal).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id AND a.local_authority_id = :la', { id, la: actor.localAuthorityId }).getOne();
    if (!appeal) throw new NotFoundError('appeal', id);
    if (expectedVersion !== undefined && expectedVersion !== appeal.version) throw new StaleVersionError('appeal', expectedVersion, appeal.version);
    return appeal;
  }
}

/** A recommendation as the appeal's facts and view carry it. */
interface RecommendationRow {
  id: string;
  orderId: string;
  kind: RecommendationKind;
  body: string;
  text: string;
  decidedOn: IsoDate;
  answeredOn: IsoDate | null;
  answerText: string | null;
  answeredBy: string | null;
}

function stateOf(appeal: Appeal): AppealState {
  return { id: appeal.id, decision: appeal.decision as AppealableDecision, noticeOn: appeal.noticeOn, appealDeadline: appeal.appealDeadline, lodgedOn: appeal.lodgedOn, outcome: appeal.outcome, outcomeOn: appeal.outcomeOn };
}
