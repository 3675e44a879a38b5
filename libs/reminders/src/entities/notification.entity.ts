import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum NotificationKind {
  DeadlineDueSoon = 'deadline_due_soon',
  DeadlineDueToday = 'deadline_due_today',
  DeadlineOverdue = 'deadline_overdue',
  AdviceRequested = 'advice_requested',
  AdviceDueSoon = 'advice_due_soon',
  AdviceOverdue = 'advice_overdue',
  AdviceReceived = 'advice_received',
  /** To the caseworker: the named adviser is no longer admitted by the LA, so the request needs a new addressee. */
  AdviceUnassigned = 'advice_unassigned',
  ReviewDueSoon = 'review_due_soon',
  /** The morning summary to a caseworker or manager: due this week and overdue. */
  DailyDigest = 'daily_digest',
}

/**
 * One message in someone's in-app inbox (a person, or an organisation's shared inbox). `dedupeKey` is unique: it
 * names the deadline, the stage, the due date and the recipient, so a reminder is written once whatever retries,
 * restarts or concurrent sweeps happen (and a deadline moved and moved back does not repeat it).
 */
@Entity({ name: 'notifications' })
@Index('ux_notifications_dedupe', ['dedupeKey'], { unique: true })
@Index('ix_notifications_user', ['recipientUserId', 'createdAt'])
@Index('ix_notifications_organisation', ['recipientOrganisationId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('local_authorities', { name: 'fk_notifications_local_authority_id' })
  @Column({ type: 'uuid' })
  localAuthorityId: string;

  @ForeignKey('users', { name: 'fk_notifications_recipient_user_id' })
  @Column({ type: 'uuid', nullable: true })
  recipientUserId: string | null;

  @ForeignKey('organisations', { name: 'fk_notifications_recipient_organisation_id' })
  @Column({ type: 'uuid', nullable: true })
  recipientOrganisationId: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  @Column({ type: 'varchar', length: 16 })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  /** The deadline it is about (no foreign key: deadline rows are rewritten; the notification is history). */
  @Column({ type: 'uuid', nullable: true })
  deadlineId: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  deadlineKind: string | null;

  @Column({ type: 'date', nullable: true })
  dueOn: string | null;

  /** True when sent to a manager because the caseworker's deadline passed. */
  @Column({ type: 'boolean', default: false })
  escalated: boolean;

  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
