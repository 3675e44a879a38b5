import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, BindsPort, Clock, NotFoundError, Role, ValidationFailedError } from '@app/core';
import { AppealState, AppealSubject, AppealSubjectResolver, DecisionNotOnSubjectError, OrderNotApplicableError } from '@app/appeals';
import { AssessmentsService, requireNotFuture, requireOnOrAfter } from '@app/assessments';
import { AuditService } from '@app/audit';
import { DeadlinesService } from '@app/deadlines';
import { Plan, PlansService, PlanStatus } from '@app/plans';
import { LocalAuthoritiesService } from '@app/identity';
import { AppealableDecision, ComputedDeadline, NoticeContacts, computeReassessmentDeadlines, IsoDate, isBefore, OrderKind, reassessmentExceptionProblem, REASSESSMENT_EXCEPTIONS_REGULATION, withinSixMonthsOfLastAssessment } from '@app/statutory-clock';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreateReassessmentRequestDto, ReassessmentDecisionDto, ReassessmentExceptionDto, ReassessmentOutcomeDto } from '../dto/reassessment.dto';
import { ReassessmentRequest } from '../entities/reassessment-request.entity';
import { ReassessmentNotAllowedError, ReassessmentStepOutOfOrderError } from '../boundaries.errors';
import { TxHost } from '@app/database';

export interface ReassessmentView {
  request: ReassessmentRequest;
  deadlines: ComputedDeadline[];
  /** The LA's notice contacts (Regs 32), read only when the request has a decision notice. */
  noticeContacts: NoticeContacts;
}

const MAINTAINED: readonly PlanStatus[] = [PlanStatus.Issued, PlanStatus.Ceasing];

/**
 * Re-assessment of a maintained plan (CFA s44(2)-(3); SEND Regulations 2014, regs 23-27): the request, the decision and
 * its notice (a refusal is appealable: subject type `reassessment`, answered for the appeals context through the port `appeals.reassessment-subject`), the 14 weeks
 * to the amended or replacement plan or a notice not to amend, and the Regs 27(3) exceptions. Deadlines go to the
 * deadlines context (subject `reassessment`), which plans their reminders.
 */
@Injectable()
@BindsPort('appeals.reassessment-subject')
export class ReassessmentsService implements AppealSubjectResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly plans: PlansService,
    private readonly assessments: AssessmentsService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly localAuthorities: LocalAuthoritiesService,
  ) {}

  // ---- commands ----

  async request(actor: Actor, planId: string, dto: CreateReassessmentRequestDto): Promise<ReassessmentView> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.plans.lockForUpdate(actor, planId);
      requireNotFuture('receivedOn', dto.receivedOn, this.clock.today());
      if (!MAINTAINED.includes(plan.status) || !plan.finalIssuedOn) throw new ReassessmentNotAllowedError(`Only a maintained plan can be re-assessed (CFA s44(2)); this plan is ${plan.status}.`);
      const open = await manager.findOne(ReassessmentRequest, { where: [{ planId: plan.id, status: 'awaiting_decision' }, { planId: plan.id, status: 'reassessing' }] });
      if (open) throw new ReassessmentNotAllowedError(`A re-assessment request on this plan is already ${open.status} (${open.id}).`);
      const lastAssessedOn = await this.lastAssessedOn(plan);
      const request = manager.create(ReassessmentRequest, {
        localAuthorityId: plan.localAuthorityId,
        planId: plan.id,
        childId: plan.childId,
        assessmentId: plan.assessmentId,
        receivedOn: dto.receivedOn,
        requestedBy: dto.requestedBy,
        status: 'awaiting_decision',
        lastAssessedOn,
        withinSixMonths: withinSixMonthsOfLastAssessment(lastAssessedOn, dto.receivedOn),
        exceptions: [],
        createdById: actor.userId,
      });
      await manager.save(request);
      await this.record(actor, request, 'reassessment.requested', { receivedOn: dto.receivedOn, requestedBy: dto.requestedBy, withinSixMonths: request.withinSixMonths });
      return this.sync(request);
    });
  }

  async decide(actor: Actor, id: string, dto: ReassessmentDecisionDto): Promise<ReassessmentView> {
    return this.step(actor, id, async (request) => {
      if (request.status !== 'awaiting_decision') throw new ReassessmentStepOutOfOrderError('decide', request.status);
      requireNotFuture('notifiedOn', dto.notifiedOn, this.clock.today());
      requireOnOrAfter('notifiedOn', dto.notifiedOn, 'the request', request.receivedOn);
      if (dto.decision === 'refuse' && !dto.reason?.trim()) throw new ValidationFailedError([{ field: 'reason', message: 'a refusal gives its reasons (SEND Regulations 2014, reg 25(2)); the notice carries them with the appeal rights' }]);
      request.decision = dto.decision;
      request.decisionNotifiedOn = dto.notifiedOn;
      request.decisionReason = dto.reason ?? null;
      request.status = dto.decision === 'reassess' ? 'reassessing' : 'refused';
      return { action: `reassessment.${dto.decision === 'reassess' ? 'decided_to_reassess' : 'refused'}`, metadata: { notifiedOn: dto.notifiedOn } };
    });
  }

  /** A Regs 27(3) exception: the 14 weeks do not move; a management target is shown beside them. */
  async recordException(actor: Actor, id: string, dto: ReassessmentExceptionDto): Promise<ReassessmentView> {
    return this.step(actor, id, async (request) => {
      if (request.status !== 'reassessing') throw new ReassessmentStepOutOfOrderError('record an exception', request.status);
      const problem = reassessmentExceptionProblem(dto);
      if (problem) throw new ValidationFailedError([{ field: 'endsOn', message: problem }], `The exception does not qualify (${REASSESSMENT_EXCEPTIONS_REGULATION}).`);
      const exception = { id: randomUUID(), ground: dto.ground, startsOn: dto.startsOn, endsOn: dto.endsOn, reason: dto.reason, recordedById: actor.userId, recordedAt: this.clock.now().toISOString() };
      request.exceptions = [...request.exceptions, exception];
      return { action: 'reassessment.exception_recorded', metadata: { ground: dto.ground, startsOn: dto.startsOn, endsOn: dto.endsOn } };
    });
  }

  /**
   * The outcome (Regs 27(2)): the amended or replacement plan, issued as a new version of the plan through the plans
   * context (the quality checks of a final plan apply), or a notice not to amend (appealable, `not_to_amend`).
   */
  async outcome(actor: Actor, id: string, dto: ReassessmentOutcomeDto): Promise<ReassessmentView & { afterCommit?: () => Promise<void> }> {
    let issued: number | null = null;
    const view = await this.step(actor, id, async (request) => {
      if (request.status !== 'reassessing') throw new ReassessmentStepOutOfOrderError('record the outcome', request.status);
      requireNotFuture('issuedOn', dto.issuedOn, this.clock.today());
      requireOnOrAfter('issuedOn', dto.issuedOn, 'the decision to re-assess', request.decisionNotifiedOn);
      if (dto.kind !== 'notice_not_to_amend') {
        await this.plans.lockForUpdate(actor, request.planId);
        issued = (await this.plans.issueAmendment(actor, request.planId, dto.issuedOn)).versionNumber;
        request.outcomeVersionNumber = issued;
      }
      request.outcomeKind = dto.kind;
      request.outcomeOn = dto.issuedOn;
      request.status = 'completed';
      return { action: 'reassessment.completed', metadata: { kind: dto.kind, issuedOn: dto.issuedOn, versionNumber: issued } };
    });
    if (issued !== null) await this.plans.renderAfterCommit(view.request.planId, issued);
    return view;
  }

  // ---- reading ----

  async get(actor: Actor, id: string): Promise<ReassessmentView> {
    const request = await this.find(actor, id);
    await this.audit.recordRead(actor, { action: 'reassessment.read', entityType: 'reassessment', entityId: request.id, metadata: { childId: request.childId } });
    return this.view(request);
  }

  async listForPlan(actor: Actor, planId: string): Promise<ReassessmentView[]> {
    const plan = await this.plans.get(actor, planId);
    const rows = await this.dataSource.manager.find(ReassessmentRequest, { where: { planId: plan.id }, order: { receivedOn: 'DESC', createdAt: 'DESC' } });
    return Promise.all(rows.map((r) => this.view(r)));
  }

  // ---- the appeals context's port: a refusal to re-assess is appealable (CFA s51(2)(d); Regs 25) ----

  async resolve(actor: Actor, subjectId: string, decision: AppealableDecision, noticeOn: IsoDate): Promise<AppealSubject> {
    const request = await this.find(actor, subjectId);
    const decidedOn = this.decidedOn(request, decision);
    if (isBefore(noticeOn, decidedOn)) throw new DecisionNotOnSubjectError(decision, `the notice (${noticeOn}) cannot be before the decision (${decidedOn})`);
    return this.subjectOf(request);
  }

  async load(actor: Actor, subjectId: string): Promise<AppealSubject> {
    return this.subjectOf(await this.find(actor, subjectId));
  }

  /** An order (or concession) to re-assess reopens the request as a decision to re-assess on the order's day. */
  async applyOrder(actor: Actor, subject: AppealSubject, appeal: AppealState, order: { kind: OrderKind; orderedOn: IsoDate }): Promise<void> {
    const manager = this.txHost.tx;
    const fits: Partial<Record<OrderKind, AppealableDecision[]>> = {
      [OrderKind.Assess]: [AppealableDecision.RefuseToReassess],
      [OrderKind.AmendProvision]: [AppealableDecision.NotToAmend],
      [OrderKind.Dismissed]: [AppealableDecision.RefuseToReassess, AppealableDecision.NotToAmend],
    };
    if (!(fits[order.kind] ?? []).includes(appeal.decision)) throw new OrderNotApplicableError(order.kind, appeal.decision);
    if (order.kind === OrderKind.Dismissed) return;
    const request = await this.find(actor, subject.subjectId, true);
    request.decision = 'reassess';
    request.decisionNotifiedOn = order.orderedOn;
    request.status = 'reassessing';
    request.outcomeKind = null;
    request.outcomeOn = null;
    await manager.save(request);
    await this.record(actor, request, 'reassessment.reopened_by_order', { order: order.kind, orderedOn: order.orderedOn, appealId: appeal.id });
    await this.sync(request);
  }

  private decidedOn(request: ReassessmentRequest, decision: AppealableDecision): IsoDate {
    if (decision === AppealableDecision.RefuseToReassess && request.decision === 'refuse' && request.decisionNotifiedOn) return request.decisionNotifiedOn;
    if (decision === AppealableDecision.NotToAmend && request.outcomeKind === 'notice_not_to_amend' && request.outcomeOn) return request.outcomeOn;
    throw new DecisionNotOnSubjectError(decision, `this re-assessment request is ${request.status}${request.decision ? ` (${request.decision})` : ''}: only a refusal to re-assess or a notice not to amend can be appealed on it`);
  }

  private async subjectOf(request: ReassessmentRequest): Promise<AppealSubject> {
    const caseOwnerUserId = (await this.assessments.caseworkersOf([request.assessmentId])).get(request.assessmentId) ?? null;
    return { subjectType: 'reassessment', subjectId: request.id, localAuthorityId: request.localAuthorityId, childId: request.childId, assessmentId: request.assessmentId, planId: request.planId, caseOwnerUserId };
  }

  // ---- helpers ----

  /** The last assessment: the last completed re-assessment's outcome, or the day the plan was made. */
  private async lastAssessedOn(plan: Plan): Promise<IsoDate> {
    const manager = this.txHost.tx;
    const last = await manager.findOne(ReassessmentRequest, { where: { planId: plan.id, status: 'completed' }, order: { outcomeOn: 'DESC' } });
    return last?.outcomeOn ?? plan.finalIssuedOn!;
  }

  private async step(actor: Actor, id: string, work: (request: ReassessmentRequest) => Promise<{ action: string; metadata: Record<string, unknown> }>): Promise<ReassessmentView> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const found = await this.find(actor, id);
      await this.plans.lockForUpdate(actor, found.planId); // one lock order: plan, then request
      const request = await this.find(actor, id, true);
      const { action, metadata } = await work(request);
      await manager.save(request);
      await this.record(actor, request, action, metadata);
      return this.sync(request);
    });
  }

  private facts(request: ReassessmentRequest) {
    return {
      receivedOn: request.receivedOn,
      decision: request.decision && request.decisionNotifiedOn ? { decision: request.decision, notifiedOn: request.decisionNotifiedOn } : null,
      outcome: request.outcomeKind && request.outcomeOn ? { kind: request.outcomeKind, on: request.outcomeOn } : null,
      exceptions: request.exceptions,
      endedOn: request.status === 'withdrawn' ? request.updatedAt.toISOString().slice(0, 10) : null,
    };
  }

  private async view(request: ReassessmentRequest): Promise<ReassessmentView> {
    const hasNotice = (request.decision === 'refuse' && request.decisionNotifiedOn) || (request.outcomeKind === 'notice_not_to_amend' && request.outcomeOn);
    return { request, deadlines: computeReassessmentDeadlines(this.facts(request), this.clock.today()), noticeContacts: hasNotice ? await this.localAuthorities.noticeContactsOf(request.localAuthorityId) : {} };
  }

  private async sync(request: ReassessmentRequest): Promise<ReassessmentView> {
    const view = await this.view(request);
    const caseOwnerUserId = (await this.assessments.caseworkersOf([request.assessmentId])).get(request.assessmentId) ?? null;
    await this.deadlines.sync({ localAuthorityId: request.localAuthorityId, subjectType: 'reassessment', subjectId: request.id, assessmentId: null, caseOwnerUserId }, view.deadlines);
    return view;
  }

  private async find(actor: Actor, id: string, lock = false): Promise<ReassessmentRequest> {
    const manager = this.txHost.tx;
    if (actor.role === Role.Professional) throw new NotFoundError('re-assessment request', id);
    const qb = manager.getRepository(ReassessmentRequest).createQueryBuilder('r').where('r.id = :id AND r.local_authority_id = :la', { id, la: actor.localAuthorityId });
    if (lock) qb.setLock('pessimistic_write');
    const request = await qb.getOne();
    if (!request) throw new NotFoundError('re-assessment request', id);
    return request;
  }

  private record(actor: Actor, request: ReassessmentRequest, action: string, metadata: Record<string, unknown>): Promise<void> {
    return this.audit.record(actor, { action, entityType: 'reassessment', entityId: request.id, metadata: { ...metadata, childId: request.childId, planId: request.planId } });
  }
}
