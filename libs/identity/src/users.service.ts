import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, decodeCursor, NotFoundError, Page, Role, toPage } from '@app/core';
import { AuditService, diffFields } from '@app/audit';
import { isUniqueViolation, leanRowMapper, TxHost } from '@app/database';
import { DataSource, In } from 'typeorm';
import { PasswordHasher } from './auth/password-hasher';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { User } from './entities/user.entity';
import { OrganisationsService } from './organisations.service';
import { CannotChangeOwnAccessError, DisciplineNotAllowedError, DisciplineRequiredError, EmailTakenError } from './identity.errors';

const AUDITED_USER_FIELDS = ['email', 'displayName', 'role', 'discipline', 'team', 'active', 'lockedUntil'] as const;

/** Every column but the password hash, the LA's name and the memberships (LA name, then organisation name). */
const ME_SQL = `
  SELECT u.id, u.local_authority_id, u.email, u.display_name, u.role, u.discipline, u.team, u.active, u.failed_login_attempts, u.failed_login_window_started_at,
         u.locked_until, u.last_login_at, u.token_version, u.version, u.created_at, u.updated_at, la.name AS me_la_name,
         CASE WHEN $3::boolean THEN
           (SELECT json_agg(json_build_object('organisationId', o.id, 'organisationName', o.name, 'localAuthorityId', ola.id, 'localAuthorityName', ola.name) ORDER BY ola.name, o.name)
              FROM organisation_members m JOIN organisations o ON o.id = m.organisation_id JOIN local_authorities ola ON ola.id = m.local_authority_id
             WHERE m.user_id = u.id)
         END AS me_memberships
    FROM users u JOIN local_authorities la ON la.id = u.local_authority_id
   WHERE u.id = $1 AND u.local_authority_id = $2`;

export interface MembershipView {
  organisationId: string;
  organisationName: string;
  localAuthorityId: string;
  localAuthorityName: string;
}

/** Users of one local authority, managed by its administrators. Also the lookups other contexts need. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly organisations: OrganisationsService,
  ) {}

  async create(actor: Actor, dto: CreateUserDto): Promise<User> {
    this.checkDiscipline(dto.role, dto.discipline ?? null);
    const passwordHash = await this.hasher.hash(dto.password);
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const user = manager.create(User, {
        localAuthorityId: actor.localAuthorityId,
        email: dto.email.trim().toLowerCase(),
        displayName: dto.displayName.trim(),
        passwordHash,
        role: dto.role,
        discipline: dto.discipline ?? null,
        team: dto.team?.trim() ?? null,
      });
      try {
        await manager.save(user);
      } catch (error) {
        if (isUniqueViolation(error, 'ux_users_email')) throw new EmailTakenError();
        throw error;
      }
      await this.audit.record(actor, { action: 'user.created', entityType: 'user', entityId: user.id, changes: diffFields(null, { ...user }, AUDITED_USER_FIELDS) });
      // Creating a professional in one of this LA's organisations is this LA admitting them to it.
      if (dto.organisationId) await this.organisations.setMembershipInOwnLa(actor, user.id, dto.organisationId);
      return user;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<User> {
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : undefined;
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const user = await this.lockInLa(actor, id);
      const before = { ...user };
      if (user.id === actor.userId && ((dto.role !== undefined && dto.role !== user.role) || dto.active === false)) throw new CannotChangeOwnAccessError();
      if (dto.displayName !== undefined) user.displayName = dto.displayName.trim();
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.discipline !== undefined) user.discipline = dto.discipline;
      if (dto.role !== undefined && dto.role !== Role.Professional && dto.discipline === undefined) user.discipline = null;
      if (dto.organisationId !== undefined) await this.organisations.setMembershipInOwnLa(actor, user.id, dto.organisationId);
      if (dto.team !== undefined) user.team = dto.team === null ? null : dto.team.trim();
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.unlock) {
        user.lockedUntil = null;
        user.failedLoginAttempts = 0;
      }
      if (passwordHash) user.passwordHash = passwordHash;
      this.checkDiscipline(user.role, user.discipline);
      // A new password, other access, or (de/re)activation revokes every token issued before: the user signs in again.
      // (Organisation admissions need no revocation: the guard reads them on every request.)
      const accessChanged = passwordHash !== undefined || (['role', 'discipline', 'active'] as const).some((field) => user[field] !== before[field]);
      if (accessChanged) user.tokenVersion += 1;
      await manager.save(user);
      const changes = diffFields(before, { ...user }, AUDITED_USER_FIELDS);
      await this.audit.record(actor, { action: 'user.updated', entityType: 'user', entityId: user.id, changes, metadata: passwordHash ? { passwordReset: true } : null });
      // Every other LA that admitted this professional sees, in its own trail, that their home LA reset or changed
      // their access: it trusts the home LA with the account (docs/security.md, accepted risks).
      if (accessChanged) {
        const admittingLas = [...new Set((await this.organisations.membershipsOf(user.id)).map((m) => m.localAuthorityId))].filter((la) => la !== user.localAuthorityId);
        for (const localAuthorityId of admittingLas) {
          await this.audit.record({ ...actor, localAuthorityId }, { action: 'user.access_changed_by_home_la', entityType: 'user', entityId: user.id, changes, metadata: { homeLocalAuthorityId: user.localAuthorityId, passwordReset: passwordHash !== undefined } });
        }
      }
      return user;
    });
  }

  async get(actor: Actor, id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id, localAuthorityId: actor.localAuthorityId } });
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  async list(actor: Actor, query: { role?: Role; limit: number; cursor?: string }): Promise<Page<User>> {
    const after = decodeCursor(query.cursor, ['text', 'uuid']);
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.local_authority_id = :la', { la: actor.localAuthorityId })
      .orderBy('u.email', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(query.limit + 1);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (after) qb.andWhere('(u.email, u.id) > (:email, :id)', { email: after[0], id: after[1] });
    return toPage(await qb.getMany(), query.limit, (u) => [u.email, u.id]);
  }

  /** The organisation each user works for in the caller's LA (their admission by it), for the user views. */
  organisationsInCallerLa(actor: Actor, users: User[]): Promise<Map<string, string>> {
    return this.organisations.organisationInLaOf(users.map((u) => u.id), actor.localAuthorityId);
  }

  /** The caller, their LA's name and (a professional) the organisations that admitted them: one query, no ORM mapping. */
  async me(actor: Actor): Promise<{ user: User; localAuthorityName: string; memberships: MembershipView[] }> {
    const [row] = await this.dataSource.query<(Record<string, unknown> & { me_la_name: string; me_memberships: MembershipView[] | null })[]>(ME_SQL, [actor.userId, actor.localAuthorityId, actor.memberships.length > 0]);
    if (!row) throw new NotFoundError('user', actor.userId);
    return { user: leanRowMapper(this.dataSource, User)(row), localAuthorityName: row.me_la_name, memberships: row.me_memberships ?? [] };
  }

  /** Active users of a local authority with a role (managers for escalations, say). */
  findActiveByRole(localAuthorityId: string, role: Role): Promise<User[]> {
    return this.dataSource.getRepository(User).find({ where: { localAuthorityId, role, active: true }, order: { email: 'ASC' } });
  }

  /** The addresses of those of these users who are active (who may be emailed), for other contexts' messages. */
  async activeEmailsOf(userIds: readonly string[]): Promise<Map<string, string>> {
    const manager = this.txHost.tx;
    if (userIds.length === 0) return new Map();
    const users = await manager.getRepository(User).find({ select: { id: true, email: true }, where: { id: In([...userIds]), active: true } });
    return new Map(users.map((u) => [u.id, u.email]));
  }

  /** A user by email, if active; for addressing work to a person. */
  findActiveByEmail(email: string): Promise<User | null> {
    const manager = this.txHost.tx;
    return manager.getRepository(User).findOne({ where: { email: email.trim().toLowerCase(), active: true } });
  }

  /** A user of the caller's LA, or a 404. */
  async requireInLa(actor: Actor, userId: string): Promise<User> {
    const manager = this.txHost.tx;
    const user = await manager.getRepository(User).findOne({ where: { id: userId, localAuthorityId: actor.localAuthorityId } });
    if (!user) throw new NotFoundError('user', userId);
    return user;
  }

  private async lockInLa(actor: Actor, id: string): Promise<User> {
    const manager = this.txHost.tx;
    const user = await manager
      .getRepository(User)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id AND u.local_authority_id = :la', { id, la: actor.localAuthorityId })
      .getOne();
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  private checkDiscipline(role: Role, discipline: string | null): void {
    if (role === Role.Professional && !discipline) throw new DisciplineRequiredError();
    if (role !== Role.Professional && discipline) throw new DisciplineNotAllowedError();
  }
}
