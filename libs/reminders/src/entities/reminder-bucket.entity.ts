import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';

/**
 * An LA's reminders due within one second that the page-in has put into Redis as one delayed delivery job
 * (`reminder-batch-<la>-v<second>`). One row per job rather than a mark on every reminder: paging 100,000 reminders in
 * writes about 5,000 of these instead of updating 100,000 reminder rows (each update a new row version and an entry in
 * every index of `reminders`). A hint, like the job it records: a Redis flush clears the table, and delivery reads
 * only `reminders`.
 */
@Entity({ name: 'reminder_buckets' })
export class ReminderBucket {
  @ForeignKey('local_authorities', { name: 'fk_reminder_buckets_local_authority_id' })
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_reminder_buckets' })
  localAuthorityId: string;

  /** The epoch second (rounded up) of the reminders' `send_at`: the job's moment. */
  @PrimaryColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_reminder_buckets' })
  second: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  enqueuedAt: Date;
}
