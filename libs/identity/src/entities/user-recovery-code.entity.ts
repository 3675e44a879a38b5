import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One of the ten single-use recovery codes given when a second factor is confirmed: SHA-256 hashed, never stored in clear. */
@Entity({ name: 'user_recovery_codes' })
@Index('ux_user_recovery_codes_user_hash', ['userId', 'codeHash'], { unique: true })
export class UserRecoveryCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('users', { name: 'fk_user_recovery_codes_user_id', onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
