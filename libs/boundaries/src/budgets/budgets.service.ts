import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, NotFoundError, Role, ValidationFailedError } from '@app/core';
import { requireNotFuture, requireOnOrAfter } from '@app/assessments';
import { AuditService } from '@app/audit';
import { PlansService, PlanStatus } from '@app/plans';
import { DataSource } from 'typeorm';
import { PersonalBudgetStepOutOfOrderError } from '../boundaries.errors';
import { DirectPaymentReviewDto, PersonalBudgetDecisionDto, PersonalBudgetRequestCreateDto } from '../dto/budget.dto';
import { PersonalBudgetRequest } from '../entities/personal-budget-request.entity';
import { TxHost } from '@app/database';

export const PERSONAL_BUDGET_RULE = 'Children and Families Act 2014, s49; SEN (Personal Budgets) Regulations 2014';

/**
 * Personal budgets (CFA s49): the family's request while the plan is drafted or reviewed, and the LA's budget or its
 * reasons for refusing; direct payments reviewed at least at each annual review. Section J holds the structured budget.
 */
@Injectable()
export class BudgetsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly plans: PlansService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async request(actor: Actor, planId: string, dto: PersonalBudgetRequestCreateDto): Promise<PersonalBudgetRequest> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.plans.lockForUpdate(actor, planId);
      requireNotFuture('receivedOn', dto.receivedOn, this.clock.today());
      if (plan.status === PlanStatus.Ceased) throw new PersonalBudgetStepOutOfOrderError('ask for a personal budget', `the plan is ${plan.status}`);
      const stage = plan.status === PlanStatus.Drafting || plan.status === PlanStatus.DraftIssued ? 'draft' : 'review';
      const request = manager.create(PersonalBudgetRequest, { localAuthorityId: plan.localAuthorityId, planId: plan.id, childId: plan.childId, receivedOn: dto.receivedOn, stage, status: 'requested', directPaymentReviews: [], createdById: actor.userId });
      await manager.save(request);
      await this.record(actor, request, 'personal_budget.requested', { receivedOn: dto.receivedOn, stage });
      return request;
    });
  }

  async decide(actor: Actor, id: string, dto: PersonalBudgetDecisionDto): Promise<PersonalBudgetRequest> {
    return this.step(actor, id, async (request) => {
      if (request.status !== 'requested') throw new PersonalBudgetStepOutOfOrderError('decide', `the request is already ${request.status}`);
      requireNotFuture('notifiedOn', dto.notifiedOn, this.clock.today());
      requireOnOrAfter('notifiedOn', dto.notifiedOn, 'the request', request.receivedOn);
      if (dto.decision === 'agree' && dto.amount === undefined) throw new ValidationFailedError([{ field: 'amount', message: 'agreeing a personal budget gives its amount a year (section J)' }]);
      if (dto.decision === 'refuse' && !dto.reason?.trim()) throw new ValidationFailedError([{ field: 'reason', message: `a refusal explains the LA's reasons (${PERSONAL_BUDGET_RULE})` }]);
      request.status = dto.decision === 'agree' ? 'agreed' : 'refused';
      request.decisionNotifiedOn = dto.notifiedOn;
      request.amountPence = dto.decision === 'agree' ? Math.round(dto.amount! * 100) : null;
      request.reason = dto.reason ?? null;
      return { action: `personal_budget.${request.status}`, metadata: { notifiedOn: dto.notifiedOn, amountPence: request.amountPence } };
    });
  }

  /** Direct payments reviewed (at least at each annual review). */
  async directPaymentReviewed(actor: Actor, id: string, dto: DirectPaymentReviewDto): Promise<PersonalBudgetRequest> {
    return this.step(actor, id, async (request) => {
      if (request.status !== 'agreed') throw new PersonalBudgetStepOutOfOrderError('record a direct payment review', `the request is ${request.status}`);
      requireNotFuture('reviewedOn', dto.reviewedOn, this.clock.today());
      request.directPaymentReviews = [...request.directPaymentReviews, { reviewedOn: dto.reviewedOn, reviewId: dto.reviewId ?? null, notes: dto.notes ?? null }];
      return { action: 'personal_budget.direct_payments_reviewed', metadata: { reviewedOn: dto.reviewedOn, reviewId: dto.reviewId ?? null } };
    });
  }

  async get(actor: Actor, id: string): Promise<PersonalBudgetRequest> {
    const request = await this.find(actor, id);
    await this.audit.recordRead(actor, { action: 'personal_budget.read', entityType: 'personal_budget_request', entityId: request.id, metadata: { childId: request.childId } });
    return request;
  }

  async listForPlan(actor: Actor, planId: string): Promise<PersonalBudgetRequest[]> {
    const plan = await this.plans.get(actor, planId);
    return this.dataSource.manager.find(PersonalBudgetRequest, { where: { planId: plan.id }, order: { receivedOn: 'DESC', createdAt: 'DESC' } });
  }

  private async step(actor: Actor, id: string, work: (request: PersonalBudgetRequest) => Promise<{ action: string; metadata: Record<string, unknown> }>): Promise<PersonalBudgetRequest> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const request = await this.find(actor, id, true);
      const { action, metadata } = await work(request);
      await manager.save(request);
      await this.record(actor, request, action, metadata);
      return request;
    });
  }

  private async find(actor: Actor, id: string, lock = false): Promise<PersonalBudgetRequest> {
    const manager = this.txHost.tx;
    if (actor.role === Role.Professional) throw new NotFoundError('personal budget request', id);
    const qb = manager.getRepository(PersonalBudgetRequest).createQueryBuilder('r').where('r.id = :id AND r.local_authority_id = :la', { id, la: actor.localAuthorityId });
    if (lock) qb.setLock('pessimistic_write');
    const request = await qb.getOne();
    if (!request) throw new NotFoundError('personal budget request', id);
    return request;
  }

  private record(actor: Actor, request: PersonalBudgetRequest, action: string, metadata: Record<string, unknown>): Promise<void> {
    return this.audit.record(actor, { action, entityType: 'personal_budget_request', entityId: request.id, metadata: { ...metadata, childId: request.childId, planId: request.planId } });
  }
}
