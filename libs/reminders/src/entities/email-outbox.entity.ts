import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum EmailState {
  Pending = 'pending',
  /** Claimed by a worker until `leaseUntil`; a worker killed mid-send leaves it to be checked and retried. */
  Sending = 'sending',
  Sent = 'sent',
  /** Refused for good (bad address, rejected by the transport) or out of attempts: see `lastError`. */
  Failed = 'failed',
}

/**
 * The notification outbox: one email per message, written in the same transaction as the message itself, then
 * drained by the worker through the configured transport. It holds no child's name or identifier: the subject and
 * body carry a case reference and a link only.
 */
@Entity({ name: 'email_outbox' })
@Index('ux_email_outbox_notification', ['notificationId'], { unique: true })
@Index('ix_email_outbox_pending', ['createdAt', 'id'], { where: `state IN ('pending', 'sending')` })
@Index('ix_email_outbox_la_state', ['localAuthorityId', 'state'])
export class EmailOutbox {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_email_outbox_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  /**
   * The inbox message this email repeats (one email per message). No foreign key: the email is written by the statement
   * that writes its message, from that INSERT's RETURNING, and messages are never deleted (migration 1795484000000).
   */
  @Column({ type: 'uuid' })
  notificationId: string;

  @Column({ type: 'varchar', length: 320 })
  toAddress: string;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16, default: EmailState.Pending })
  state: EmailState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  /** When to try again after a retryable failure. */
  @Column({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  transport: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  providerReference: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
