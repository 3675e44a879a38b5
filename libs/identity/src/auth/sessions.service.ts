import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, APP_CONFIG, AppConfig, NotFoundError, Role, UnauthenticatedError } from '@app/core';
import { AuditService } from '@app/audit';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import { User } from '../entities/user.entity';
import { SignInMethod, UserSession } from '../entities/user-session.entity';
import { TokenService } from './token.service';
import { TxHost } from '@app/database';

/** Where a sign-in comes from, as the sessions list shows it. */
export interface ClientContext {
  userAgent: string | null;
  address: string | null;
  requestId: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export type SessionEndReason = 'signed_out' | 'ended_by_user' | 'ended_by_admin' | 'refresh_token_reuse' | 'second_factor_reset' | 'expired';

const REFRESH_TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** The user columns a refresh needs, read with the session under its row lock. */
interface RefreshRow {
  id: string;
  user_id: string;
  local_authority_id: string;
  refresh_token_hash: string;
  token_version: number;
  last_used_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  user_active: boolean;
  user_token_version: number;
  user_role: Role;
  user_local_authority_id: string;
}

/**
 * Sign-in sessions: one row per sign-in, a refresh token (`<session id>.<secret>`, only its hash stored) rotated on
 * every use, with reuse detection: a refresh token presented again after it was rotated ends the session (whoever
 * holds the newer one is signed out too: one of the two is a thief). Idle (SESSION_IDLE_MINUTES) and absolute
 * (SESSION_MAX_HOURS) limits; the user's token version still revokes every session at once (ADR 0006).
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts a session for a user who has proved who they are, in the caller's transaction; audits the sign-in. */
  async start(user: User, method: SignInMethod, client: ClientContext, identityProviderId: string | null = null): Promise<TokenPair> {
    const manager = this.txHost.tx;
    const now = new Date();
    const secret = randomBytes(32).toString('base64url');
    const session = manager.create(UserSession, {
      userId: user.id,
      localAuthorityId: user.localAuthorityId,
      method,
      identityProviderId,
      refreshTokenHash: sha256(secret),
      tokenVersion: user.tokenVersion,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      address: client.address?.slice(0, 64) ?? null,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.config.sessionMaxHours * 3_600_000),
    });
    await manager.save(session);
    await manager.update(User, { id: user.id }, { failedLoginAttempts: 0, failedLoginWindowStartedAt: null, lockedUntil: null, lastLoginAt: now });
    const actor: Actor = { userId: user.id, localAuthorityId: user.localAuthorityId, role: user.role, discipline: user.discipline, memberships: [], requestId: client.requestId, sessionId: session.id };
    await this.audit.record(actor, { action: 'user.logged_in', entityType: 'user', entityId: user.id, metadata: { method, sessionId: session.id, identityProviderId, address: session.address } });
    const access = this.tokens.issue(user, session.id);
    return { accessToken: access.accessToken, refreshToken: `${session.id}.${secret}`, tokenType: 'Bearer', expiresIn: access.expiresIn };
  }

  /**
   * A new access token and refresh token for a refresh token, which is spent. A spent one presented again ends the
   * session (401); so do the idle and absolute limits, and any change of the user's token version.
   */
  async refresh(refreshToken: string, client: ClientContext): Promise<TokenPair> {
    const match = REFRESH_TOKEN.exec(refreshToken);
    if (!match) throw new UnauthenticatedError('The refresh token is not valid: sign in again.');
    const [, sessionId, secret] = match;
    const outcome = await this.txHost.withTransaction(async (): Promise<TokenPair | SessionEndReason | null> => {
      const manager = this.txHost.tx;
      const [row] = await manager.query<RefreshRow[]>(
        `SELECT s.id, s.user_id, s.local_authority_id, s.refresh_token_hash, s.token_version, s.last_used_at, s.expires_at, s.revoked_at,
                u.active AS user_active, u.token_version AS user_token_version, u.role AS user_role, u.local_authority_id AS user_local_authority_id
           FROM user_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.id = $1 FOR UPDATE OF s`,
        [sessionId],
      );
      if (!row || row.revoked_at) return null;
      const actor: Actor = { userId: row.user_id, localAuthorityId: row.local_authority_id, role: row.user_role, discipline: null, memberships: [], requestId: client.requestId, sessionId: row.id };
      const presented = Buffer.from(sha256(secret), 'hex');
      if (!timingSafeEqual(presented, Buffer.from(row.refresh_token_hash, 'hex'))) {
        await this.endWith(actor, row.id, 'refresh_token_reuse');
        return 'refresh_token_reuse';
      }
      const now = Date.now();
      const idle = now - new Date(row.last_used_at).getTime() > this.config.sessionIdleMinutes * 60_000;
      if (idle || new Date(row.expires_at).getTime() <= now || !row.user_active || row.user_token_version !== row.token_version) {
        await this.endWith(actor, row.id, 'expired');
        return 'expired';
      }
      const next = randomBytes(32).toString('base64url');
      await manager.query(`UPDATE user_sessions SET refresh_token_hash = $2, refresh_count = refresh_count + 1, last_used_at = now() WHERE id = $1`, [row.id, sha256(next)]);
      const access = this.tokens.issue({ id: row.user_id, localAuthorityId: row.user_local_authority_id, tokenVersion: row.user_token_version }, row.id);
      return { accessToken: access.accessToken, refreshToken: `${row.id}.${next}`, tokenType: 'Bearer', expiresIn: access.expiresIn };
    });
    if (outcome === 'refresh_token_reuse') throw new UnauthenticatedError('This refresh token was already used: the session has been ended for safety. Sign in again.');
    if (outcome === null || typeof outcome === 'string') throw new UnauthenticatedError('The session has ended: sign in again.');
    return outcome;
  }

  /** The caller's sessions that have not ended, newest first. */
  async listOwn(actor: Actor): Promise<UserSession[]> {
    return this.listFor(actor.userId);
  }

  /** A user's live sessions (for their LA's administrator). */
  async listOf(actor: Actor, userId: string): Promise<UserSession[]> {
    await this.requireUserInLa(actor, userId);
    return this.listFor(userId);
  }

  /** Ends one of the caller's own sessions (the current one included); 404 for anyone else's. */
  async endOwn(actor: Actor, sessionId: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const ended = await this.endWith(actor, sessionId, 'ended_by_user', actor.userId);
      if (!ended) throw new NotFoundError('session', sessionId);
    });
  }

  /** An administrator ends every session of a user of their LA. */
  async endAllOf(actor: Actor, userId: string): Promise<number> {
    return this.txHost.withTransaction(async () => {
      await this.requireUserInLa(actor, userId);
      return this.endAllWith(actor, userId, 'ended_by_admin');
    });
  }

  /** Ends every live session of a user in the caller's transaction; one audit row each. */
  async endAllWith(actor: Actor, userId: string, reason: SessionEndReason): Promise<number> {
    const manager = this.txHost.tx;
    const rows = await manager.query<[{ id: string }[], number]>(`UPDATE user_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [userId, reason]);
    const ids = rows[0].map((r) => r.id);
    for (const id of ids) await this.audit.record(actor, { action: 'session.ended', entityType: 'user', entityId: userId, metadata: { sessionId: id, reason } });
    return ids.length;
  }

  private async endWith(actor: Actor, sessionId: string, reason: SessionEndReason, ownerId?: string): Promise<boolean> {
    const manager = this.txHost.tx;
    const where = ownerId ? 'id = $1 AND user_id = $3' : 'id = $1';
    const params = ownerId ? [sessionId, reason, ownerId] : [sessionId, reason];
    const rows = await manager.query<[{ id: string; user_id: string }[], number]>(`UPDATE user_sessions SET revoked_at = now(), revoked_reason = $2 WHERE ${where} AND revoked_at IS NULL RETURNING id, user_id`, params);
    const ended = rows[0][0];
    if (!ended) return false;
    await this.audit.record(actor, { action: reason === 'refresh_token_reuse' ? 'session.refresh_token_reused' : 'session.ended', entityType: 'user', entityId: ended.user_id, metadata: { sessionId, reason } });
    return true;
  }

  private listFor(userId: string): Promise<UserSession[]> {
    return this.dataSource.getRepository(UserSession).find({ where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) }, order: { createdAt: 'DESC', id: 'DESC' }, take: 200 });
  }

  private async requireUserInLa(actor: Actor, userId: string): Promise<void> {
    const manager = this.txHost.tx;
    const found = await manager.getRepository(User).exists({ where: { id: userId, localAuthorityId: actor.localAuthorityId } });
    if (!found) throw new NotFoundError('user', userId);
  }
}
