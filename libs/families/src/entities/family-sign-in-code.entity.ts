import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One emailed sign-in challenge: a 6-digit code and a link token, both stored only as keyed hashes. Valid for 10
 * minutes, single use, locked after 5 wrong codes; asking for a new one spends the one before (`usedAt`).
 */
@Entity({ name: 'family_sign_in_codes' })
@Index('ix_family_sign_in_codes_member', ['memberId', 'createdAt'])
@Index('ux_family_sign_in_codes_link', ['linkHash'], { unique: true })
export class FamilySignInCode {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_family_sign_in_codes' })
  id: string;

  @ForeignKey('family_members', { name: 'fk_family_sign_in_codes_member_id' })
  @Column({ type: 'uuid' })
  memberId: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: 'varchar', length: 64 })
  linkHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'integer', default: 0 })
  failedAttempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /** Too many wrong codes: this code is dead (the account is not locked; a new code can be asked for). */
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  clientAddress: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
