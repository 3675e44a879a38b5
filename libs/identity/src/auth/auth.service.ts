import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, APP_CONFIG, AppConfig, Clock, Role } from '@app/core';
import { AuditService } from '@app/audit';
import { DataSource } from 'typeorm';
import { LocalAuthority, MfaRequirement } from '../entities/local-authority.entity';
import { User } from '../entities/user.entity';
import { InvalidCredentialsError } from '../identity.errors';
import { PasswordHasher } from './password-hasher';
import { ClientContext, SessionsService, TokenPair } from './sessions.service';
import { TokenService } from './token.service';
import { TxHost } from '@app/database';

/** What a password sign-in answers: tokens, or a token for the second step (a code, or enrolling a second factor). */
export type LoginResult = TokenPair | { mfaRequired: true; mfaToken: string } | { mfaEnrolmentRequired: true; mfaToken: string };

/** Whether an LA's policy requires a second factor of a user with this role. */
export function secondFactorRequired(requirement: MfaRequirement, role: Role): boolean {
  if (requirement === 'everyone') return true;
  return requirement === 'admins_and_managers' && (role === Role.LaAdmin || role === Role.Manager);
}

/** The actor a sign-in step acts as, for the audit trail (before any session exists). */
export function actorOf(user: Pick<User, 'id' | 'localAuthorityId' | 'role' | 'discipline'>, requestId: string): Actor {
  return { userId: user.id, localAuthorityId: user.localAuthorityId, role: user.role, discipline: user.discipline, memberships: [], requestId };
}

/**
 * Password sign-in with lockout after repeated failures (LOGIN_MAX_ATTEMPTS within LOGIN_FAILURE_WINDOW_MINUTES), the
 * second-factor step where the account or its LA requires one, and sign-out.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, client: ClientContext): Promise<LoginResult> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    const passwordOk = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !user.active) throw new InvalidCredentialsError();

    const actor = actorOf(user, client.requestId);
    await this.refuseIfLocked(user, actor);
    if (!passwordOk) {
      await this.recordFailure(user, actor, 'password');
      throw new InvalidCredentialsError();
    }
    if (user.totpEnabledAt) {
      await this.audit.recordRead(actor, { action: 'user.password_accepted', entityType: 'user', entityId: user.id, metadata: { next: 'second_factor' } });
      return { mfaRequired: true, mfaToken: this.tokens.issueMfa(user, 'mfa') };
    }
    const la = await this.dataSource.getRepository(LocalAuthority).findOneOrFail({ select: { id: true, mfaRequiredFor: true }, where: { id: user.localAuthorityId } });
    if (secondFactorRequired(la.mfaRequiredFor, user.role)) {
      await this.audit.recordRead(actor, { action: 'user.password_accepted', entityType: 'user', entityId: user.id, metadata: { next: 'second_factor_enrolment' } });
      return { mfaEnrolmentRequired: true, mfaToken: this.tokens.issueMfa(user, 'enrol') };
    }
    return this.txHost.withTransaction(() => this.sessions.start(user, 'password', client));
  }

  /** A locked account is refused (and the refusal audited) whatever it sends. */
  async refuseIfLocked(user: User, actor: Actor): Promise<void> {
    if (user.lockedUntil && user.lockedUntil > this.clock.now()) {
      await this.audit.recordRead(actor, { action: 'user.login_refused_locked', entityType: 'user', entityId: user.id });
      throw new InvalidCredentialsError();
    }
  }

  /**
   * Counts a failed password or code against the account. Counted in one SQL UPDATE so that parallel guesses cannot
   * race past the limit; failures count only within LOGIN_FAILURE_WINDOW_MINUTES of the window's first one, so typos
   * weeks apart never add up to a lockout. Passwords and codes share the counter.
   */
  async recordFailure(user: Pick<User, 'id' | 'localAuthorityId' | 'role' | 'discipline'>, actor: Actor, factor: 'password' | 'second_factor'): Promise<void> {
    const now = this.clock.now();
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const windowOpenedAfter = new Date(now.getTime() - this.config.loginFailureWindowMinutes * 60_000);
      const inWindow = 'failed_login_window_started_at > :windowOpenedAfter';
      const result = await manager
        .createQueryBuilder()
        .update(User)
        .set({
          failedLoginAttempts: () => `CASE WHEN ${inWindow} THEN failed_login_attempts + 1 ELSE 1 END`,
          failedLoginWindowStartedAt: () => `CASE WHEN ${inWindow} THEN failed_login_window_started_at ELSE :now END`,
        })
        .where('id = :id', { id: user.id })
        .setParameters({ windowOpenedAfter, now })
        .returning('failed_login_attempts')
        .execute();
      const attempts = Number((result.raw as { failed_login_attempts: number }[])[0]?.failed_login_attempts ?? 0);
      if (attempts >= this.config.loginMaxAttempts) {
        const lockedUntil = new Date(now.getTime() + this.config.loginLockoutMinutes * 60_000);
        await manager.update(User, { id: user.id }, { lockedUntil, failedLoginAttempts: 0, failedLoginWindowStartedAt: null });
        await this.audit.record(actor, { action: 'user.locked', entityType: 'user', entityId: user.id, metadata: { lockedUntil: lockedUntil.toISOString(), factor } });
      } else {
        await this.audit.record(actor, { action: 'user.login_failed', entityType: 'user', entityId: user.id, metadata: { attempts, factor } });
      }
    });
  }

  /**
   * Signs the caller out everywhere: bumping the user's token version revokes every token issued so far, and every
   * session ends (its refresh token with it).
   */
  async logout(actor: Actor): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await manager.increment(User, { id: actor.userId }, 'tokenVersion', 1);
      await this.sessions.endAllWith(actor, actor.userId, 'signed_out');
      await this.audit.record(actor, { action: 'user.logged_out', entityType: 'user', entityId: actor.userId, metadata: actor.sessionId ? { sessionId: actor.sessionId } : null });
    });
  }
}
