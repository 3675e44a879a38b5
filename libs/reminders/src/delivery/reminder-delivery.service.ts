import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock, Role } from '@app/core';
import { DeadlinesService, DeadlineState, DeadlineView } from '@app/deadlines';
import { UsersService } from '@app/identity';
import { ReminderAudience, reminderRuleFor, remindsAtStage, ReminderStage, reminderStage } from '@app/statutory-clock';
import { NotificationKind } from '../entities/notification.entity';
import { ADVICE_NOTIFICATION, LA_NOTIFICATION, leadDaysFor } from '../schedule/remindable';
import { messageWrites, NewNotification } from './notification-writer';
import { OutboxWriter } from './outbox-writer';
import { TxHost } from '@app/database';

export interface DeliveryResult {
  delivered: number;
  cancelled: number;
  /** True when the LA had more due than one run takes: the caller queues a continuation. */
  more: boolean;
}

interface ClaimedRow {
  id: string;
  stage: ReminderStage;
  due_on: string;
  deadline_id: string;
}

/** A claimed reminder with its deadline as it stands now. */
interface DueReminder {
  id: string;
  stage: ReminderStage;
  dueOn: string;
  deadline: DeadlineView;
}

/**
 * Delivers reminders, a local authority at a time: claims the LA's scheduled rows whose moment has come, cancels any
 * whose deadline moved on or whose stage a later one overtook, and writes the inbox messages, their emails (outbox)
 * and the `delivered` and `cancelled` marks in one transaction and one statement per batch (set-based: arrays, not a
 * round trip or a VALUES tuple per row). Only `scheduled` rows are claimed, so a retried, duplicated
 * or concurrent job, or one whose worker was killed after a commit, finds nothing left to do: each reminder reaches
 * each recipient once.
 */
@Injectable()
export class ReminderDeliveryService {
  constructor(
    private readonly txHost: TxHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly deadlines: DeadlinesService,
    private readonly users: UsersService,
  ) {}

  /**
   * Delivers the LA's reminders whose moment has come, `batchSize` per transaction, up to `maxBatches` (then reports
   * `more`, so one LA's burst yields its worker slot to the others). Rows are claimed with FOR UPDATE SKIP LOCKED: two
   * workers on the same LA share the rows, never the same row.
   */
  async deliverDue(localAuthorityId: string, options: { batchSize?: number; maxBatches?: number } = {}): Promise<DeliveryResult> {
    const { batchSize = this.config.reminderBatchSize, maxBatches = 20 } = options;
    const result: DeliveryResult = { delivered: 0, cancelled: 0, more: false };
    for (let batch = 0; batch < maxBatches; batch += 1) {
      const { claimed, delivered, cancelled } = await this.deliverBatch(localAuthorityId, batchSize);
      result.delivered += delivered;
      result.cancelled += cancelled;
      if (claimed < batchSize) return result;
    }
    result.more = true;
    return result;
  }

  private async deliverBatch(localAuthorityId: string, batchSize: number): Promise<{ claimed: number; delivered: number; cancelled: number }> {
    const today = this.clock.today();
    const now = this.clock.now();
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      const rows: ClaimedRow[] = await manager.query(
        `SELECT r.id, r.stage, r.due_on, r.deadline_id
           FROM reminders r
          WHERE r.local_authority_id = $1 AND r.state = 'scheduled' AND r.send_at <= $2
          ORDER BY r.send_at, r.id
          LIMIT $3
            FOR UPDATE OF r SKIP LOCKED`,
        [localAuthorityId, now, batchSize],
      );
      if (rows.length === 0) return { claimed: 0, delivered: 0, cancelled: 0 };
      // Each reminder is checked against its deadline as it stands now (the deadlines context's read, one query).
      const current = new Map((await this.deadlines.byIds([...new Set(rows.map((r) => r.deadline_id))], today)).map((d) => [d.id, d]));
      const deliver: DueReminder[] = [];
      const cancelled: { id: string; because: 'deadline_changed' | 'overtaken' }[] = [];
      for (const row of rows) {
        const deadline = current.get(row.deadline_id);
        if (!deadline || deadline.state !== DeadlineState.Open || deadline.dueOn !== row.due_on || !remindsAtStage(deadline.kind, row.stage)) cancelled.push({ id: row.id, because: 'deadline_changed' });
        // A later stage has overtaken it (the worker was down, the case was entered late): only the latest goes.
        else if (reminderStage(row.due_on, today, leadDaysFor(deadline.kind, this.config)) !== row.stage) cancelled.push({ id: row.id, because: 'overtaken' });
        else deliver.push({ id: row.id, stage: row.stage, dueOn: row.due_on, deadline });
      }
      const escalates = deliver.some((r) => r.stage === ReminderStage.Overdue && reminderRuleFor(r.deadline.kind)?.audience === ReminderAudience.LocalAuthority);
      const managers = escalates ? (await this.users.findActiveByRole(localAuthorityId, Role.Manager)).map((u) => u.id).sort() : [];
      const messages = deliver.flatMap((r) => this.messagesFor(r, managers));
      const writes = messageWrites(messages, await this.outbox.emailsFor(messages), 4);
      // One statement for the batch: the reminders marked delivered or cancelled, their messages and their emails.
      await manager.query(
        `WITH delivered AS (
           UPDATE reminders SET state = 'delivered', delivered_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])),
         cancelled AS (
           UPDATE reminders r SET state = 'cancelled', cancelled_because = c.because, updated_at = now()
             FROM unnest($2::uuid[], $3::text[]) AS c(id, because) WHERE r.id = c.id),
         ${writes.sql}
         SELECT 1`,
        [deliver.map((r) => r.id), cancelled.map((c) => c.id), cancelled.map((c) => c.because), ...writes.params],
      );
      return { claimed: rows.length, delivered: deliver.length, cancelled: rows.length - deliver.length };
    });
  }

  private messagesFor(r: DueReminder, managers: string[]): NewNotification[] {
    const d = r.deadline;
    const base = { localAuthorityId: d.localAuthorityId, subjectType: d.subjectType, subjectId: d.subjectId, deadlineId: d.id, deadlineKind: d.kind, dueOn: r.dueOn };
    const message = (kind: NotificationKind, to: { user?: string | null; organisation?: string | null }, escalated = false): NewNotification => ({
      ...base,
      kind,
      recipientUserId: to.user ?? null,
      recipientOrganisationId: to.user ? null : (to.organisation ?? null),
      escalated,
      // The same key as the sweep before this table, so nothing it delivered is delivered again.
      dedupeKey: `${d.id}:${r.stage}:${r.dueOn}:${to.user ? `u:${to.user}` : `o:${to.organisation}`}`,
    });
    const out: NewNotification[] = [];
    if (reminderRuleFor(d.kind)?.audience === ReminderAudience.Adviser) {
      // The adviser (or their organisation's shared inbox); once overdue, the case's caseworker too.
      if (d.ownerUserId || d.ownerOrganisationId) out.push(message(ADVICE_NOTIFICATION[r.stage], { user: d.ownerUserId, organisation: d.ownerOrganisationId }));
      if (r.stage === ReminderStage.Overdue && d.caseOwnerUserId && d.caseOwnerUserId !== d.ownerUserId) out.push(message(NotificationKind.AdviceOverdue, { user: d.caseOwnerUserId }));
      return out;
    }
    if (d.ownerUserId) out.push(message(LA_NOTIFICATION[r.stage], { user: d.ownerUserId }));
    if (r.stage === ReminderStage.Overdue) {
      // Escalated to the LA's managers (to them alone when the case has no caseworker).
      for (const id of managers) if (id !== d.ownerUserId) out.push(message(NotificationKind.DeadlineOverdue, { user: id }, true));
    }
    return out;
  }
}
