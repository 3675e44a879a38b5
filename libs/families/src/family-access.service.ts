import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, APP_CONFIG, AppConfig, Clock, FamilyMemberActor, NotFoundError, Role } from '@app/core';
import { AuditService } from '@app/audit';
import { Assessment, AssessmentsService, OPEN_STATUSES } from '@app/assessments';
import { Child, ChildrenService } from '@app/children';
import { isUniqueViolation, TxHost } from '@app/database';
import { Plan, PlanStatus, PlansService } from '@app/plans';
import { OutboxWriter } from '@app/reminders';
import { DataSource, In, IsNull } from 'typeorm';
import { FamilyAccess, FamilyRelationship } from './entities/family-access.entity';
import { FamilyMember } from './entities/family-member.entity';
import { FamilySession } from './entities/family-session.entity';
import { AlreadyInvitedError, ConsentNotNeededError } from './families.errors';
import { invitationEmail } from './family-emails';
import { accessStatus, AccessStatus } from './family-rights';

export interface InviteInput {
  email: string;
  name: string;
  relationship: FamilyRelationship;
}

/** A grant with what it opens today. */
export interface GrantView {
  access: FamilyAccess;
  member: FamilyMember;
  status: AccessStatus;
}

/** A child the member reaches today, with the grant that opens it and the child's cases. */
export interface ReachableChild {
  access: FamilyAccess;
  child: Child;
  assessments: Assessment[];
  plans: Plan[];
  /** The member acting on this child's record, as other contexts' services take it (their LA is the grant's). */
  actor: Actor;
}

const LIVE_PLAN: readonly PlanStatus[] = [PlanStatus.Drafting, PlanStatus.DraftIssued, PlanStatus.Issued, PlanStatus.Ceasing];

/**
 * Who in a family may see which child: caseworkers invite and revoke; the rights (family-rights.ts) decide, each day,
 * which grants open the case. Every family read goes through `reachable...` here: anything else is a 404.
 */
@Injectable()
export class FamilyAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly children: ChildrenService,
    private readonly assessments: AssessmentsService,
    private readonly plans: PlansService,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- the caseworker's side ----

  /** Grants a child's case to a family member (created on first invitation) and queues the invitation email. */
  async invite(actor: Actor, childId: string, input: InviteInput): Promise<GrantView> {
    try {
      return await this.txHost.withTransaction(async () => {
        const manager = this.txHost.tx;
        const child = await this.children.requireInLa(actor, childId);
        const email = input.email.trim().toLowerCase();
        await manager.query('INSERT INTO family_members (email, name) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING', [email, input.name.trim()]);
        const member = await manager.findOneByOrFail(FamilyMember, { email });
        const existing = await manager.findOneBy(FamilyAccess, { childId: child.id, memberId: member.id, revokedAt: IsNull() });
        if (existing) throw new AlreadyInvitedError(existing.id);
        const access = manager.create(FamilyAccess, {
          localAuthorityId: actor.localAuthorityId,
          childId: child.id,
          memberId: member.id,
          relationship: input.relationship,
          youngPersonConsentOn: null,
          invitedById: actor.userId,
          revokedAt: null,
          revokedById: null,
        });
        await manager.save(access);
        const content = invitationEmail(this.signInLink());
        await this.outbox.queueEmail({ localAuthorityId: actor.localAuthorityId, reference: access.id, to: email, ...content });
        await this.audit.record(actor, { action: 'family_access.granted', entityType: 'child', entityId: child.id, metadata: { accessId: access.id, memberId: member.id, relationship: access.relationship } });
        return { access, member, status: await this.statusOf(access, child) };
      });
    } catch (error) {
      // Two invitations of the same person at once: the second finds the first's grant.
      if (isUniqueViolation(error)) {
        const member = await this.dataSource.manager.findOneBy(FamilyMember, { email: input.email.trim().toLowerCase() });
        const existing = member && (await this.dataSource.manager.findOneBy(FamilyAccess, { childId, memberId: member.id, revokedAt: IsNull() }));
        if (existing) throw new AlreadyInvitedError(existing.id);
      }
      throw error;
    }
  }

  /**
   * Ends a grant. The member loses the child at once (every family read checks the grant); when it was their last
   * grant, their sessions end too.
   */
  async revoke(actor: Actor, accessId: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const access = await this.lockInLa(actor, accessId);
      if (access.revokedAt) return; // revoking twice changes nothing
      access.revokedAt = this.clock.now();
      access.revokedById = actor.userId;
      await manager.save(access);
      const others = await manager.countBy(FamilyAccess, { memberId: access.memberId, revokedAt: IsNull() });
      let sessionsEnded = 0;
      if (others === 0) {
        const result = await manager.update(FamilySession, { memberId: access.memberId, revokedAt: IsNull() }, { revokedAt: this.clock.now(), revokedReason: 'access_revoked' });
        sessionsEnded = result.affected ?? 0;
      }
      await this.audit.record(actor, { action: 'family_access.revoked', entityType: 'child', entityId: access.childId, metadata: { accessId, memberId: access.memberId, sessionsEnded } });
    });
  }

  /** The young person's consent for a parent to keep access after the rights passed to them, as the caseworker recorded it. */
  async recordConsent(actor: Actor, accessId: string, consentedOn: string): Promise<GrantView> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const access = await this.lockInLa(actor, accessId);
      if (access.relationship !== FamilyRelationship.Parent || access.revokedAt) throw new ConsentNotNeededError();
      access.youngPersonConsentOn = consentedOn;
      await manager.save(access);
      await this.audit.record(actor, { action: 'family_access.consent_recorded', entityType: 'child', entityId: access.childId, metadata: { accessId, consentedOn } });
      const [child] = await this.children.findByIds([access.childId]);
      return { access, member: await manager.findOneByOrFail(FamilyMember, { id: access.memberId }), status: await this.statusOf(access, child) };
    });
  }

  /** The child's grants, newest first, with what each opens today (audited as a read of the child's record). */
  async listForChild(actor: Actor, childId: string): Promise<GrantView[]> {
    const manager = this.dataSource.manager;
    const child = await this.children.requireInLa(actor, childId);
    const grants = await manager.find(FamilyAccess, { where: { childId: child.id }, order: { createdAt: 'DESC' } });
    const members = await manager.findBy(FamilyMember, { id: In(grants.map((g) => g.memberId)) });
    const live = await this.caseLive([child.id]);
    await this.audit.recordRead(actor, { action: 'family_access.listed', entityType: 'child', entityId: child.id });
    return grants.map((access) => ({ access, member: members.find((m) => m.id === access.memberId)!, status: this.status(access, child, live.has(child.id)) }));
  }

  // ---- the family's side ----

  /** Every child the member reaches today. */
  async reachableChildren(member: FamilyMemberActor): Promise<ReachableChild[]> {
    const manager = this.txHost.tx;
    const grants = await manager.find(FamilyAccess, { where: { memberId: member.memberId, revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
    if (grants.length === 0) return [];
    const children = await this.children.findByIds(grants.map((g) => g.childId));
    const assessments = await this.assessments.ofChildren(children.map((c) => c.id));
    const plans = await this.plans.findByIds(assessments.map((a) => a.planId).filter((id): id is string => id !== null));
    const today = this.clock.today();
    const reachable: ReachableChild[] = [];
    for (const access of grants) {
      const child = children.find((c) => c.id === access.childId);
      if (!child) continue;
      const own = assessments.filter((a) => a.childId === child.id);
      const ownPlans = plans.filter((p) => p.childId === child.id);
      const status = accessStatus({ ...this.facts(access, child), caseLive: isLive(own, ownPlans) }, today);
      if (status === 'active') reachable.push({ access, child, assessments: own, plans: ownPlans, actor: this.actorFor(member, access) });
    }
    return reachable;
  }

  /** The child, if the member reaches it today; else 404 (whether it exists or not). */
  async reachableChild(member: FamilyMemberActor, childId: string): Promise<ReachableChild> {
    const found = (await this.reachableChildren(member)).find((r) => r.child.id === childId);
    if (!found) throw new NotFoundError('child', childId);
    return found;
  }

  /** The assessment's child, if the member reaches it today; else 404. */
  async reachableAssessment(member: FamilyMemberActor, assessmentId: string): Promise<ReachableChild & { assessment: Assessment }> {
    const found = (await this.reachableChildren(member)).find((r) => r.assessments.some((a) => a.id === assessmentId));
    if (!found) throw new NotFoundError('assessment', assessmentId);
    return { ...found, assessment: found.assessments.find((a) => a.id === assessmentId)! };
  }

  /** The plan's child, if the member reaches it today; else 404. */
  async reachablePlan(member: FamilyMemberActor, planId: string): Promise<ReachableChild & { plan: Plan }> {
    const found = (await this.reachableChildren(member)).find((r) => r.plans.some((p) => p.id === planId));
    if (!found) throw new NotFoundError('plan', planId);
    return { ...found, plan: found.plans.find((p) => p.id === planId)! };
  }

  /** The member acting on one grant's child, as other contexts' services take an actor (audited with the grant's LA). */
  actorFor(member: FamilyMemberActor, access: FamilyAccess): Actor {
    return { userId: member.memberId, localAuthorityId: access.localAuthorityId, role: Role.FamilyMember, discipline: null, memberships: [], requestId: member.requestId };
  }

  /** Where a family member signs in (the emails' link): the web app's page, not the JSON API (WEB_PUBLIC_URL). */
  signInLink(query = ''): string {
    return `${this.config.webPublicUrl.replace(/\/$/, '')}/family/sign-in${query}`;
  }

  private async lockInLa(actor: Actor, accessId: string): Promise<FamilyAccess> {
    const manager = this.txHost.tx;
    const access = await manager
      .getRepository(FamilyAccess)
      .createQueryBuilder('g')
      .setLock('pessimistic_write')
      .where('g.id = :accessId AND g.local_authority_id = :la', { accessId, la: actor.localAuthorityId })
      .getOne();
    if (!access) throw new NotFoundError('family access', accessId);
    return access;
  }

  private async statusOf(access: FamilyAccess, child: Child): Promise<AccessStatus> {
    return this.status(access, child, (await this.caseLive([child.id])).has(child.id));
  }

  private status(access: FamilyAccess, child: Child, caseLive: boolean): AccessStatus {
    return accessStatus({ ...this.facts(access, child), caseLive }, this.clock.today());
  }

  private facts(access: FamilyAccess, child: Child) {
    return {
      relationship: access.relationship,
      revoked: access.revokedAt !== null,
      youngPersonConsentOn: access.youngPersonConsentOn,
      dateOfBirth: child.dateOfBirth,
      youngPersonLacksCapacity: child.youngPersonLacksCapacity,
    };
  }

  /** The children (of these) whose case is live: an open assessment, a plan not ceased, or no case yet. */
  private async caseLive(childIds: string[]): Promise<Set<string>> {
    const assessments = await this.assessments.ofChildren(childIds);
    const plans = await this.plans.findByIds(assessments.map((a) => a.planId).filter((id): id is string => id !== null));
    return new Set(childIds.filter((id) => isLive(assessments.filter((a) => a.childId === id), plans.filter((p) => p.childId === id))));
  }
}

function isLive(assessments: Assessment[], plans: Plan[]): boolean {
  if (assessments.length === 0) return true;
  return assessments.some((a) => OPEN_STATUSES.includes(a.status)) || plans.some((p) => LIVE_PLAN.includes(p.status));
}
