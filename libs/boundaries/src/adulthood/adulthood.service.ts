import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock } from '@app/core';
import { AuditService } from '@app/audit';
import { ChildrenService } from '@app/children';
import { PlansService } from '@app/plans';
import { ReviewsService } from '@app/reviews';
import { PFA_OUTCOMES_RULE, planMayContinueUntil, PREPARATION_FOR_ADULTHOOD_GUIDANCE, PREPARATION_FOR_ADULTHOOD_FROM_YEAR, yearGroupOn } from '@app/statutory-clock';
import { DataSource } from 'typeorm';
import { AdultSocialCareTransitionDto, AdulthoodFindingDto, PlanAdulthoodDto, ReviewAdulthoodDto } from '../dto/adulthood.dto';
import { AdultSocialCareTransition, ReviewAdulthoodRecord } from '../entities/adulthood.entity';
import { TxHost } from '@app/database';

/**
 * Preparing for adulthood (statutory-rules.md section 9): from Year 9 each review records the four areas, the plan's
 * E and F carry outcomes and provision for them (a quality finding when missing), the plan may run to the end of the
 * academic year of the 25th birthday (CFA s46), and the transition to adult social care is recorded.
 */
@Injectable()
export class AdulthoodService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly plans: PlansService,
    private readonly reviews: ReviewsService,
    private readonly children: ChildrenService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A review's record of preparing for adulthood (any year group may record it; from Year 9 it is expected). */
  async recordForReview(actor: Actor, reviewId: string, dto: ReviewAdulthoodDto): Promise<PlanAdulthoodDto> {
    const { review } = await this.reviews.get(actor, reviewId);
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await this.plans.lockForUpdate(actor, review.planId);
      await manager.upsert(ReviewAdulthoodRecord, { reviewId: review.id, localAuthorityId: review.localAuthorityId, planId: review.planId, ...dto, recordedById: actor.userId }, ['reviewId']);
      await this.audit.record(actor, { action: 'review.preparing_for_adulthood_recorded', entityType: 'review', entityId: review.id, metadata: { planId: review.planId, childId: review.childId, yearGroup: review.yearGroup } });
    });
    return this.forPlan(actor, review.planId);
  }

  async recordTransition(actor: Actor, planId: string, dto: AdultSocialCareTransitionDto): Promise<PlanAdulthoodDto> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.plans.lockForUpdate(actor, planId);
      await manager.upsert(AdultSocialCareTransition, { planId: plan.id, localAuthorityId: plan.localAuthorityId, assessedOn: dto.assessedOn ?? null, transferredOn: dto.transferredOn ?? null, notes: dto.notes ?? null }, ['planId']);
      await this.audit.record(actor, { action: 'plan.adult_social_care_transition_recorded', entityType: 'plan', entityId: plan.id, metadata: { childId: plan.childId, assessedOn: dto.assessedOn ?? null, transferredOn: dto.transferredOn ?? null } });
    });
    return this.forPlan(actor, planId);
  }

  /** Where the plan stands on preparing for adulthood today, with its findings. */
  async forPlan(actor: Actor, planId: string): Promise<PlanAdulthoodDto> {
    const plan = await this.plans.get(actor, planId);
    const manager = this.dataSource.manager;
    const [child] = await this.children.findByIds([plan.childId]);
    const today = this.clock.today();
    const yearGroup = yearGroupOn(child.dateOfBirth, today);
    const required = yearGroup >= PREPARATION_FOR_ADULTHOOD_FROM_YEAR;
    const records = await manager.find(ReviewAdulthoodRecord, { where: { planId: plan.id }, order: { updatedAt: 'ASC' } });
    const reviews = await this.reviews.listForPlan(actor, plan.id);
    const transition = await manager.findOneBy(AdultSocialCareTransition, { planId: plan.id });
    const findings: AdulthoodFindingDto[] = [];
    if (required) {
      const tagged = (code: 'E' | 'F') => (plan.sections[code].items as { preparingForAdulthood?: string | null }[]).some((i) => Boolean(i.preparingForAdulthood));
      if (!tagged('E')) findings.push({ code: 'pfa_outcomes_missing', severity: 'warning', message: `The young person is in Year ${yearGroup}: section E should hold outcomes for preparing for adulthood (employment, independent living, community, health).`, rule: PFA_OUTCOMES_RULE });
      if (!tagged('F')) findings.push({ code: 'pfa_provision_missing', severity: 'warning', message: `The young person is in Year ${yearGroup}: section F should hold provision for preparing for adulthood.`, rule: PFA_OUTCOMES_RULE });
      const unrecorded = reviews.filter((r) => r.review.preparingForAdulthood && r.review.heldOn && !records.some((x) => x.reviewId === r.review.id));
      for (const r of unrecorded) findings.push({ code: 'pfa_review_missing', severity: 'warning', message: `The review held on ${r.review.heldOn} did not record preparing for adulthood.`, rule: PREPARATION_FOR_ADULTHOOD_GUIDANCE });
    }
    await this.audit.recordRead(actor, { action: 'plan.preparing_for_adulthood_read', entityType: 'plan', entityId: plan.id, metadata: { childId: plan.childId } });
    return {
      planId: plan.id,
      yearGroup,
      required,
      planMayContinueUntil: planMayContinueUntil(child.dateOfBirth),
      findings,
      reviews: records.map((r) => ({ reviewId: r.reviewId, employment: r.employment, independentLiving: r.independentLiving, community: r.community, health: r.health })),
      adultSocialCareTransition: transition ? { assessedOn: transition.assessedOn ?? undefined, transferredOn: transition.transferredOn ?? undefined, notes: transition.notes ?? undefined } : null,
    };
  }
}
