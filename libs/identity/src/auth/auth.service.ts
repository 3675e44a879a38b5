import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, APP_CONFIG, AppConfig, Clock } from '@app/core';
import { AuditService } from '@app/audit';
import { DataSource } from 'typeorm';
import { User } from '../entities/user.entity';
import { InvalidCredentialsError } from '../identity.errors';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

/** Password sign-in with lockout after repeated failures (LOGIN_MAX_ATTEMPTS within LOGIN_FAILURE_WINDOW_MINUTES); sign-out. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, requestId: string): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.trim().toLowerCase() })
      .getOne();
    const now = this.clock.now();
    const passwordOk = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !user.active) throw new InvalidCredentialsError();

    const actor: Actor = { userId: user.id, localAuthorityId: user.localAuthorityId, role: user.role, discipline: user.discipline, memberships: [], requestId };
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.audit.recordRead(actor, { action: 'user.login_refused_locked', entityType: 'user', entityId: user.id });
      throw new InvalidCredentialsError();
    }
    if (!passwordOk) {
      await this.dataSource.transaction(async (manager) => {
        // Counted in one SQL UPDATE so that parallel guesses cannot race past the limit; failures count only within
        // LOGIN_FAILURE_WINDOW_MINUTES of the window's first one, so typos weeks apart never add up to a lockout.
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
          await this.audit.record(manager, actor, { action: 'user.locked', entityType: 'user', entityId: user.id, metadata: { lockedUntil: lockedUntil.toISOString() } });
        } else {
          await this.audit.record(manager, actor, { action: 'user.login_failed', entityType: 'user', entityId: user.id, metadata: { attempts } });
        }
      });
      throw new InvalidCredentialsError();
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.update(User, { id: user.id }, { failedLoginAttempts: 0, failedLoginWindowStartedAt: null, lockedUntil: null, lastLoginAt: now });
      await this.audit.record(manager, actor, { action: 'user.logged_in', entityType: 'user', entityId: user.id });
    });
    const token = this.tokens.issue(user);
    return { accessToken: token.accessToken, tokenType: 'Bearer', expiresIn: token.expiresIn };
  }

  /**
   * Signs the caller out everywhere: bumping the user's token version revokes every token issued so far (one
   * counter per user, checked by the guard on the row it reads anyway; no per-session table).
   */
  async logout(actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.increment(User, { id: actor.userId }, 'tokenVersion', 1);
      await this.audit.record(manager, actor, { action: 'user.logged_out', entityType: 'user', entityId: actor.userId });
    });
  }
}
