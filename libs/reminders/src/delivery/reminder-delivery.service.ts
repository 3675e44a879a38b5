import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, Clock } from '@app/core';
import { DeadlineKind, isAfter, ReminderStage, reminderStage } from '@app/statutory-clock';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationKind } from '../entities/notification.entity';
import { ADVICE_NOTIFICATION, LA_NOTIFICATION, leadDaysFor } from '../schedule/remindable';
import { insertNotifications, NewNotification } from './notification-writer';
import { OutboxWriter } from './outbox-writer';

export interface ReminderJobRef {
  reminderId: string;
  version: number;
}

/** What a delivery job found: delivered, or why it did nothing (each is a normal, final outcome). */
export type DeliveryOutcome = 'delivered' | 'already_done' | 'stale_version' | 'cancelled' | 'not_yet' | 'missing';

interface DueRow {
  id: string;
  version: number;
  state: string;
  stage: ReminderStage;
  due_on: string;
  remind_on: string;
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
 * Delivers reminders: re-reads each row under a row lock, does nothing for a stale version or a row already
 * delivered or cancelled, cancels one whose deadline moved on, and otherwise writes the inbox messages, their emails
 * (outbox) and the `delivered` mark in one transaction. A retried, duplicated or concurrent job, or one whose worker
 * was killed after the commit, finds the row delivered: each reminder reaches each recipient once.
 */
@Injectable()
export class ReminderDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async deliver(refs: ReminderJobRef[]): Promise<DeliveryOutcome[]> {
    const today = this.clock.today();
    return this.dataSource.transaction(async (manager) => {
      const ids = [...new Set(refs.map((r) => r.reminderId))];
      // Locked in id order, so two workers' overlapping batches cannot deadlock.
      const rows: DueRow[] = await manager.query(
        `SELECT r.id, r.version, r.state, r.stage, r.due_on, r.remind_on, r.local_authority_id, r.deadline_id,
                d.state AS deadline_state, d.due_on AS deadline_due_on, d.kind, d.subject_type, d.subject_id,
                d.owner_user_id, d.owner_organisation_id, a.caseworker_id
           FROM reminders r
           JOIN deadlines d ON d.id = r.deadline_id
           LEFT JOIN assessments a ON a.id = d.assessment_id
          WHERE r.id = ANY($1::uuid[])
          ORDER BY r.id
            FOR UPDATE OF r`,
        [ids],
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      const outcomes: DeliveryOutcome[] = [];
      const deliver: DueRow[] = [];
      const cancel: { id: string; because: string }[] = [];
      const requeue: string[] = [];
      const decided = new Map<string, DeliveryOutcome>();
      for (const ref of refs) {
        const row = byId.get(ref.reminderId);
        const earlier = decided.get(ref.reminderId);
        let outcome: DeliveryOutcome;
        if (earlier) outcome = earlier === 'delivered' ? 'already_done' : earlier;
        else if (!row) outcome = 'missing';
        else if (row.version !== ref.version) outcome = 'stale_version';
        else if (row.state !== 'scheduled') outcome = 'already_done';
        else if (row.deadline_state !== 'open' || row.deadline_due_on !== row.due_on) {
          cancel.push({ id: row.id, because: 'deadline_changed' });
          outcome = 'cancelled';
        } else if (isAfter(row.remind_on, today)) {
          // Fired early (another host's clock ahead of ours): back to PostgreSQL; the page-in re-adds it.
          requeue.push(row.id);
          outcome = 'not_yet';
        } else if (reminderStage(row.due_on, today, leadDaysFor(row.kind, this.config)) !== row.stage) {
          // A later stage has overtaken it (the worker was down, the case was entered late): only the latest goes.
          cancel.push({ id: row.id, because: 'overtaken' });
          outcome = 'cancelled';
        } else {
          deliver.push(row);
          outcome = 'delivered';
        }
        if (row) decided.set(ref.reminderId, outcome);
        outcomes.push(outcome);
      }
      if (deliver.length > 0) {
        const managers = await this.managersOf(manager, [...new Set(deliver.map((r) => r.local_authority_id))]);
        const messages = deliver.flatMap((row) => this.messagesFor(row, managers.get(row.local_authority_id) ?? []));
        await this.outbox.write(manager, await insertNotifications(manager, messages));
        await manager.query(`UPDATE reminders SET state = 'delivered', delivered_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])`, [deliver.map((r) => r.id)]);
      }
      for (const because of ['deadline_changed', 'overtaken']) {
        const these = cancel.filter((c) => c.because === because).map((c) => c.id);
        if (these.length > 0) {
          await manager.query(`UPDATE reminders SET state = 'cancelled', cancelled_because = $2, version = version + 1, updated_at = now() WHERE id = ANY($1::uuid[])`, [these, because]);
        }
      }
      if (requeue.length > 0) await manager.query(`UPDATE reminders SET enqueued_at = NULL, updated_at = now() WHERE id = ANY($1::uuid[])`, [requeue]);
      return outcomes;
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

  private async managersOf(manager: EntityManager, localAuthorityIds: string[]): Promise<Map<string, string[]>> {
    const byLa = new Map<string, string[]>();
    const rows: { id: string; local_authority_id: string }[] = await manager.query(
      `SELECT id, local_authority_id FROM users WHERE local_authority_id = ANY($1::uuid[]) AND role = 'manager' AND active ORDER BY id`,
      [localAuthorityIds],
    );
    for (const row of rows) byLa.set(row.local_authority_id, [...(byLa.get(row.local_authority_id) ?? []), row.id]);
    return byLa;
  }
}
