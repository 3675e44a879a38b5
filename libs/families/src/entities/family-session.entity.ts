import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A family member's signed-in session: the token names it, the guard checks it on every request, ending it is final. */
@Entity({ name: 'family_sessions' })
@Index('ix_family_sessions_member', ['memberId', 'createdAt'])
export class FamilySession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_family_sessions' })
  id: string;

  @ForeignKey('family_members', { name: 'fk_family_sessions_member_id' })
  @Column({ type: 'uuid' })
  memberId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  lastUsedAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  revokedReason: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  address: string | null;
}
