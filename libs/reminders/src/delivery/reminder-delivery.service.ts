import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, Clock } from '@app/core';
import { DeadlineKind, ReminderStage, reminderStage } from '@app/statutory-clock';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationKind } from '../entities/notification.entity';
import { ADVICE_NOTIFICATION, LA_NOTIFICATION, leadDaysFor, remindsAt } from '../schedule/remindable';
import { insertNotifications, NewNotification } from './notification-writer';
import { OutboxWriter } from './outbox-writer';

export interface DeliveryResult {
  delivered: number;
  cancelled: number;
  /** True when the LA had more due than one run takes: the caller queues a continuation. */
  more: boolean;
}

interface DueRow {
  id: string;
  stage: ReminderStage;
  due_on: string;
  local_authority_id: string;
  deadline_id: string;
  deadline_state: string;
  deadline_due_on: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  owner_user_id: string | null;
  owner_organisation_id: string | null;
  caseworker_id: string | null;
}

/**
 * Delivers reminders, a local authority at a time: claims the LA's scheduled rows whose moment has come, cancels any
 * whose deadline moved on or whose stage a later one overtook, and writes the inbox messages, their emails (outbox)
 * and the `delivered` mark in one transaction per batch. Only `scheduled` rows are claimed, so a retried, duplicated
 * or concurrent job, or one whose worker was killed after a commit, finds nothing left to do: each reminder reaches
 * each recipient once.
 */
@Injectable()
export class ReminderDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
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
    return this.dataSource.transaction(async (manager) => {
      const rows: DueRow[] = await manager.query(
        `SELECT r.id, r.stage, r.due_on, r.local_authority_id, r.deadline_id,
                d.state AS deadline_state, d.due_on AS deadline_due_on, d.kind, d.subject_type, d.subject_id,
                d.owner_user_id, d.owner_organisation_id, a.caseworker_id
           FROM reminders r
           JOIN deadlines d ON d.id = r.deadline_id
           LEFT JOIN assessments a ON a.id = d.assessment_id
          WHERE r.local_authority_id = $1 AND r.state = 'scheduled' AND r.send_at <= $2
          ORDER BY r.send_at, r.id
          LIMIT $3
            FOR UPDATE OF r SKIP LOCKED`,
        [localAuthorityId, now, batchSize],
      );
      const deliver: DueRow[] = [];
      const cancel = new Map<string, string[]>([['deadline_changed', []], ['overtaken', []]]);
      for (const row of rows) {
        // Planned before the rule said it is never chased as overdue (the no-plan notice): dropped, never sent.
        if (row.deadline_state !== 'open' || row.deadline_due_on !== row.due_on || !remindsAt(row.kind, row.stage)) cancel.get('deadline_changed')!.push(row.id);
        // A later stage has overtaken it (the worker was down, the case was entered late): only the latest goes.
        else if (reminderStage(row.due_on, today, leadDaysFor(row.kind, this.config)) !== row.stage) cancel.get('overtaken')!.push(row.id);
        else deliver.push(row);
      }
      if (deliver.length > 0) {
        const overdue = deliver.some((row) => row.stage === ReminderStage.Overdue && row.kind !== DeadlineKind.Advice);
        const managers = overdue ? await this.managersOf(manager, localAuthorityId) : [];
        const messages = deliver.flatMap((row) => this.messagesFor(row, managers));
        await this.outbox.write(manager, await insertNotifications(manager, messages));
        await manager.query(`UPDATE reminders SET state = 'delivered', delivered_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])`, [deliver.map((r) => r.id)]);
      }
      for (const [because, ids] of cancel) {
        if (ids.length > 0) await manager.query(`UPDATE reminders SET state = 'cancelled', cancelled_because = $2, updated_at = now() WHERE id = ANY($1::uuid[])`, [ids, because]);
      }
      return { claimed: rows.length, delivered: deliver.length, cancelled: rows.length - deliver.length };
    });
  }

  private messagesFor(d: DueRow, managers: string[]): NewNotification[] {
    const base = { localAuthorityId: d.local_authority_id, subjectType: d.subject_type, subjectId: d.subject_id, deadlineId: d.deadline_id, deadlineKind: d.kind, dueOn: d.due_on };
    const message = (kind: NotificationKind, to: { user?: string | null; organisation?: string | null }, escalated = false): NewNotification => ({
      ...base,
      kind,
      recipientUserId: to.user ?? null,
      recipientOrganisationId: to.user ? null : (to.organisation ?? null),
      escalated,
      // The same key as the sweep before this table, so nothing it delivered is delivered again.
      dedupeKey: `${d.deadline_id}:${d.stage}:${d.due_on}:${to.user ? `u:${to.user}` : `o:${to.organisation}`}`,
    });
    const out: NewNotification[] = [];
    if (d.kind === DeadlineKind.Advice) {
      // The adviser (or their organisation's shared inbox); once overdue, the caseworker too.
      if (d.owner_user_id || d.owner_organisation_id) out.push(message(ADVICE_NOTIFICATION[d.stage], { user: d.owner_user_id, organisation: d.owner_organisation_id }));
      if (d.stage === ReminderStage.Overdue && d.caseworker_id && d.caseworker_id !== d.owner_user_id) out.push(message(NotificationKind.AdviceOverdue, { user: d.caseworker_id }));
      return out;
    }
    if (d.owner_user_id) out.push(message(LA_NOTIFICATION[d.stage], { user: d.owner_user_id }));
    if (d.stage === ReminderStage.Overdue) {
      // Escalated to the LA's managers (to them alone when the case has no caseworker).
      for (const id of managers) if (id !== d.owner_user_id) out.push(message(NotificationKind.DeadlineOverdue, { user: id }, true));
    }
    return out;
  }

  private async managersOf(manager: EntityManager, localAuthorityId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM users WHERE local_authority_id = $1 AND role = 'manager' AND active ORDER BY id`, [localAuthorityId]);
    return rows.map((row) => row.id);
  }
}
