import { Discipline, Role } from '@app/core';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * A person who signs in. Every user is managed by one local authority (their home LA). A professional reaches cases
 * only through requests addressed to them or to an organisation they were admitted to (organisation_members), and
 * only in the LAs that admitted them.
 */
@Entity({ name: 'users' })
@Index('ux_users_email', ['email'], { unique: true })
@Index('ix_users_local_authority_role', ['localAuthorityId', 'role'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_users_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  /** Stored lower-case; the login key. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  @Column({ type: 'varchar', length: 255, select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 32 })
  role: Role;

  @Column({ type: 'varchar', length: 32, nullable: true })
  discipline: Discipline | null;

  /** The team within the LA's SEN service (free text, set by the LA admin); reports group caseworkers by it. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  team: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'integer', default: 0 })
  failedLoginAttempts: number;

  /** When the first failed sign-in of the current window happened; failures older than the window no longer count. */
  @Column({ type: 'timestamptz', nullable: true })
  failedLoginWindowStartedAt: Date | null;

  /**
   * Carried in every access token as `tv`; bumping it (sign-out, password, role, organisation or discipline change,
   * deactivation) makes every token issued before it worthless at the next request.
   */
  @Column({ type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  /** The confirmed TOTP secret, AES-256-GCM encrypted with the installation's key (never in clear); null: no second factor. */
  @Column({ type: 'varchar', length: 300, nullable: true, select: false })
  totpSecretEncrypted: string | null;

  /** A secret being enrolled, not yet confirmed with a code (encrypted likewise). */
  @Column({ type: 'varchar', length: 300, nullable: true, select: false })
  totpPendingSecretEncrypted: string | null;

  /** When the second factor was confirmed; from then on it is required at every password sign-in. */
  @Column({ type: 'timestamptz', nullable: true })
  totpEnabledAt: Date | null;

  /** The 30-second step of the last accepted code: a code of this step or earlier is refused (no replay in its window). */
  @Column({ type: 'bigint', nullable: true, select: false })
  totpLastStep: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
