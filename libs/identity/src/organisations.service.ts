import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, DomainEvents, NotFoundError, OrganisationMembership, Role, StaleVersionError, SYSTEM_USER_ID } from '@app/core';
import { AuditService, diffFields } from '@app/audit';
import { isUniqueViolation, TxHost } from '@app/database';
import { DataSource, In } from 'typeorm';
import { CreateOrganisationDto, OrganisationMemberView, UpdateOrganisationDto } from './dto/organisation.dto';
import { OrganisationMember } from './entities/organisation-member.entity';
import { Organisation, OrganisationKind } from './entities/organisation.entity';
import { User } from './entities/user.entity';
import { NotAProfessionalError, UrnTakenError } from './identity.errors';

/**
 * Told, inside the transaction that changed it, that an LA no longer admits a professional at all (their last
 * membership there was removed and it is not their home LA): what was addressed to them by name there must move on.
 */
/**
 * Organisations as each local authority knows them, and the professionals each LA admits to them. Every record and
 * every membership belongs to one LA: nothing here lets one LA reach, adopt or change another's (docs/security.md).
 */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Registers an organisation in the caller's LA. A URN another LA uses is irrelevant: that is their record. */
  async create(actor: Actor, dto: CreateOrganisationDto): Promise<Organisation> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      if (dto.urn) {
        const existing = await manager.findOneBy(Organisation, { localAuthorityId: actor.localAuthorityId, urn: dto.urn });
        if (existing) throw new UrnTakenError(existing.id);
      }
      const organisation = manager.create(Organisation, {
        localAuthorityId: actor.localAuthorityId,
        name: dto.name.trim(),
        kind: dto.kind,
        urn: dto.urn ?? null,
        ukprn: dto.ukprn ?? null,
        sharedInboxEmail: dto.sharedInboxEmail?.toLowerCase() ?? null,
      });
      try {
        await manager.save(organisation);
      } catch (error) {
        // Two administrators registering the same URN at once: the loser hears of the winner's record.
        if (isUniqueViolation(error, 'ux_organisations_local_authority_urn')) throw new UrnTakenError('registered a moment ago');
        throw error;
      }
      await this.audit.record(actor, { action: 'organisation.created', entityType: 'organisation', entityId: organisation.id, changes: diffFields(null, { ...organisation }, ['name', 'kind', 'urn', 'ukprn', 'sharedInboxEmail']) });
      return organisation;
    });
  }

  list(actor: Actor): Promise<Organisation[]> {
    return this.dataSource.getRepository(Organisation).find({ where: { localAuthorityId: actor.localAuthorityId }, order: { name: 'ASC', id: 'ASC' } });
  }

  /** One of the caller's LA's organisations, or a 404 (another LA's record is not one the caller may know of). */
  async get(actor: Actor, id: string): Promise<Organisation> {
    const manager = this.txHost.tx;
    const organisation = await manager.findOneBy(Organisation, { id, localAuthorityId: actor.localAuthorityId });
    if (!organisation) throw new NotFoundError('organisation', id);
    return organisation;
  }

  /** Changes one of the caller's LA's records (its name, UKPRN or shared inbox), if nobody changed it since `expectedVersion`. */
  async update(actor: Actor, id: string, expectedVersion: number, dto: UpdateOrganisationDto): Promise<Organisation> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const organisation = await manager
        .getRepository(Organisation)
        .createQueryBuilder('o')
        .setLock('pessimistic_write')
        .where('o.id = :id AND o.local_authority_id = :la', { id, la: actor.localAuthorityId })
        .getOne();
      if (!organisation) throw new NotFoundError('organisation', id);
      if (organisation.version !== expectedVersion) throw new StaleVersionError('organisation', expectedVersion, organisation.version);
      const before = { ...organisation };
      if (dto.name !== undefined) organisation.name = dto.name.trim();
      if (dto.ukprn !== undefined) organisation.ukprn = dto.ukprn;
      if (dto.sharedInboxEmail !== undefined) organisation.sharedInboxEmail = dto.sharedInboxEmail?.toLowerCase() ?? null;
      await manager.save(organisation);
      await this.audit.record(actor, { action: 'organisation.updated', entityType: 'organisation', entityId: id, changes: diffFields(before, { ...organisation }, ['name', 'ukprn', 'sharedInboxEmail']) });
      return organisation;
    });
  }

  // ---- membership: each LA admits professionals to its own records ----

  async members(actor: Actor, organisationId: string): Promise<OrganisationMemberView[]> {
    await this.get(actor, organisationId);
    const members = await this.dataSource.getRepository(OrganisationMember).find({ where: { organisationId, localAuthorityId: actor.localAuthorityId }, order: { createdAt: 'ASC' } });
    const users = await this.dataSource.getRepository(User).findBy({ id: In(members.map((m) => m.userId)) });
    return members.flatMap((member) => {
      const user = users.find((u) => u.id === member.userId);
      return user ? [{ member, user }] : [];
    });
  }

  /**
   * The caller's LA admits a professional (from any LA, named by email) to one of its organisations: from now on
   * they see this LA's requests addressed to it. Admitting someone already admitted changes nothing.
   */
  async admit(actor: Actor, organisationId: string, email: string): Promise<OrganisationMemberView> {
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const organisation = await this.get(actor, organisationId);
      const user = await manager.findOneBy(User, { email: email.trim().toLowerCase(), active: true });
      if (!user || user.role !== Role.Professional) throw new NotAProfessionalError();
      const member = await this.addMember(actor, organisation, user.id);
      return { member, user };
    });
  }

  async revoke(actor: Actor, organisationId: string, userId: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await this.get(actor, organisationId);
      const result = await manager.delete(OrganisationMember, { organisationId, userId, localAuthorityId: actor.localAuthorityId });
      if (!result.affected) throw new NotFoundError('member', userId);
      await this.audit.record(actor, { action: 'organisation.member_revoked', entityType: 'organisation', entityId: organisationId, metadata: { userId } });
      await this.afterRemoval(actor, userId);
    });
  }

  /**
   * For the LA that manages a professional: makes `organisationId` (one of its own records, or none) the one they
   * work for within this LA, leaving their admissions by other LAs alone.
   */
  async setMembershipInOwnLa(actor: Actor, userId: string, organisationId: string | null): Promise<void> {
    const manager = this.txHost.tx;
    const organisation = organisationId === null ? null : await this.get(actor, organisationId);
    const current = await manager.findBy(OrganisationMember, { userId, localAuthorityId: actor.localAuthorityId });
    for (const member of current.filter((m) => m.organisationId !== organisationId)) {
      await manager.delete(OrganisationMember, { organisationId: member.organisationId, userId });
      await this.audit.record(actor, { action: 'organisation.member_revoked', entityType: 'organisation', entityId: member.organisationId, metadata: { userId } });
    }
    if (organisation && !current.some((m) => m.organisationId === organisation.id)) await this.addMember(actor, organisation, userId);
    await this.afterRemoval(actor, userId);
  }

  /** Every admission of a user, with the LA that made it: a professional's whole reach. */
  membershipsOf(userId: string): Promise<OrganisationMembership[]> {
    const manager = this.txHost.tx;
    return manager.getRepository(OrganisationMember).find({ select: { organisationId: true, localAuthorityId: true }, where: { userId }, order: { createdAt: 'ASC' } });
  }

  /** The organisation each of these users works for as the given LA knows them (the first admitted), for user lists. */
  async organisationInLaOf(userIds: string[], localAuthorityId: string): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const members = await this.dataSource.getRepository(OrganisationMember).find({ where: { userId: In(userIds), localAuthorityId }, order: { createdAt: 'ASC' } });
    const byUser = new Map<string, string>();
    for (const m of members) if (!byUser.has(m.userId)) byUser.set(m.userId, m.organisationId);
    return byUser;
  }

  /** The kind of each organisation (who an advice deadline binds depends on it), for other contexts' rules. */
  async kindsOf(organisationIds: string[]): Promise<Map<string, OrganisationKind>> {
    const manager = this.txHost.tx;
    if (organisationIds.length === 0) return new Map();
    const rows = await manager.find(Organisation, { select: { id: true, kind: true }, where: { id: In(organisationIds) } });
    return new Map(rows.map((o) => [o.id, o.kind]));
  }

  /** The shared inboxes of these organisations (those that set one), for other contexts' messages. */
  async sharedInboxesOf(organisationIds: readonly string[]): Promise<Map<string, string>> {
    const manager = this.txHost.tx;
    if (organisationIds.length === 0) return new Map();
    const rows = await manager.find(Organisation, { select: { id: true, sharedInboxEmail: true }, where: { id: In([...organisationIds]) } });
    return new Map(rows.flatMap((o) => (o.sharedInboxEmail ? [[o.id, o.sharedInboxEmail] as const] : [])));
  }

  /** The URNs of these organisations (schools and settings), for a setting's inbox. */
  async urnsOf(organisationIds: readonly string[]): Promise<Map<string, string>> {
    const manager = this.txHost.tx;
    if (organisationIds.length === 0) return new Map();
    const rows = await manager.find(Organisation, { select: { id: true, urn: true }, where: { id: In([...organisationIds]) } });
    return new Map(rows.flatMap((r) => (r.urn ? [[r.id, r.urn] as [string, string]] : [])));
  }

  /** The LA's own record of the organisation with this URN (a school named in a plan), or null. */
  async idByUrn(localAuthorityId: string, urn: string): Promise<string | null> {
    const manager = this.txHost.tx;
    const row = await manager.findOne(Organisation, { select: { id: true }, where: { localAuthorityId, urn } });
    return row?.id ?? null;
  }

  /** The names of those of these organisations that are the caller's LA's records (for another context's summaries). */
  async namesOf(actor: Actor, organisationIds: string[]): Promise<Map<string, string>> {
    if (organisationIds.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(Organisation).find({ select: { id: true, name: true }, where: { id: In(organisationIds), localAuthorityId: actor.localAuthorityId } });
    return new Map(rows.map((o) => [o.id, o.name]));
  }


  /** When the caller's LA no longer admits the user at all, `identity.admission-withdrawn`: its handlers (advice) move on what was addressed to them. */
  private async afterRemoval(actor: Actor, userId: string): Promise<void> {
    const manager = this.txHost.tx;
    const user = await manager.findOne(User, { select: { id: true, localAuthorityId: true }, where: { id: userId } });
    if (!user || user.localAuthorityId === actor.localAuthorityId) return;
    if ((await manager.countBy(OrganisationMember, { userId, localAuthorityId: actor.localAuthorityId })) > 0) return;
    await this.events.emit('identity.admission-withdrawn', { actor, userId, localAuthorityId: actor.localAuthorityId });
  }

  private async addMember(actor: Actor, organisation: Organisation, userId: string): Promise<OrganisationMember> {
    const manager = this.txHost.tx;
    const existing = await manager.findOneBy(OrganisationMember, { organisationId: organisation.id, userId });
    if (existing) return existing;
    const member = manager.create(OrganisationMember, { organisationId: organisation.id, userId, localAuthorityId: organisation.localAuthorityId, admittedById: actor.userId === SYSTEM_USER_ID ? null : actor.userId });
    await manager.insert(OrganisationMember, member);
    await this.audit.record(actor, { action: 'organisation.member_admitted', entityType: 'organisation', entityId: organisation.id, metadata: { userId } });
    return (await manager.findOneByOrFail(OrganisationMember, { organisationId: organisation.id, userId }));
  }
}
