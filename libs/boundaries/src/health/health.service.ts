import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, BindsPort, Clock, Discipline, DomainEventMap, ForbiddenError, OnDomainEvent, NotFoundError, Role, RuleViolationError } from '@app/core';
import { AssessmentsService, requireNotFuture, requireOnOrAfter } from '@app/assessments';
import { AuditService } from '@app/audit';
import { ChildrenService } from '@app/children';
import { OrganisationsService } from '@app/identity';
import { Plan, PlanIssueGuard, PlansService, Sections } from '@app/plans';
import { createHash } from 'node:crypto';
import { DataSource, In, IsNull } from 'typeorm';
import { DeadlinesService } from '@app/deadlines';
import { ComputedDeadline, computeHealthBodyChangeDeadlines, HEALTH_BODY_REVIEW_REGULATION } from '@app/statutory-clock';
import { HealthBodyChange } from '../entities/health-body-change.entity';
import { BoundariesErrorCode } from '../boundaries.errors';
import { DesignatedOfficersDto, HealthBodyChangeAnswerDto, HealthBodyDto, HealthSignOffDto } from '../dto/health.dto';
import { BodyNotice } from '../entities/body-notice.entity';
import { DesignatedOfficers } from '../entities/designated-officers.entity';
import { HealthSignOff } from '../entities/health-sign-off.entity';
import { PlanHealthBody } from '../entities/plan-health-body.entity';
import { TxHost } from '@app/database';

export const SECTION_G_RULE = 'Children and Families Act 2014, s42(3); SEND Regulations 2014, reg 12(1)(g): section G is agreed with the health commissioning body';
export const BODY_NOTICE_CONSIDERED_RULE = 'SEND Regulations 2014, reg 4(2) (verify)';
export const BODY_NOTICE_DECISION_RULE = 'SEND Regulations 2014, reg 5(2)';

export interface HealthStatus {
  planId: string;
  healthBodyId: string | null;
  sectionGHasProvision: boolean;
  satisfied: boolean;
  signOffs: (HealthSignOff & { current: boolean })[];
  /** Changes of the health commissioning body (Regs 16), oldest first, with the new body's deadline as of today. */
  bodyChanges: (HealthBodyChange & { deadlines: ComputedDeadline[] })[];
}

function sectionGHash(sections: Sections): string {
  return createHash('sha256').update(JSON.stringify(sections.G ?? null)).digest('hex');
}

/**
 * Health and social care in the loop (statutory-rules.md section 9): section G signed off by a health user of the
 * plan's health commissioning body before a final plan whose G holds provision (422 `health_sign_off_missing`
 * otherwise, unless the caseworker records an override with its reason); the DCO and DSCO per LA; the record that
 * health and social care were told when an assessment was considered (Regs 4(2)) and of the decision (Regs 5(2)).
 */
@Injectable()
@BindsPort('plans.issue-guard')
export class HealthService implements PlanIssueGuard {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly plans: PlansService,
    private readonly assessments: AssessmentsService,
    private readonly organisations: OrganisationsService,
    private readonly children: ChildrenService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly deadlines: DeadlinesService,
  ) {}

  // ---- section G ----

  async setHealthBody(actor: Actor, planId: string, dto: HealthBodyDto): Promise<HealthStatus> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const plan = await this.plans.lockForUpdate(actor, planId);
      const organisation = await this.organisations.get(actor, dto.organisationId);
      if (organisation.kind !== 'nhs_body') throw new RuleViolationError(BoundariesErrorCode.HealthSignOffNotAllowed, `The health commissioning body must be a health organisation (kind nhs_body); ${organisation.name} is ${organisation.kind}.`, SECTION_G_RULE);
      const current = await manager.findOneBy(PlanHealthBody, { planId: plan.id });
      if (current?.organisationId === organisation.id) return this.status(plan); // unchanged: a replay records nothing
      await manager.upsert(PlanHealthBody, { planId: plan.id, localAuthorityId: plan.localAuthorityId, organisationId: organisation.id }, ['planId']);
      await this.audit.record(actor, { action: 'plan.health_body_set', entityType: 'plan', entityId: plan.id, metadata: { organisationId: organisation.id, childId: plan.childId } });
      if (current) await this.recordBodyChange(actor, plan, current.organisationId, organisation.id, dto.changedOn ?? this.clock.today());
      return this.status(plan);
    });
  }

  /**
   * A change of health commissioning body (Regs 16): recorded with the new body's 15 working days, a deadline of the
   * case owned by its caseworker (reminded once). An earlier change still unanswered is superseded on that day.
   */
  private async recordBodyChange(actor: Actor, plan: Plan, fromOrganisationId: string, toOrganisationId: string, changedOn: string): Promise<void> {
    const manager = this.txHost.tx;
    requireNotFuture('changedOn', changedOn, this.clock.today());
    const open = await manager.find(HealthBodyChange, { where: { planId: plan.id, answeredOn: IsNull(), endedOn: IsNull() } });
    for (const earlier of open) {
      earlier.endedOn = changedOn;
      await manager.save(earlier);
      await this.syncChange(plan, earlier);
    }
    const change = await manager.save(manager.create(HealthBodyChange, { localAuthorityId: plan.localAuthorityId, planId: plan.id, fromOrganisationId, toOrganisationId, changedOn, answer: null, answeredOn: null, answerNote: null, answeredById: null, endedOn: null, planEndedOn: null, createdById: actor.userId }));
    await this.syncChange(plan, change);
    await this.audit.record(actor, { action: 'plan.health_body_changed', entityType: 'plan', entityId: plan.id, metadata: { changeId: change.id, fromOrganisationId, toOrganisationId, changedOn, superseded: open.map((c) => c.id), childId: plan.childId } });
  }

  /**
   * The new body's answer (Regs 16): it secures the health provision, or asks the LA to review the plan or to assess.
   * Recorded by a health user of the new body, or by the case team from its letter; it meets the 15 working days.
   */
  async answerBodyChange(actor: Actor, changeId: string, dto: HealthBodyChangeAnswerDto): Promise<HealthStatus> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      if (actor.role === Role.LaAdmin || actor.role === Role.NationalAnalyst) throw new ForbiddenError('The new health body answers, or the case team records its answer.');
      const change = await manager.findOne(HealthBodyChange, { where: { id: changeId }, lock: { mode: 'pessimistic_write' } });
      if (!change) throw new NotFoundError('health body change', changeId);
      if (actor.role === Role.Professional) {
        const member = actor.memberships.some((m) => m.organisationId === change.toOrganisationId && m.localAuthorityId === change.localAuthorityId);
        if (!member || actor.discipline !== Discipline.Health) throw new NotFoundError('health body change', changeId);
      } else if (change.localAuthorityId !== actor.localAuthorityId) {
        throw new NotFoundError('health body change', changeId);
      }
      const [plan] = await this.plans.findByIds([change.planId]);
      if (!plan) throw new NotFoundError('health body change', changeId);
      requireNotFuture('answeredOn', dto.answeredOn, this.clock.today());
      requireOnOrAfter('answeredOn', dto.answeredOn, 'the change of body', change.changedOn);
      if (change.endedOn) throw new RuleViolationError(BoundariesErrorCode.HealthBodyChangeSuperseded, `This change was superseded on ${change.endedOn} by a later change of health commissioning body: record the answer on that one.`, HEALTH_BODY_REVIEW_REGULATION);
      if (change.planEndedOn) throw new RuleViolationError(BoundariesErrorCode.HealthBodyChangeSuperseded, `The plan stopped being maintained on ${change.planEndedOn}: the new body's duty fell away.`, HEALTH_BODY_REVIEW_REGULATION);
      const note = dto.note?.trim() || null;
      if (change.answer === dto.answer && change.answeredOn === dto.answeredOn && change.answerNote === note) return this.status(plan);
      const before = { answer: change.answer, answeredOn: change.answeredOn };
      change.answer = dto.answer;
      change.answeredOn = dto.answeredOn;
      change.answerNote = note;
      change.answeredById = actor.userId;
      await manager.save(change);
      await this.syncChange(plan, change);
      await this.audit.record(actor, { action: 'plan.health_body_answered', entityType: 'plan', entityId: plan.id, changes: { answer: { before: before.answer, after: dto.answer }, answeredOn: { before: before.answeredOn, after: dto.answeredOn } }, metadata: { changeId: change.id, childId: plan.childId } });
      return this.status(plan);
    });
  }

  private async syncChange(plan: Plan, change: HealthBodyChange): Promise<void> {
    const assessment = await this.assessments.findById(plan.assessmentId);
    await this.deadlines.sync(
      { localAuthorityId: change.localAuthorityId, subjectType: 'health_change', subjectId: change.id, assessmentId: plan.assessmentId, caseOwnerUserId: assessment?.caseworkerId ?? null },
      computeHealthBodyChangeDeadlines({ changedOn: change.changedOn, answeredOn: change.answeredOn, endedOn: change.endedOn ?? change.planEndedOn }, this.clock.today()),
    );
  }

  /**
   * The plan ceased (or its cease was undone): a new body's duty still unanswered falls away on the day it ceased, and
   * comes back if the plan is maintained again (Regs 16 binds only while the plan is maintained).
   */
  @OnDomainEvent('plan.ceased')
  @OnDomainEvent('plan.cease-withdrawn')
  @OnDomainEvent('plan.cease-reopened')
  async onPlanCeaseChanged({ plan, event }: DomainEventMap['plan.ceased' | 'plan.cease-withdrawn' | 'plan.cease-reopened']): Promise<void> {
    const manager = this.txHost.tx;
    const open = await manager.find(HealthBodyChange, { where: { planId: plan.id, answeredOn: IsNull(), endedOn: IsNull() } });
    for (const change of open) {
      change.planEndedOn = event.type === 'ceased' ? event.ceasedOn : null;
      await manager.update(HealthBodyChange, { id: change.id }, { planEndedOn: change.planEndedOn });
      await this.syncChange(plan, change);
    }
  }

  /**
   * A health user of the plan's health commissioning body agrees section G as it stands; or the caseworker records an
   * override with its reason (documented and audited). A professional reaches the plan only as a member of that body.
   */
  async signOff(actor: Actor, planId: string, dto: HealthSignOffDto): Promise<HealthStatus> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      requireNotFuture('agreedOn', dto.agreedOn, this.clock.today());
      if (actor.role === Role.LaAdmin || actor.role === Role.NationalAnalyst) throw new ForbiddenError('Section G is agreed by the health body, or overridden by the case team.');
      if (actor.role === Role.Professional) {
        const [plan] = await this.plans.findByIds([planId]);
        if (!plan) throw new NotFoundError('plan', planId);
        const organisationId = await this.bodyOfSigner(actor, plan);
        if (dto.overrideReason) throw new RuleViolationError(BoundariesErrorCode.HealthSignOffNotAllowed, 'Only the case team can override the health body’s agreement.', SECTION_G_RULE);
        await manager.insert(HealthSignOff, { localAuthorityId: plan.localAuthorityId, planId: plan.id, kind: 'agreed', organisationId, agreedOn: dto.agreedOn, sectionGSha256: sectionGHash(plan.sections), overrideReason: null, signedById: actor.userId });
        await this.audit.record(actor, { action: 'plan.health_signed_off', entityType: 'plan', entityId: plan.id, metadata: { organisationId, agreedOn: dto.agreedOn, childId: plan.childId } });
        return this.status(plan);
      }
      const plan = await this.plans.lockForUpdate(actor, planId);
      if (!dto.overrideReason) {
        throw new RuleViolationError(BoundariesErrorCode.HealthSignOffNotAllowed, 'Section G is agreed by a health user of the plan’s health commissioning body; the case team may only record an override, with `overrideReason`.', SECTION_G_RULE);
      }
      await this.recordOverride(actor, plan, dto.agreedOn, dto.overrideReason);
      return this.status(plan);
    });
  }

  async read(actor: Actor, planId: string): Promise<HealthStatus> {
    const plan = await this.plans.get(actor, planId);
    return this.status(plan);
  }

  /**
   * A health user's inbox: the plans whose health commissioning body is one of their `nhs_body` organisations, with the
   * child's name and section G as it stands, so they can agree it. Nobody else has any (an empty list).
   */
  async inbox(actor: Actor): Promise<{ plan: Plan; childName: string; status: HealthStatus }[]> {
    if (actor.role !== Role.Professional || actor.discipline !== Discipline.Health) return [];
    const manager = this.dataSource.manager;
    const memberships = actor.memberships.map((m) => m.organisationId);
    const kinds = await this.organisations.kindsOf(memberships);
    const bodies = actor.memberships.filter((m) => kinds.get(m.organisationId) === 'nhs_body');
    if (bodies.length === 0) return [];
    const rows = await manager.find(PlanHealthBody, { where: bodies.map((b) => ({ organisationId: b.organisationId, localAuthorityId: b.localAuthorityId })) });
    const plans = (await this.plans.findByIds(rows.map((r) => r.planId))).filter((p) => p.status !== 'ceased');
    const children = new Map((await this.children.findByIds(plans.map((p) => p.childId))).map((c) => [c.id, `${c.givenName} ${c.familyName}`]));
    const result: { plan: Plan; childName: string; status: HealthStatus }[] = [];
    for (const plan of plans) {
      result.push({ plan, childName: children.get(plan.childId) ?? '', status: await this.status(plan) });
    }
    for (const plan of plans) await this.audit.record(actor, { action: 'plan.health_inbox_read', entityType: 'plan', entityId: plan.id, metadata: { childId: plan.childId } });
    return result.sort((a, b) => a.childName.localeCompare(b.childName));
  }

  /** The plans context asks before a final or amended plan is frozen (inside its transaction). */
  async beforeIssue(actor: Actor, plan: Plan, sections: Sections, stage: string, overrideReason: string | null): Promise<void> {
    if (stage === 'draft') return;
    const status = await this.status({ ...plan, sections } as Plan);
    if (status.satisfied) return;
    if (overrideReason && overrideReason.trim().length >= 10) {
      await this.recordOverride(actor, { ...plan, sections } as Plan, this.clock.today(), overrideReason.trim());
      return;
    }
    throw new RuleViolationError(
      BoundariesErrorCode.HealthSignOffMissing,
      'Section G holds health provision that the health commissioning body has not agreed as it stands. A health user of the body signs it off (POST /plans/:id/health-sign-off), or the caseworker gives `overrideReason` (at least 10 characters) to issue without it.',
      SECTION_G_RULE,
    );
  }

  private async recordOverride(actor: Actor, plan: Plan, on: string, reason: string): Promise<void> {
    const manager = this.txHost.tx;
    await manager.insert(HealthSignOff, { localAuthorityId: plan.localAuthorityId, planId: plan.id, kind: 'override', organisationId: null, agreedOn: on, sectionGSha256: sectionGHash(plan.sections), overrideReason: reason, signedById: actor.userId });
    await this.audit.record(actor, { action: 'plan.health_sign_off_overridden', entityType: 'plan', entityId: plan.id, metadata: { reason, on, childId: plan.childId } });
  }

  /** The health organisation the signer speaks for: the plan's body when set, else an `nhs_body` they belong to in the plan's LA. */
  private async bodyOfSigner(actor: Actor, plan: Plan): Promise<string> {
    const manager = this.txHost.tx;
    const memberships = actor.memberships.filter((m) => m.localAuthorityId === plan.localAuthorityId).map((m) => m.organisationId);
    const body = await manager.findOneBy(PlanHealthBody, { planId: plan.id });
    const kinds = await this.organisations.kindsOf(memberships);
    const healthOrgs = memberships.filter((id) => kinds.get(id) === 'nhs_body');
    const organisationId = body ? (healthOrgs.includes(body.organisationId) ? body.organisationId : null) : (healthOrgs[0] ?? null);
    // Anyone else is not one who may know of the plan.
    if (!organisationId || actor.discipline !== Discipline.Health) throw new NotFoundError('plan', plan.id);
    return organisationId;
  }

  private async status(plan: Plan): Promise<HealthStatus> {
    const manager = this.txHost.tx;
    const hash = sectionGHash(plan.sections);
    const rows = await manager.find(HealthSignOff, { where: { planId: plan.id }, order: { createdAt: 'ASC' } });
    const body = await manager.findOneBy(PlanHealthBody, { planId: plan.id });
    const hasProvision = (plan.sections.G?.items?.length ?? 0) > 0;
    const signOffs = rows.map((r) => Object.assign(r, { current: r.sectionGSha256 === hash }));
    const today = this.clock.today();
    const changes = await manager.find(HealthBodyChange, { where: { planId: plan.id }, order: { changedOn: 'ASC', createdAt: 'ASC' } });
    const bodyChanges = changes.map((c) => Object.assign(c, { deadlines: computeHealthBodyChangeDeadlines({ changedOn: c.changedOn, answeredOn: c.answeredOn, endedOn: c.endedOn ?? c.planEndedOn }, today) }));
    return { planId: plan.id, healthBodyId: body?.organisationId ?? null, sectionGHasProvision: hasProvision, satisfied: !hasProvision || signOffs.some((s) => s.current), signOffs, bodyChanges };
  }

  // ---- the designated officers and the notices to health and social care ----

  async officers(actor: Actor): Promise<DesignatedOfficersDto> {
    const row = await this.dataSource.manager.findOneBy(DesignatedOfficers, { localAuthorityId: actor.localAuthorityId });
    return { dco: row?.dco ?? null, dsco: row?.dsco ?? null };
  }

  async setOfficers(actor: Actor, dto: DesignatedOfficersDto): Promise<DesignatedOfficersDto> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await manager.upsert(DesignatedOfficers, { localAuthorityId: actor.localAuthorityId, dco: dto.dco ?? null, dsco: dto.dsco ?? null }, ['localAuthorityId']);
      await this.audit.record(actor, { action: 'local_authority.designated_officers_set', entityType: 'local_authority', entityId: actor.localAuthorityId, metadata: { dco: dto.dco?.email ?? null, dsco: dto.dsco?.email ?? null } });
      return { dco: dto.dco ?? null, dsco: dto.dsco ?? null };
    });
  }

  async notices(actor: Actor, assessmentId: string): Promise<BodyNotice[]> {
    const assessment = await this.assessments.findById(assessmentId);
    if (!assessment || assessment.localAuthorityId !== actor.localAuthorityId || actor.role === Role.Professional) throw new NotFoundError('assessment', assessmentId);
    return this.dataSource.manager.find(BodyNotice, { where: { assessmentId }, order: { createdAt: 'ASC' } });
  }

  /**
   * The assessment's decision whether to assess: health and social care are told it is being considered (Regs 4(2),
   * when not yet recorded: the request's day) and of the decision (Regs 5(2)), addressed to the DCO and DSCO.
   */
  @OnDomainEvent('assessment.stepped')
  async onAssessmentStepped({ assessment, command }: DomainEventMap['assessment.stepped']): Promise<void> {
    const manager = this.txHost.tx;
    if (assessment.imported || command.type !== 'decide_to_assess') return;
    const officers = await manager.findOneBy(DesignatedOfficers, { localAuthorityId: assessment.localAuthorityId });
    const existing = await manager.find(BodyNotice, { where: { assessmentId: assessment.id, body: In(['health', 'social_care']) } });
    const rows: Partial<BodyNotice>[] = [];
    for (const body of ['health', 'social_care'] as const) {
      const officer = body === 'health' ? officers?.dco : officers?.dsco;
      const addressee = officer ? { name: officer.name, email: officer.email } : null;
      if (!existing.some((n) => n.body === body && n.event === 'assessment_considered')) {
        rows.push({ localAuthorityId: assessment.localAuthorityId, assessmentId: assessment.id, body, event: 'assessment_considered', notifiedOn: assessment.requestReceivedOn, addressee, regulation: BODY_NOTICE_CONSIDERED_RULE });
      }
      if (!existing.some((n) => n.body === body && n.event === 'decision')) {
        rows.push({ localAuthorityId: assessment.localAuthorityId, assessmentId: assessment.id, body, event: 'decision', notifiedOn: command.notifiedOn ?? command.decidedOn, addressee, regulation: BODY_NOTICE_DECISION_RULE });
      }
    }
    if (rows.length > 0) await manager.insert(BodyNotice, rows);
  }
}
