import { ReminderStage } from '@app/statutory-clock';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum ReminderState {
  /** Planned; a delivery job exists in Redis once its LA-second is in `reminder_buckets` (or will, at the next page-in). */
  Scheduled = 'scheduled',
  Delivered = 'delivered',
  /** The deadline was met, moved or closed, or a more advanced stage overtook this one. */
  Cancelled = 'cancelled',
}

/**
 * One reminder a deadline needs (a stage for a due date), planned in the transaction that changed the deadline.
 * This row, not Redis, is the truth: a delivery job is only an intention to look at the LA's due rows at `sendAt`.
 * The unique key (deadline, stage, due date) means a deadline moved and moved back finds the same row, already
 * delivered or not.
 */
@Entity({ name: 'reminders' })
@Index('ux_reminders_deadline_stage_due', ['deadlineId', 'stage', 'dueOn'], { unique: true })
// The page-in reads scheduled reminders in send order; the repair looks for those whose time has passed.
@Index('ix_reminders_scheduled_send_at', ['sendAt', 'id'], { where: `state = 'scheduled'` })
@Index('ix_reminders_la_state', ['localAuthorityId', 'state'])
// Delivery claims an LA's scheduled reminders whose moment has come, in send order.
@Index('ix_reminders_la_scheduled_send_at', ['localAuthorityId', 'sendAt', 'id'], { where: `state = 'scheduled'` })
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_reminders_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  /** Deadline rows are stable per (subject, key); one removed from its subject takes its reminders with it. */
  @ForeignKey('deadlines', { name: 'fk_reminders_deadline_id', onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  deadlineId: string;

  @Column({ type: 'varchar', length: 16 })
  stage: ReminderStage;

  /** The deadline's due date this reminder is about. */
  @Column({ type: 'date' })
  dueOn: string;

  /** The London date it goes out. */
  @Column({ type: 'date' })
  remindOn: string;

  /** The moment it goes out: `remindOn` at REMINDER_SEND_TIME in London, or the planning moment if that has passed. */
  @Column({ type: 'timestamptz' })
  sendAt: Date;

  /** The deadline's revision when this was (re)planned; the daily reconcile re-plans deadlines whose revision moved. */
  @Column({ type: 'integer' })
  deadlineRevision: number;

  @Column({ type: 'varchar', length: 16 })
  state: ReminderState;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  cancelledBecause: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
