import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, ForbiddenError, memberOf, NotFoundError, Role } from '@app/core';
import { requireNotFuture } from '@app/assessments';
import { AuditService } from '@app/audit';
import { ChildrenService } from '@app/children';
import { OrganisationsService } from '@app/identity';
import { Plan, PlansService, PlanStatus, ProvisionItem } from '@app/plans';
import { DataSource, In } from 'typeorm';
import { ProvisionDeliveryInputDto } from '../dto/provision.dto';
import { ProvisionDelivery } from '../entities/provision-delivery.entity';
import { ProvisionNotInPlanError } from '../boundaries.errors';
import { TxHost } from '@app/database';

export const PROVISION_DUTY_RULE = 'Children and Families Act 2014, s42(2) (section F) and s42(3) (section G)';
const MAINTAINED: readonly PlanStatus[] = [PlanStatus.Issued, PlanStatus.Ceasing];

export function deliveryGap(d: Pick<ProvisionDelivery, 'inPlace' | 'hoursDelivered' | 'hoursSpecified'>): boolean {
  return !d.inPlace || (d.hoursDelivered !== null && d.hoursSpecified !== null && Number(d.hoursDelivered) < Number(d.hoursSpecified));
}

/**
 * Provision actually delivered (CFA s42(2)-(3)): the setting named in section I (through its inbox) or the case team
 * reports, per section F or G item, whether it is in place, since when, hours delivered against those specified and
 * the reasons for a gap; managers list the plans whose provision is not in place (the child at risk, not a deadline).
 */
@Injectable()
export class ProvisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly plans: PlansService,
    private readonly children: ChildrenService,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, planId: string, provisionId: string, dto: ProvisionDeliveryInputDto): Promise<ProvisionDelivery> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      if (actor.role === Role.LaAdmin || actor.role === Role.NationalAnalyst) throw new ForbiddenError('Provision is reported by the setting or the case team.');
      if (dto.since) requireNotFuture('since', dto.since, this.clock.today());
      const { plan, organisationId } = actor.role === Role.Professional ? await this.asSetting(actor, planId) : { plan: await this.plans.lockForUpdate(actor, planId), organisationId: null };
      if (!MAINTAINED.includes(plan.status)) throw new NotFoundError('plan', planId);
      const item = itemOf(plan, provisionId);
      const row = manager.create(ProvisionDelivery, {
        localAuthorityId: plan.localAuthorityId,
        planId: plan.id,
        childId: plan.childId,
        provisionId,
        section: item.section,
        description: item.item.description.slice(0, 2000),
        inPlace: dto.inPlace,
        since: dto.since ?? null,
        hoursDelivered: dto.hoursDelivered !== undefined ? String(dto.hoursDelivered) : null,
        hoursSpecified: dto.hoursSpecified !== undefined ? String(dto.hoursSpecified) : null,
        period: dto.period ?? null,
        reason: dto.reason ?? null,
        reportedBy: actor.role === Role.Professional ? 'setting' : 'la',
        reportedById: actor.userId,
        organisationId,
      });
      await manager.save(row);
      await this.audit.record(actor, { action: 'plan.provision_delivery_reported', entityType: 'plan', entityId: plan.id, metadata: { provisionId, section: item.section, inPlace: dto.inPlace, gap: deliveryGap(row), childId: plan.childId } });
      return manager.findOneByOrFail(ProvisionDelivery, { id: row.id });
    });
  }

  /** Each F and G item of a plan with its latest report. */
  async forPlan(actor: Actor, planId: string): Promise<{ plan: Plan; items: { section: 'F' | 'G'; item: ProvisionItem; latest: ProvisionDelivery | null }[] }> {
    const plan = actor.role === Role.Professional ? (await this.asSetting(actor, planId, false)).plan : await this.plans.get(actor, planId);
    const latest = await this.latestOf([plan.id]);
    return { plan, items: itemsOf(plan).map((i) => ({ ...i, latest: latest.get(`${plan.id}:${i.item.id}`) ?? null })) };
  }

  /** A setting's inbox: the maintained plans naming its organisation in section I, each item with its latest report. */
  async inbox(actor: Actor): Promise<{ plan: Plan; childName: string; items: { section: 'F' | 'G'; item: ProvisionItem; latest: ProvisionDelivery | null }[] }[]> {
    if (actor.role !== Role.Professional) return [];
    const urns = await this.organisations.urnsOf(actor.memberships.map((m) => m.organisationId));
    const found: Plan[] = [];
    for (const m of actor.memberships) {
      const urn = urns.get(m.organisationId);
      if (urn) found.push(...(await this.plans.namingPlacement(m.localAuthorityId, urn, MAINTAINED)));
    }
    const latest = await this.latestOf(found.map((p) => p.id));
    const children = new Map((await this.children.findByIds(found.map((p) => p.childId))).map((c) => [c.id, `${c.givenName} ${c.familyName}`]));
    return found.map((plan) => ({ plan, childName: children.get(plan.childId) ?? '', items: itemsOf(plan).map((i) => ({ ...i, latest: latest.get(`${plan.id}:${i.item.id}`) ?? null })) }));
  }

  /** Managers: the LA's maintained plans with an item whose latest report is not in place or short of its hours. */
  async notInPlace(actor: Actor): Promise<{ plan: Plan; childName: string; items: ProvisionDelivery[] }[]> {
    const manager = this.dataSource.manager;
    const rows: ProvisionDelivery[] = await manager
      .getRepository(ProvisionDelivery)
      .createQueryBuilder('d')
      .distinctOn(['d.plan_id', 'd.provision_id'])
      .where('d.local_authority_id = :la', { la: actor.localAuthorityId })
      .orderBy('d.plan_id')
      .addOrderBy('d.provision_id')
      .addOrderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .getMany();
    const gaps = rows.filter(deliveryGap);
    const plans = (await this.plans.findByIds([...new Set(gaps.map((g) => g.planId))])).filter((p) => MAINTAINED.includes(p.status) && p.localAuthorityId === actor.localAuthorityId);
    const children = new Map((await this.children.findByIds(plans.map((p) => p.childId))).map((c) => [c.id, `${c.givenName} ${c.familyName}`]));
    await this.audit.recordRead(actor, { action: 'report.provision_not_in_place', entityType: 'report', entityId: null, metadata: { plans: plans.length } });
    return plans.map((plan) => ({ plan, childName: children.get(plan.childId) ?? '', items: gaps.filter((g) => g.planId === plan.id && itemsOf(plan).some((i) => i.item.id === g.provisionId)) })).filter((p) => p.items.length > 0);
  }

  private async latestOf(planIds: string[]): Promise<Map<string, ProvisionDelivery>> {
    const manager = this.txHost.tx;
    if (planIds.length === 0) return new Map();
    const rows = await manager.find(ProvisionDelivery, { where: { planId: In(planIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
    return new Map(rows.map((r) => [`${r.planId}:${r.provisionId}`, r]));
  }

  /** A professional reaches a plan only as a member of the setting its section I names (404 otherwise). */
  private async asSetting(actor: Actor, planId: string, lock = true): Promise<{ plan: Plan; organisationId: string }> {
    const manager = this.txHost.tx;
    const [plan] = await this.plans.findByIds([planId]);
    const urn = (plan?.sections.I.items[0] as { urn?: string | null } | undefined)?.urn ?? null;
    const organisationId = plan && urn ? await this.organisations.idByUrn(plan.localAuthorityId, urn) : null;
    if (!plan || !organisationId || !memberOf(actor, organisationId, plan.localAuthorityId)) throw new NotFoundError('plan', planId);
    if (lock) await manager.query('SELECT 1 FROM plans WHERE id = $1 FOR UPDATE', [plan.id]);
    return { plan, organisationId };
  }
}

function itemsOf(plan: Plan): { section: 'F' | 'G'; item: ProvisionItem }[] {
  return (['F', 'G'] as const).flatMap((section) => (plan.sections[section].items as ProvisionItem[]).map((item) => ({ section, item })));
}

function itemOf(plan: Plan, provisionId: string): { section: 'F' | 'G'; item: ProvisionItem } {
  const found = itemsOf(plan).find((i) => i.item.id === provisionId);
  if (!found) throw new ProvisionNotInPlanError(provisionId);
  return found;
}
