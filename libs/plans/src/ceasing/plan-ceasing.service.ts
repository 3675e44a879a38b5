import { LocalAuthoritiesService } from '@app/identity';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, NotFoundError, Role, StaleVersionError, systemActor } from '@app/core';
import { AuditService } from '@app/audit';
import { ChildrenService } from '@app/children';
import { addDays, ageOn, AppealableDecision, appealDeadline, ceasesOnWithoutAppeal, CEASE_REASONS, CEASE_REGULATION, decisionNotice, IsoDate, isAfter, isOnOrBefore, maxDate } from '@app/statutory-clock';
import { DataSource } from 'typeorm';
import { requireNotFuture, requireOnOrAfter } from '@app/assessments';
import { CeaseConsultee, PlanCeaseConsultation } from '../entities/plan-cease-consultation.entity';
import { CessationStatus, PlanCessation } from '../entities/plan-cessation.entity';
import { Plan, PlanStatus } from '../entities/plan.entity';
import { PlansService } from '../plans.service';
import { CeaseConsultationDto, CeasePlanDto, CessationDto } from './plan-ceasing.dto';
import { CeaseConsultationMissingError, CeaseReasonUnder18Error, PlanNotCeasableError, PlanNotCeasingError, Regs30MissingError } from './plan-ceasing.errors';
import { TxHost } from '@app/database';

/** SEN2 reason 8 (deceased): there is nobody to consult and nothing to appeal. */
const NO_CONSULTATION_REASONS = [8];
/** SEN2 reasons the LA may not cease for under 18 (Regs 29(1)): 3 higher education, 4 paid employment, 6 not engaging. */
export const UNDER_18_REFUSED_REASONS = [3, 4, 6];
const UNDER_18_REASON_LABELS: Record<number, string> = { 3: 'moved on to higher education', 4: 'moved on to paid employment', 6: 'said they no longer wish to engage in education or training' };

/**
 * Ceasing a plan (CFA s45; Regs 29-31): consultation with the family and the institution first, then the decision with
 * its SEN2 reason, notified with appeal rights. The plan is `ceasing` and maintained until the appeal deadline passes
 * (then `ceased`, by the worker's sweep) or, when an appeal is lodged, until the appeal is decided; an order to
 * continue the plan undoes the cease. The appeals context drives the appeal side through the methods below.
 */
@Injectable()
export class PlanCeasingService {
  private readonly logger = new Logger(PlanCeasingService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly plans: PlansService,
    private readonly children: ChildrenService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly localAuthorities: LocalAuthoritiesService,
  ) {}

  async recordConsultation(actor: Actor, planId: string, dto: CeaseConsultationDto): Promise<CessationDto> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.lock(actor, planId);
      if (plan.status !== PlanStatus.Issued) throw new PlanNotCeasableError(plan.status);
      requireNotFuture('consultedOn', dto.consultedOn, this.clock.today());
      requireOnOrAfter('consultedOn', dto.consultedOn, 'the final plan', plan.finalIssuedOn);
      const row = await manager.save(
        manager.create(PlanCeaseConsultation, {
          planId: plan.id,
          localAuthorityId: plan.localAuthorityId,
          consultee: dto.consultee,
          name: dto.name?.trim() || null,
          consultedOn: dto.consultedOn,
          response: dto.response ?? null,
          recordedById: actor.userId,
        }),
      );
      await this.audit.record(actor, { action: 'plan.cease_consulted', entityType: 'plan', entityId: plan.id, metadata: { consultationId: row.id, consultee: dto.consultee, consultedOn: dto.consultedOn, childId: plan.childId } });
      return this.viewOf(plan);
    });
  }

  /** The decision to cease: `ceasing` until the appeal deadline (the day after it, `ceased`), or an appeal's end. */
  async cease(actor: Actor, planId: string, dto: CeasePlanDto, expectedVersion?: number): Promise<CessationDto> {
    return this.txHost.withTransaction(async () => {
      const plan = await this.lock(actor, planId);
      await this.ceaseIn(actor, plan, dto, expectedVersion);
      return this.viewOf(plan);
    });
  }

  /**
   * A review's decision to cease (Regs 20(10), 31): the review meeting was the consultation with the family and the
   * institution (both were invited to it, Regs 20(2)), recorded as such on the meeting's day; then the same decision
   * as POST /plans/:id/cease, inside the review's transaction.
   */
  async ceaseAfterReview(actor: Actor, plan: Plan, decision: { reason: number; notifiedOn: IsoDate; meetingHeldOn: IsoDate; regs30?: CeasePlanDto['regs30'] }): Promise<void> {
    const manager = this.txHost.tx;
    // `plan`: locked by the review's command in this transaction (PlansService.lockForUpdate): not locked again.
    if (plan.status !== PlanStatus.Issued) throw new PlanNotCeasableError(plan.status);
    for (const consultee of [CeaseConsultee.Family, CeaseConsultee.Institution]) {
      await manager.save(
        manager.create(PlanCeaseConsultation, { planId: plan.id, localAuthorityId: plan.localAuthorityId, consultee, name: null, consultedOn: decision.meetingHeldOn, response: 'Consulted at the annual review meeting', recordedById: actor.userId }),
      );
    }
    // The review answers with the review: the cessation is not read back into a view nobody reads.
    await this.ceaseIn(actor, plan, { reason: decision.reason, notifiedOn: decision.notifiedOn, regs30: decision.regs30 } as CeasePlanDto);
  }

  /** The decision to cease on `plan`, which the caller locked in this transaction. */
  private async ceaseIn(actor: Actor, plan: Plan, dto: CeasePlanDto, expectedVersion?: number): Promise<void> {
    const manager = this.txHost.tx;
    {
      if (expectedVersion !== undefined && expectedVersion !== plan.version) throw new StaleVersionError('plan', expectedVersion, plan.version);
      if (plan.status !== PlanStatus.Issued) throw new PlanNotCeasableError(plan.status);
      const today = this.clock.today();
      requireNotFuture('notifiedOn', dto.notifiedOn, today);
      requireOnOrAfter('notifiedOn', dto.notifiedOn, 'the final plan', plan.finalIssuedOn);
      const [child] = await this.children.findByIds([plan.childId]);
      const age = child ? ageOn(child.dateOfBirth, dto.notifiedOn) : 0;
      // Regs 29(1): under 18, never for higher education (3), paid employment (4) or no longer wishing to engage (6).
      if (age < 18 && UNDER_18_REFUSED_REASONS.includes(dto.reason)) throw new CeaseReasonUnder18Error(dto.reason, age, UNDER_18_REASON_LABELS[dto.reason]);
      const consultations = await manager.find(PlanCeaseConsultation, { where: { planId: plan.id } });
      if (!NO_CONSULTATION_REASONS.includes(dto.reason)) {
        const done = (who: CeaseConsultee) => consultations.some((c) => c.consultee === who && isOnOrBefore(c.consultedOn, dto.notifiedOn));
        const missing = [CeaseConsultee.Family, CeaseConsultee.Institution].filter((who) => !done(who)).map((who) => (who === CeaseConsultee.Family ? 'the parent or young person' : 'the institution'));
        if (missing.length > 0) throw new CeaseConsultationMissingError(missing, dto.notifiedOn);
      }
      const over18 = age >= 18;
      if (over18 && !dto.regs30 && dto.reason !== 8) throw new Regs30MissingError(age);
      // The plan is maintained through the appeal deadline, extended over August and Christmas (HESC r12(3)(a)).
      const deadline = appealDeadline(dto.notifiedOn).dueOn;
      const ceasesOn = ceasesOnWithoutAppeal(dto.notifiedOn);
      const cessation = await manager.save(
        manager.create(PlanCessation, {
          planId: plan.id,
          localAuthorityId: plan.localAuthorityId,
          status: CessationStatus.Ceasing,
          reason: dto.reason,
          notifiedOn: dto.notifiedOn,
          appealDeadline: deadline,
          appealLodged: false,
          ceasesOn,
          ceasedOn: null,
          youngPersonOver18: over18,
          regs30: dto.regs30 ? { ...dto.regs30, notes: dto.regs30.notes ?? null } : null,
          decidedById: actor.userId,
        }),
      );
      // Only the status: the caller may have changed other columns of this row in the same transaction since it locked
      // it (a review's decision moves the next review date), which a save of the caller's copy would write back.
      plan.status = PlanStatus.Ceasing;
      await manager.update(Plan, { id: plan.id }, { status: plan.status });
      plan.version += 1; // the update query bumps the row's version (the ETag), as a save would
      await this.audit.record(actor, {
        action: 'plan.ceasing',
        entityType: 'plan',
        entityId: plan.id,
        changes: { status: { before: PlanStatus.Issued, after: PlanStatus.Ceasing } },
        metadata: { cessationId: cessation.id, reason: dto.reason, notifiedOn: dto.notifiedOn, appealDeadline: deadline, youngPersonOver18: over18, childId: plan.childId },
      });
      await this.plans.tellListeners(actor, plan, { type: 'ceasing', notifiedOn: dto.notifiedOn, reason: dto.reason, maintainedUntil: deadline });
      // A notice entered late whose appeal deadline has already passed: the plan ceases now, as the sweep would.
      if (isOnOrBefore(cessation.ceasesOn!, today)) await this.close(actor, plan, cessation, cessation.ceasesOn!);
    }
  }

  async view(actor: Actor, planId: string): Promise<CessationDto> {
    const plan = await this.plans.get(actor, planId);
    await this.audit.recordRead(actor, { action: 'plan.cessation_read', entityType: 'plan', entityId: plan.id, metadata: { childId: plan.childId } });
    return this.viewOf(plan);
  }

  // ---- the appeal side (called by the appeals context, inside its command's transaction) ----

  /**
   * An appeal against the decision to cease moved on (appeals context, whatever its subject: the plan or the review that
   * decided it). Records are often entered after the fact, so what counts is the appeal's own dates, not when they were
   * typed in: an appeal lodged on or before its deadline keeps the plan maintained, and restores a plan the clock had
   * already ceased; a dismissal or withdrawal lets it cease; otherwise it is maintained until the deadline.
   */
  async followCeaseAppeal(actor: Actor, planId: string, appeal: { outcome: string | null; outcomeOn: IsoDate | null; appealDeadline: IsoDate; lodgedOn: IsoDate | null }): Promise<void> {
    const cessation = await this.latest(planId);
    if (!cessation || cessation.status === CessationStatus.Withdrawn) return;
    const lodgedInTime = appeal.lodgedOn !== null && isOnOrBefore(appeal.lodgedOn, maxDate(appeal.appealDeadline, cessation.appealDeadline));
    if (cessation.status === CessationStatus.Ceased) {
      if (appeal.outcome === null && lodgedInTime) await this.reopen(actor, planId, appeal.lodgedOn!, appeal.appealDeadline);
      return;
    }
    if ((appeal.outcome === 'dismissed' || appeal.outcome === 'withdrawn') && appeal.outcomeOn) {
      await this.appealEnded(actor, planId, appeal.outcomeOn);
      return;
    }
    if (appeal.outcome === null) await this.appealUpdated(actor, planId, { appealDeadline: appeal.appealDeadline, lodged: lodgedInTime });
  }

  async appealUpdated(actor: Actor, planId: string, appeal: { appealDeadline: IsoDate; lodged: boolean }): Promise<void> {
    const manager = this.txHost.tx;
    const { plan, cessation } = await this.live(actor, planId);
    const before = { appealDeadline: cessation.appealDeadline, appealLodged: cessation.appealLodged, ceasesOn: cessation.ceasesOn };
    cessation.appealDeadline = maxDate(cessation.appealDeadline, appeal.appealDeadline);
    cessation.appealLodged = appeal.lodged;
    cessation.ceasesOn = appeal.lodged ? null : addDays(cessation.appealDeadline, 1);
    await manager.save(cessation);
    await this.audit.record(actor, {
      action: 'plan.cease_appeal_updated',
      entityType: 'plan',
      entityId: plan.id,
      changes: { appealDeadline: { before: before.appealDeadline, after: cessation.appealDeadline }, appealLodged: { before: before.appealLodged, after: cessation.appealLodged }, ceasesOn: { before: before.ceasesOn, after: cessation.ceasesOn } },
      metadata: { childId: plan.childId },
    });
    if (cessation.ceasesOn && isOnOrBefore(cessation.ceasesOn, this.clock.today())) await this.close(actor, plan, cessation, cessation.ceasesOn);
  }

  /**
   * A plan ceased by the clock while an appeal lodged in time had not yet been recorded: it was maintained all along
   * (CFA s45; the plan is maintained until a lodged appeal is decided), so the cessation is live again.
   */
  private async reopen(actor: Actor, planId: string, lodgedOn: IsoDate, appealDeadline: IsoDate): Promise<void> {
    const manager = this.txHost.tx;
    const plan = await this.lock(actor, planId);
    const cessation = await this.latest(plan.id);
    if (!cessation || cessation.status !== CessationStatus.Ceased) return;
    const ceasedOn = cessation.ceasedOn;
    cessation.status = CessationStatus.Ceasing;
    cessation.ceasedOn = null;
    cessation.ceasesOn = null;
    cessation.appealLodged = true;
    cessation.appealDeadline = maxDate(cessation.appealDeadline, appealDeadline);
    await manager.save(cessation);
    plan.status = PlanStatus.Ceasing;
    await manager.save(plan);
    await this.audit.record(actor, {
      action: 'plan.cease_reopened',
      entityType: 'plan',
      entityId: plan.id,
      changes: { status: { before: PlanStatus.Ceased, after: PlanStatus.Ceasing }, ceasedOn: { before: ceasedOn, after: null } },
      metadata: { cessationId: cessation.id, lodgedOn, appealDeadline: cessation.appealDeadline, childId: plan.childId },
    });
    await this.plans.tellListeners(actor, plan, { type: 'cease_reopened', reopenedOn: lodgedOn });
  }

  /** The appeal against the cease ended without an order to continue (dismissed, withdrawn): the plan ceases then. */
  async appealEnded(actor: Actor, planId: string, endedOn: IsoDate): Promise<void> {
    const manager = this.txHost.tx;
    const plan = await this.lock(actor, planId);
    const cessation = await manager.findOneBy(PlanCessation, { planId: plan.id, status: CessationStatus.Ceasing });
    if (!cessation) return; // already ceased by the clock: nothing more to end
    // Never before the family's own deadline has passed, had they not appealed.
    const on = cessation.appealLodged ? endedOn : maxDate(endedOn, addDays(cessation.appealDeadline, 1));
    cessation.appealLodged = false;
    cessation.ceasesOn = on;
    await manager.save(cessation);
    if (isOnOrBefore(on, this.clock.today())) await this.close(actor, plan, cessation, on);
  }

  /**
   * An order (or the LA's concession) to continue the plan: the cease is undone and the plan is maintained (Regs 44),
   * whether the clock had ceased it or not. Nothing to undo (already withdrawn) is not an error: the order is obeyed.
   */
  async withdrawByOrder(actor: Actor, planId: string, orderedOn: IsoDate): Promise<void> {
    const manager = this.txHost.tx;
    const plan = await this.lock(actor, planId);
    const cessation = await this.latest(plan.id);
    if (!cessation || cessation.status === CessationStatus.Withdrawn) {
      if (plan.status === PlanStatus.Issued) return;
      throw new PlanNotCeasingError(plan.status);
    }
    const before = plan.status;
    cessation.status = CessationStatus.Withdrawn;
    cessation.withdrawnOn = orderedOn;
    cessation.withdrawnReason = 'order to continue the plan';
    cessation.ceasesOn = null;
    await manager.save(cessation);
    plan.status = PlanStatus.Issued;
    await manager.save(plan);
    await this.audit.record(actor, { action: 'plan.cease_withdrawn', entityType: 'plan', entityId: plan.id, changes: { status: { before, after: PlanStatus.Issued } }, metadata: { cessationId: cessation.id, orderedOn, childId: plan.childId } });
    await this.plans.tellListeners(actor, plan, { type: 'cease_withdrawn', withdrawnOn: orderedOn });
  }

  /**
   * For the appeals context: the plan's decision to cease that can be appealed (live, or already ceased by the clock:
   * an appeal lodged in time may be recorded after the deadline), or null.
   */
  async ceaseNotice(planId: string): Promise<{ notifiedOn: IsoDate; appealDeadline: IsoDate; status: CessationStatus } | null> {
    const row = await this.latest(planId);
    return row && row.status !== CessationStatus.Withdrawn ? { notifiedOn: row.notifiedOn, appealDeadline: row.appealDeadline, status: row.status } : null;
  }

  /** For the appeals context: the plan's live cessation's notice date, or null. */
  async liveNotice(planId: string): Promise<{ notifiedOn: IsoDate; appealDeadline: IsoDate } | null> {
    const manager = this.txHost.tx;
    const row = await manager.findOneBy(PlanCessation, { planId, status: CessationStatus.Ceasing });
    return row ? { notifiedOn: row.notifiedOn, appealDeadline: row.appealDeadline } : null;
  }

  private latest(planId: string): Promise<PlanCessation | null> {
    const manager = this.txHost.tx;
    return manager.findOne(PlanCessation, { where: { planId }, order: { createdAt: 'DESC' } });
  }

  // ---- the worker ----

  /**
   * Closes every cessation whose appeal deadline has passed without an appeal lodged: the plan is `ceased` on the day
   * after the deadline. Idempotent (each plan is locked and re-checked); what is due comes from PostgreSQL alone.
   */
  async closeDue(limit = 500): Promise<{ ceased: number }> {
    const today = this.clock.today();
    const due = await this.dataSource.manager
      .getRepository(PlanCessation)
      .createQueryBuilder('c')
      .select(['c.id', 'c.planId', 'c.localAuthorityId'])
      .where(`c.status = 'ceasing' AND NOT c.appeal_lodged AND c.ceases_on <= :today`, { today })
      .orderBy('c.ceases_on', 'ASC')
      .limit(limit)
      .getMany();
    let ceased = 0;
    for (const row of due) {
      const done = await this.txHost.withTransaction(async () => {
        const manager = this.txHost.tx;
        const actor = systemActor(row.localAuthorityId, 'close-ceased-plans');
        const plan = await manager.getRepository(Plan).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id: row.planId }).getOne();
        const cessation = await manager.findOneBy(PlanCessation, { id: row.id });
        if (!plan || !cessation || cessation.status !== CessationStatus.Ceasing || cessation.appealLodged || !cessation.ceasesOn || isAfter(cessation.ceasesOn, today)) return false;
        await this.close(actor, plan, cessation, cessation.ceasesOn);
        return true;
      });
      if (done) ceased += 1;
    }
    if (ceased > 0) this.logger.log({ ceased }, 'plans ceased after their appeal deadline');
    return { ceased };
  }

  private async close(actor: Actor, plan: Plan, cessation: PlanCessation, on: IsoDate): Promise<void> {
    const manager = this.txHost.tx;
    cessation.status = CessationStatus.Ceased;
    cessation.ceasedOn = on;
    await manager.save(cessation);
    plan.status = PlanStatus.Ceased;
    await manager.save(plan);
    await this.audit.record(actor, { action: 'plan.ceased', entityType: 'plan', entityId: plan.id, changes: { status: { before: PlanStatus.Ceasing, after: PlanStatus.Ceased } }, metadata: { cessationId: cessation.id, ceasedOn: on, reason: cessation.reason, childId: plan.childId } });
    await this.plans.tellListeners(actor, plan, { type: 'ceased', ceasedOn: on, reason: cessation.reason });
  }

  private async live(actor: Actor, planId: string): Promise<{ plan: Plan; cessation: PlanCessation }> {
    const manager = this.txHost.tx;
    const plan = await this.lock(actor, planId);
    const cessation = await manager.findOneBy(PlanCessation, { planId: plan.id, status: CessationStatus.Ceasing });
    if (!cessation) throw new PlanNotCeasingError(plan.status);
    return { plan, cessation };
  }

  private async lock(actor: Actor, id: string): Promise<Plan> {
    const manager = this.txHost.tx;
    if (actor.role === Role.Professional) throw new NotFoundError('plan', id);
    const plan = await manager
      .getRepository(Plan)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id AND p.local_authority_id = :la', { id, la: actor.localAuthorityId })
      .getOne();
    if (!plan) throw new NotFoundError('plan', id);
    return plan;
  }

  private async viewOf(plan: Plan): Promise<CessationDto> {
    const manager = this.txHost.tx;
    const cessation = await manager.findOne(PlanCessation, { where: { planId: plan.id }, order: { createdAt: 'DESC' } });
    const consultations = await manager.find(PlanCeaseConsultation, { where: { planId: plan.id }, order: { consultedOn: 'ASC', createdAt: 'ASC' } });
    const notice = cessation ? decisionNotice(AppealableDecision.Cease, cessation.notifiedOn, await this.localAuthorities.noticeContactsOf(plan.localAuthorityId)) : null;
    return {
      planId: plan.id,
      status: plan.status,
      cessationStatus: cessation?.status ?? null,
      reason: cessation?.reason ?? null,
      reasonText: cessation ? (CEASE_REASONS[cessation.reason] ?? null) : null,
      notifiedOn: cessation?.notifiedOn ?? null,
      appealDeadline: cessation?.appealDeadline ?? null,
      appealLodged: cessation?.appealLodged ?? false,
      ceasesOn: cessation?.ceasesOn ?? null,
      ceasedOn: cessation?.ceasedOn ?? null,
      withdrawnOn: cessation?.withdrawnOn ?? null,
      youngPersonOver18: cessation?.youngPersonOver18 ?? false,
      regs30: cessation?.regs30 ? { ...cessation.regs30, notes: cessation.regs30.notes ?? undefined } : null,
      consultations: consultations.map((c) => ({ id: c.id, consultee: c.consultee, name: c.name, consultedOn: c.consultedOn, response: c.response })),
      notice: notice
        ? { appealDeadline: notice.appealDeadline, appealDeadlineExplanation: notice.appealDeadlineExplanation, mediation: notice.mediation.text, regulation: `${CEASE_REGULATION}; ${notice.regulation}`, text: notice.text, mediationAdviserContactBy: notice.mediationAdviserContactBy, missingContacts: notice.missing }
        : null,
      version: plan.version,
    };
  }
}
