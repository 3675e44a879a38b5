import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, decodeCursor, NotFoundError, Page, Role, toPage } from '@app/core';
import { AuditService, diffFields } from '@app/audit';
import { isUniqueViolation } from '@app/database';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher } from './auth/password-hasher';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { LocalAuthority } from './entities/local-authority.entity';
import { OrganisationLocalAuthority } from './entities/organisation-local-authority.entity';
import { User } from './entities/user.entity';
import { CannotChangeOwnAccessError, DisciplineNotAllowedError, DisciplineRequiredError, EmailTakenError } from './identity.errors';

const AUDITED_USER_FIELDS = ['email', 'displayName', 'role', 'discipline', 'organisationId', 'team', 'active', 'lockedUntil'] as const;

/** Users of one local authority, managed by its administrators. Also the lookups other contexts need. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateUserDto): Promise<User> {
    this.checkDiscipline(dto.role, dto.discipline ?? null);
    const passwordHash = await this.hasher.hash(dto.password);
    return this.dataSource.transaction(async (manager) => {
      if (dto.organisationId) await this.requireOrganisationServingLa(manager, actor, dto.organisationId);
      const user = manager.create(User, {
        localAuthorityId: actor.localAuthorityId,
        organisationId: dto.organisationId ?? null,
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
      await this.audit.record(manager, actor, { action: 'user.created', entityType: 'user', entityId: user.id, changes: diffFields(null, { ...user }, AUDITED_USER_FIELDS) });
      return user;
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<User> {
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : undefined;
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockInLa(manager, actor, id);
      const before = { ...user };
      if (user.id === actor.userId && ((dto.role !== undefined && dto.role !== user.role) || dto.active === false)) throw new CannotChangeOwnAccessError();
      if (dto.displayName !== undefined) user.displayName = dto.displayName.trim();
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.discipline !== undefined) user.discipline = dto.discipline;
      if (dto.role !== undefined && dto.role !== Role.Professional && dto.discipline === undefined) user.discipline = null;
      if (dto.organisationId !== undefined) {
        if (dto.organisationId !== null) await this.requireOrganisationServingLa(manager, actor, dto.organisationId);
        user.organisationId = dto.organisationId;
      }
      if (dto.team !== undefined) user.team = dto.team === null ? null : dto.team.trim();
      if (dto.active !== undefined) user.active = dto.active;
      if (dto.unlock) {
        user.lockedUntil = null;
        user.failedLoginAttempts = 0;
      }
      if (passwordHash) user.passwordHash = passwordHash;
      this.checkDiscipline(user.role, user.discipline);
      await manager.save(user);
      await this.audit.record(manager, actor, {
        action: 'user.updated',
        entityType: 'user',
        entityId: user.id,
        changes: diffFields(before, { ...user }, AUDITED_USER_FIELDS),
        metadata: passwordHash ? { passwordReset: true } : null,
      });
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

  async me(actor: Actor): Promise<{ user: User; localAuthority: LocalAuthority }> {
    const user = await this.get(actor, actor.userId);
    const localAuthority = await this.dataSource.getRepository(LocalAuthority).findOneByOrFail({ id: actor.localAuthorityId });
    return { user, localAuthority };
  }

  /** Active users of a local authority with a role (managers for escalations, say). */
  findActiveByRole(localAuthorityId: string, role: Role): Promise<User[]> {
    return this.dataSource.getRepository(User).find({ where: { localAuthorityId, role, active: true }, order: { email: 'ASC' } });
  }

  /** A user by email, if active; for addressing work to a person. */
  findActiveByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { email: email.trim().toLowerCase(), active: true } });
  }

  /** A user of the caller's LA, or a 404. */
  async requireInLa(actor: Actor, userId: string, manager: EntityManager = this.dataSource.manager): Promise<User> {
    const user = await manager.getRepository(User).findOne({ where: { id: userId, localAuthorityId: actor.localAuthorityId } });
    if (!user) throw new NotFoundError('user', userId);
    return user;
  }

  private async lockInLa(manager: EntityManager, actor: Actor, id: string): Promise<User> {
    const user = await manager
      .getRepository(User)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id AND u.local_authority_id = :la', { id, la: actor.localAuthorityId })
      .getOne();
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  private async requireOrganisationServingLa(manager: EntityManager, actor: Actor, organisationId: string): Promise<void> {
    const link = await manager.getRepository(OrganisationLocalAuthority).findOneBy({ organisationId, localAuthorityId: actor.localAuthorityId });
    if (!link) throw new NotFoundError('organisation', organisationId);
  }

  private checkDiscipline(role: Role, discipline: string | null): void {
    if (role === Role.Professional && !discipline) throw new DisciplineRequiredError();
    if (role !== Role.Professional && discipline) throw new DisciplineNotAllowedError();
  }
}
