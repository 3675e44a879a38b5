import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, ConflictError, DomainError, NotFoundError } from '@app/core';
import { AuditService } from '@app/audit';
import * as QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import { LocalAuthority } from '../entities/local-authority.entity';
import { UserRecoveryCode } from '../entities/user-recovery-code.entity';
import { User } from '../entities/user.entity';
import { InvalidCredentialsError } from '../identity.errors';
import { actorOf, AuthService } from './auth.service';
import { SecretBox } from './secret-box';
import { ClientContext, SessionsService, TokenPair } from './sessions.service';
import { TokenService } from './token.service';
import { newTotpSecret, otpauthUrl, totpStepOf } from './totp';
import { TxHost } from '@app/database';

const RECOVERY_CODES = 10;
/** Unambiguous characters (no 0/O, 1/I/L) for codes read off paper. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export class SecondFactorCodeError extends DomainError {
  constructor() {
    super(401, 'invalid_second_factor', 'Unauthenticated', 'The code is not right, was already used, or the account is locked for a while after too many attempts. Use the current code from your authenticator app, or one of your recovery codes.');
  }
}

export class SecondFactorAlreadyEnabledError extends ConflictError {
  constructor() {
    super('second_factor_already_enabled', 'A second factor is already set up for this account; ask your administrator to reset it before enrolling another.');
  }
}

export class NoEnrolmentError extends ConflictError {
  constructor() {
    super('no_enrolment_in_progress', 'Start with POST /auth/totp/enrol, then confirm with a code from the authenticator app.');
  }
}

export interface Enrolment {
  secret: string;
  otpauthUrl: string;
  /** The otpauth URL as a QR code (PNG data URL) for authenticator apps. */
  qrCodeDataUrl: string;
}

/** Columns of the user the second-factor steps need (the secrets are not selected by default). */
type UserWithSecrets = User & { totpSecretEncrypted: string | null; totpPendingSecretEncrypted: string | null; totpLastStep: string | null };

function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toUpperCase().replace(/[^A-Z0-9]/g, ''), 'utf8').digest('hex');
}

function newRecoveryCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/**
 * TOTP (RFC 6238) second factor for password accounts: enrolment (secret, otpauth URL, QR code), confirmation with a
 * code (ten single-use recovery codes, hashed), the code step of a sign-in, and the administrator's reset. A code is
 * accepted once: its 30-second step must be later than the last accepted one. Wrong codes count towards the same
 * lockout as wrong passwords.
 */
@Injectable()
export class SecondFactorService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly txHost: TxHost,
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    private readonly tokens: TokenService,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
  ) {}

  /** The second step of a password sign-in: a TOTP code or an unused recovery code. */
  async completeLogin(mfaToken: string, code: string, client: ClientContext): Promise<TokenPair> {
    const claims = this.tokens.verifyMfa(mfaToken, 'mfa');
    if (!claims) throw new InvalidCredentialsError();
    const user = await this.loadUser(claims.sub);
    if (!user || !user.active || user.tokenVersion !== claims.tv || !user.totpEnabledAt || !user.totpSecretEncrypted) throw new InvalidCredentialsError();
    const actor = actorOf(user, client.requestId);
    await this.auth.refuseIfLocked(user, actor);

    const method = await this.txHost.withTransaction(async () => {

      const manager = this.txHost.tx;
      const secret = this.box.open(user.totpSecretEncrypted!);
      const step = secret ? totpStepOf(secret, code.trim()) : null;
      if (step !== null && (await this.spendStep(user.id, step))) return 'password_totp' as const;
      const spent = await manager.query<[unknown[], number]>(`UPDATE user_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`, [user.id, hashRecoveryCode(code)]);
      if (spent[0].length === 1) {
        await this.audit.record(actor, { action: 'user.recovery_code_used', entityType: 'user', entityId: user.id });
        return 'password_recovery_code' as const;
      }
      return null;
    });
    if (method === null) {
      await this.auth.recordFailure(user, actor, 'second_factor');
      throw new SecondFactorCodeError();
    }
    return this.txHost.withTransaction(() => this.sessions.start(user, method, client));
  }

  /** A new secret to enrol (replacing one not yet confirmed). Refused when a second factor is already set up. */
  async enrol(actor: Actor): Promise<Enrolment> {
    const user = await this.loadUser(actor.userId);
    if (!user) throw new NotFoundError('user', actor.userId);
    if (user.totpEnabledAt) throw new SecondFactorAlreadyEnabledError();
    const secret = newTotpSecret();
    const laName = (await this.dataSource.getRepository(LocalAuthority).findOneOrFail({ select: { id: true, name: true }, where: { id: user.localAuthorityId } })).name;
    const url = otpauthUrl(secret, user.email, `EHCP (${laName})`);
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await manager.update(User, { id: user.id }, { totpPendingSecretEncrypted: this.box.seal(secret) });
      await this.audit.record(actor, { action: 'user.second_factor_enrolment_started', entityType: 'user', entityId: user.id });
    });
    return { secret, otpauthUrl: url, qrCodeDataUrl: await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2 }) };
  }

  /**
   * Confirms the enrolment with a code from the app: the second factor is required from now on; answers the ten
   * recovery codes (shown once). With an enrolment token (`client` given), the sign-in completes too.
   */
  async confirm(actor: Actor, code: string, client: ClientContext | null): Promise<{ recoveryCodes: string[] } & Partial<TokenPair>> {
    const user = await this.loadUser(actor.userId);
    if (!user) throw new NotFoundError('user', actor.userId);
    if (user.totpEnabledAt) throw new SecondFactorAlreadyEnabledError();
    if (!user.totpPendingSecretEncrypted) throw new NoEnrolmentError();
    await this.auth.refuseIfLocked(user, actor);
    const secret = this.box.open(user.totpPendingSecretEncrypted);
    const step = secret ? totpStepOf(secret, code.trim()) : null;
    if (step === null) {
      await this.auth.recordFailure(user, actor, 'second_factor');
      throw new SecondFactorCodeError();
    }
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await manager.update(User, { id: user.id }, { totpSecretEncrypted: user.totpPendingSecretEncrypted, totpPendingSecretEncrypted: null, totpEnabledAt: new Date(), totpLastStep: String(step) });
      await manager.delete(UserRecoveryCode, { userId: user.id });
      await manager.insert(UserRecoveryCode, recoveryCodes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })));
      await this.audit.record(actor, { action: 'user.second_factor_enabled', entityType: 'user', entityId: user.id, metadata: { kind: 'totp' } });
      if (!client) return { recoveryCodes };
      return { recoveryCodes, ...(await this.sessions.start(user, 'password_totp', client)) };
    });
  }

  /** An administrator removes a user's second factor (lost phone): every session of theirs ends; audited. */
  async reset(actor: Actor, userId: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const user = await manager.getRepository(User).findOne({ where: { id: userId, localAuthorityId: actor.localAuthorityId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('user', userId);
      await manager.update(User, { id: user.id }, { totpSecretEncrypted: null, totpPendingSecretEncrypted: null, totpEnabledAt: null, totpLastStep: null, tokenVersion: user.tokenVersion + 1 });
      await manager.delete(UserRecoveryCode, { userId: user.id });
      await this.sessions.endAllWith(actor, user.id, 'second_factor_reset');
      await this.audit.record(actor, { action: 'user.second_factor_reset', entityType: 'user', entityId: user.id, metadata: { hadSecondFactor: user.totpEnabledAt !== null } });
    });
  }

  /** Records the step as the last accepted one, only if it is later than the last: false for a replayed code. */
  private async spendStep(userId: string, step: number): Promise<boolean> {
    const manager = this.txHost.tx;
    const rows = await manager.query<[unknown[], number]>(`UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`, [userId, step]);
    return rows[0].length === 1;
  }

  private loadUser(id: string): Promise<UserWithSecrets | null> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect(['u.totpSecretEncrypted', 'u.totpPendingSecretEncrypted', 'u.totpLastStep'])
      .where('u.id = :id', { id })
      .getOne() as Promise<UserWithSecrets | null>;
  }
}
