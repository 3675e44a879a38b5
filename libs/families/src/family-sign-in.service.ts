import { createHash, createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, BindsPort, Clock, FamilyMemberActor, FamilySessionResolver, NotFoundError } from '@app/core';
import { AuditService } from '@app/audit';
import { TokenService } from '@app/identity';
import { EMAIL_SENDER, EmailSender } from '@app/reminders';
import { DataSource, IsNull } from 'typeorm';
import { FamilyAccess } from './entities/family-access.entity';
import { FamilyMember } from './entities/family-member.entity';
import { FamilySession } from './entities/family-session.entity';
import { FamilySignInCode } from './entities/family-sign-in-code.entity';
import { SignInFailedError } from './families.errors';
import { FamilyAccessService } from './family-access.service';
import { signInCodeEmail } from './family-emails';
import { TxHost } from '@app/database';

/** A code lasts 10 minutes and takes 5 wrong tries; then it is dead (a new one can be asked for). */
export const CODE_VALID_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;
/** A flood of requests for one address sends at most this many emails in the window; the rest are answered the same, silently. */
export const CODES_PER_ADDRESS_WINDOW = 3;
export const CODE_WINDOW_MINUTES = 15;

export interface ClientInfo {
  address: string | null;
  userAgent: string | null;
}

/**
 * Sign-in without passwords: an emailed one-time code (and link), stored only as keyed hashes; sessions that the guard
 * checks on every request and that the member, or a revocation of their last grant, can end.
 */
@Injectable()
@BindsPort('identity.family-sessions')
export class FamilySignInService implements FamilySessionResolver {
  private readonly logger = new Logger(FamilySignInService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly access: FamilyAccessService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(EMAIL_SENDER) private readonly sender: EmailSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Emails a code and a link to a member with a grant, unless this address already had CODES_PER_ADDRESS_WINDOW in
   * the last CODE_WINDOW_MINUTES. The caller answers 202 whatever happens here: nothing tells whether the address is known.
   */
  async requestCode(emailInput: string, client: ClientInfo): Promise<void> {
    const email = emailInput.trim().toLowerCase();
    const outcome = await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const member = await manager.findOneBy(FamilyMember, { email });
      if (!member) return null;
      const grant = await manager.findOne(FamilyAccess, { where: { memberId: member.id, revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
      if (!grant) return null;
      // One request at a time per member, so that a parallel flood cannot slip past the count.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('family-sign-in:' || $1::text))`, [member.id]);
      const now = this.clock.now();
      const [{ recent }] = await manager.query<{ recent: number }[]>(`SELECT count(*)::int AS recent FROM family_sign_in_codes WHERE member_id = $1 AND created_at > $2`, [
        member.id,
        new Date(now.getTime() - CODE_WINDOW_MINUTES * 60_000),
      ]);
      const actor = this.access.actorFor({ memberId: member.id, sessionId: '', requestId: 'sign-in' }, grant);
      if (recent >= CODES_PER_ADDRESS_WINDOW) {
        await this.audit.record(actor, { action: 'family_member.code_throttled', entityType: 'family_member', entityId: member.id, metadata: { address: client.address } });
        return null;
      }
      // A new code replaces the one before: only one is ever live.
      await manager.update(FamilySignInCode, { memberId: member.id, usedAt: IsNull(), lockedAt: IsNull() }, { usedAt: now });
      const id = randomUUID();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const linkToken = randomBytes(32).toString('base64url');
      await manager.insert(FamilySignInCode, {
        id,
        memberId: member.id,
        codeHash: this.codeHash(id, code),
        linkHash: linkHash(linkToken),
        expiresAt: new Date(now.getTime() + CODE_VALID_MINUTES * 60_000),
        failedAttempts: 0,
        usedAt: null,
        lockedAt: null,
        clientAddress: client.address?.slice(0, 64) ?? null,
        createdAt: now,
      });
      await this.audit.record(actor, { action: 'family_member.code_sent', entityType: 'family_member', entityId: member.id, metadata: { codeId: id, address: client.address } });
      return { id, to: member.email, ...signInCodeEmail(code, this.access.signInLink(`?token=${linkToken}`), CODE_VALID_MINUTES) };
    });
    // Sent after the commit and not awaited: the answer takes the same time whether or not an email goes out, and the
    // code never waits in the outbox table. A lost email costs a new request (the code lives 10 minutes anyway).
    if (outcome) {
      const { id, to, subject, body } = outcome;
      setImmediate(() => void this.sender.send({ id, to, subject, body }).catch((error: Error) => this.logger.warn({ codeId: id, err: error.message }, 'sign-in code email not sent')));
    }
  }

  /** Exchanges a code (with the address) or a link's token for a session and its access token; 401 for anything else. */
  async verify(input: { email?: string; code?: string; token?: string }, client: ClientInfo): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
    const result = await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const challenge = await this.challengeFor(input);
      if (!challenge) return null;
      const { row, member } = challenge;
      const grant = await manager.findOne(FamilyAccess, { where: { memberId: member.id, revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
      if (!grant) return null;
      const actor = this.access.actorFor({ memberId: member.id, sessionId: '', requestId: 'sign-in' }, grant);
      const now = this.clock.now();
      if (row.usedAt || row.lockedAt || row.expiresAt <= now) return null;
      const matches = input.token !== undefined ? true : this.sameHash(row.codeHash, this.codeHash(row.id, input.code ?? ''));
      if (!matches) {
        row.failedAttempts += 1;
        if (row.failedAttempts >= CODE_MAX_ATTEMPTS) row.lockedAt = now;
        await manager.save(row);
        await this.audit.record(actor, {
          action: row.lockedAt ? 'family_member.code_locked' : 'family_member.sign_in_failed',
          entityType: 'family_member',
          entityId: member.id,
          metadata: { codeId: row.id, attempts: row.failedAttempts, address: client.address },
        });
        return null;
      }
      row.usedAt = now;
      await manager.save(row);
      const session = manager.create(FamilySession, {
        memberId: member.id,
        lastUsedAt: new Date(),
        expiresAt: new Date(Date.now() + this.config.jwtMaxAgeSeconds * 1000),
        revokedAt: null,
        revokedReason: null,
        userAgent: client.userAgent?.slice(0, 200) ?? null,
        address: client.address?.slice(0, 64) ?? null,
      });
      await manager.save(session);
      await this.audit.record({ ...actor, requestId: 'sign-in' }, { action: 'family_member.signed_in', entityType: 'family_member', entityId: member.id, metadata: { sessionId: session.id, by: input.token !== undefined ? 'link' : 'code' } });
      return { memberId: member.id, sessionId: session.id };
    });
    if (!result) throw new SignInFailedError();
    const token = this.tokens.issueFamily({ ...result, ttlSeconds: this.config.jwtMaxAgeSeconds });
    return { accessToken: token.accessToken, tokenType: 'Bearer', expiresIn: token.expiresIn };
  }

  /** The guard's check on every family request: the session is live and the member's; its last use is recorded. */
  async isLive(memberId: string, sessionId: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `UPDATE family_sessions SET last_used_at = now() WHERE id = $1 AND member_id = $2 AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [sessionId, memberId],
    );
    // TypeORM answers an UPDATE ... RETURNING with [rows, count].
    const returned = Array.isArray(rows[0]) ? (rows[0] as unknown as { id: string }[]) : rows;
    return returned.length > 0;
  }

  async me(member: FamilyMemberActor): Promise<FamilyMember> {
    return this.dataSource.manager.findOneByOrFail(FamilyMember, { id: member.memberId });
  }

  async sessions(member: FamilyMemberActor): Promise<FamilySession[]> {
    return this.dataSource.manager.find(FamilySession, { where: { memberId: member.memberId, revokedAt: IsNull() }, order: { createdAt: 'DESC' }, take: 50 });
  }

  /** Ends one of the member's sessions (signing out is ending the current one). */
  async endSession(member: FamilyMemberActor, sessionId: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const session = await manager.findOneBy(FamilySession, { id: sessionId, memberId: member.memberId });
      if (!session) throw new NotFoundError('session', sessionId);
      if (session.revokedAt) return;
      session.revokedAt = this.clock.now();
      session.revokedReason = sessionId === member.sessionId ? 'signed_out' : 'ended_by_member';
      await manager.save(session);
      const grant = await manager.findOne(FamilyAccess, { where: { memberId: member.memberId }, order: { createdAt: 'ASC' } });
      if (grant) await this.audit.record(this.access.actorFor(member, grant), { action: 'family_member.session_ended', entityType: 'family_member', entityId: member.memberId, metadata: { sessionId } });
    });
  }

  private async challengeFor(input: { email?: string; code?: string; token?: string }): Promise<{ row: FamilySignInCode; member: FamilyMember } | null> {
    const manager = this.txHost.tx;
    let memberId: string;
    if (input.token !== undefined) {
      const byLink = await manager.findOneBy(FamilySignInCode, { linkHash: linkHash(input.token) });
      if (!byLink) return null;
      memberId = byLink.memberId;
    } else {
      const member = await manager.findOneBy(FamilyMember, { email: (input.email ?? '').trim().toLowerCase() });
      if (!member) return null;
      memberId = member.id;
    }
    // The live challenge (a new one spends the one before), locked so that parallel guesses are counted one by one.
    const row = await manager
      .getRepository(FamilySignInCode)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.member_id = :memberId AND c.used_at IS NULL AND c.locked_at IS NULL', { memberId })
      .getOne();
    if (!row) return null;
    if (input.token !== undefined && row.linkHash !== linkHash(input.token)) return null;
    return { row, member: await manager.findOneByOrFail(FamilyMember, { id: memberId }) };
  }

  /** Keyed with the service's secret and the challenge's id: a copy of the table alone does not give the codes away. */
  private codeHash(id: string, code: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(`family-code:${id}:${code}`).digest('hex');
  }

  private sameHash(a: string, b: string): boolean {
    return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  }
}

function linkHash(token: string): string {
  return createHash('sha256').update(`family-link:${token}`).digest('hex');
}

