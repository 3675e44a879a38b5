import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An email the `local` transport recorded instead of sending (demo, development, tests). One row per outbox id:
 * recording the same email twice keeps the first row.
 */
@Entity({ name: 'local_mailbox' })
@Index('ux_local_mailbox_outbox_id', ['outboxId'], { unique: true })
@Index('ix_local_mailbox_recorded_at', ['recordedAt'])
export class LocalMailboxMessage {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_local_mailbox' })
  id: string;

  /** The outbox row this email came from (no foreign key: the mailbox stands in for a remote inbox). */
  @Column({ type: 'uuid' })
  outboxId: string;

  @Column({ type: 'varchar', length: 320 })
  toAddress: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
