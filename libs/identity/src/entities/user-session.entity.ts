import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** How a session was started. */
export type SignInMethod = 'password' | 'password_totp' | 'password_recovery_code' | 'oidc';

/**
 * One sign-in on one device: what a person sees under "Your sessions" and can end. Its refresh token is stored as a
 * SHA-256 hash and rotated on every use; a refresh token presented after it was rotated (a replay) ends the session.
 * Every access token carries the session id (`sid`): the guard refuses it once the session has ended.
 */
@Entity({ name: 'user_sessions' })
@Index('ix_user_sessions_user_created', ['userId', 'createdAt'])
export class UserSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('users', { name: 'fk_user_sessions_user_id', onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  userId: string;

  @ForeignKey('local_authorities', { name: 'fk_user_sessions_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @Column({ type: 'varchar', length: 32 })
  method: SignInMethod;

  /** The identity provider of an OpenID Connect sign-in. */
  @Column({ type: 'uuid', nullable: true })
  identityProviderId: string | null;

  /** SHA-256 (hex) of the current refresh token's secret part; the token itself is never stored. */
  @Column({ type: 'varchar', length: 64, select: false })
  refreshTokenHash: string;

  /** How many times the refresh token was rotated. */
  @Column({ type: 'integer', default: 0 })
  refreshCount: number;

  /** The user's token version when the session started: a password, role or access change (or sign-out everywhere) ends it. */
  @Column({ type: 'integer' })
  tokenVersion: number;

  @Column({ type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  address: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When its tokens were last issued or refreshed (the idle limit counts from here). */
  @Column({ type: 'timestamptz' })
  lastUsedAt: Date;

  /** The absolute limit: no refresh after this, however active the session. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** `signed_out`, `ended_by_user`, `ended_by_admin`, `refresh_token_reuse`, `second_factor_reset`. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason: string | null;
}
