import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, Clock } from '@app/core';
import { DeadlineKind, reminderHorizon, ReminderStage, reminderStage } from '@app/statutory-clock';
import { DataSource } from 'typeorm';
import { NotificationKind } from './entities/notification.entity';

/** LA deadlines that remind their owner (the family's 15 days on a draft are theirs, not a duty to chase). */
const LA_KINDS = [DeadlineKind.DecisionToAssess, DeadlineKind.NoPlanNotice, DeadlineKind.FinalPlan] as string[];

const LA_NOTIFICATION: Record<ReminderStage, NotificationKind> = {
  [ReminderStage.DueSoon]: NotificationKind.DeadlineDueSoon,
  [ReminderStage.DueToday]: NotificationKind.DeadlineDueToday,
  [ReminderStage.Overdue]: NotificationKind.DeadlineOverdue,
};
const ADVICE_NOTIFICATION: Record<ReminderStage, NotificationKind> = {
  [ReminderStage.DueSoon]: NotificationKind.AdviceDueSoon,
  [ReminderStage.DueToday]: NotificationKind.AdviceDueSoon,
  [ReminderStage.Overdue]: NotificationKind.AdviceOverdue,
};

interface OpenDeadline {
  id: string;
  local_authority_id: string;
  subject_type: string;
  subject_id: string;
  kind: string;
  due_on: string;
  owner_user_id: string | null;
  owner_organisation_id: string | null;
  caseworker_id: string | null;
}

interface NewNotification {
  localAuthorityId: string;
  recipientUserId: string | null;
  recipientOrganisationId: string | null;
  kind: NotificationKind;
  subjectType: string;
  subjectId: string;
  deadlineId: string;
  deadlineKind: string;
  dueOn: string;
  escalated: boolean;
  dedupeKey: string;
}

export interface SweepResult {
  deadlinesRead: number;
  notificationsWritten: number;
}

/**
 * Turns open deadlines into reminders. PostgreSQL is the only state: each sweep reads the open deadlines within the
 * lead time, works out the stage each calls for today (statutory-clock `reminderStage`), and inserts the messages
 * with ON CONFLICT DO NOTHING on a unique key. Running it twice, in two workers at once, after a crash or after
 * Redis lost every job writes each reminder exactly once. Nothing per reminder is kept in Redis.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async sweep(batchSize = 2000): Promise<SweepResult> {
    const today = this.clock.today();
    const horizon = reminderHorizon(today, Math.max(this.config.reminderLeadDays, this.config.adviceReminderLeadDays));
    const managers = new Map<string, string[]>();
    let after: [string, string] | null = null;
    let read = 0;
    let written = 0;
    // Keyset pages in due-date order: the most urgent first, every LA in the same pass (no LA can starve another).
    for (;;) {
      const rows: OpenDeadline[] = await this.dataSource.query(
        `SELECT d.id, d.local_authority_id, d.subject_type, d.subject_id, d.kind, d.due_on, d.owner_user_id, d.owner_organisation_id, a.caseworker_id
           FROM deadlines d LEFT JOIN assessments a ON a.id = d.assessment_id
          WHERE d.state = 'open' AND d.due_on <= $1 AND (d.kind = 'advice' OR d.kind = ANY($2))
            AND ($3::date IS NULL OR (d.due_on, d.id) > ($3::date, $4::uuid))
          ORDER BY d.due_on, d.id
          LIMIT $5`,
        [horizon, LA_KINDS, after?.[0] ?? null, after?.[1] ?? null, batchSize],
      );
      if (rows.length === 0) break;
      read += rows.length;
      const batch: NewNotification[] = [];
      for (const row of rows) batch.push(...(await this.messagesFor(row, today, managers)));
      written += await this.insert(batch);
      const last = rows[rows.length - 1];
      after = [last.due_on, last.id];
      if (rows.length < batchSize) break;
    }
    if (written > 0) this.logger.log({ deadlinesRead: read, notificationsWritten: written, today }, 'reminders written');
    return { deadlinesRead: read, notificationsWritten: written };
  }

  private async messagesFor(d: OpenDeadline, today: string, managers: Map<string, string[]>): Promise<NewNotification[]> {
    const isAdvice = d.kind === DeadlineKind.Advice;
    const stage = reminderStage(d.due_on, today, isAdvice ? this.config.adviceReminderLeadDays : this.config.reminderLeadDays);
    if (!stage) return [];
    const base = { localAuthorityId: d.local_authority_id, subjectType: d.subject_type, subjectId: d.subject_id, deadlineId: d.id, deadlineKind: d.kind, dueOn: d.due_on };
    const message = (kind: NotificationKind, to: { user?: string | null; organisation?: string | null }, escalated = false): NewNotification => ({
      ...base,
      kind,
      recipientUserId: to.user ?? null,
      recipientOrganisationId: to.user ? null : (to.organisation ?? null),
      escalated,
      dedupeKey: `${d.id}:${stage}:${d.due_on}:${to.user ? `u:${to.user}` : `o:${to.organisation}`}`,
    });
    const out: NewNotification[] = [];
    if (isAdvice) {
      // The adviser (or their organisation's shared inbox); once overdue, the caseworker too.
      if (d.owner_user_id || d.owner_organisation_id) out.push(message(ADVICE_NOTIFICATION[stage], { user: d.owner_user_id, organisation: d.owner_organisation_id }));
      if (stage === ReminderStage.Overdue && d.caseworker_id) out.push(message(NotificationKind.AdviceOverdue, { user: d.caseworker_id }));
      return out;
    }
    if (d.owner_user_id) out.push(message(LA_NOTIFICATION[stage], { user: d.owner_user_id }));
    if (stage === ReminderStage.Overdue) {
      // Escalated to the LA's managers (and to them alone when the case has no caseworker).
      for (const manager of await this.managersOf(d.local_authority_id, managers)) {
        if (manager !== d.owner_user_id) out.push(message(NotificationKind.DeadlineOverdue, { user: manager }, true));
      }
    }
    return out;
  }

  private async managersOf(localAuthorityId: string, cache: Map<string, string[]>): Promise<string[]> {
    let ids = cache.get(localAuthorityId);
    if (!ids) {
      const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM users WHERE local_authority_id = $1 AND role = 'manager' AND active ORDER BY id`, [localAuthorityId]);
      ids = rows.map((r) => r.id);
      cache.set(localAuthorityId, ids);
    }
    return ids;
  }

  /** One multi-row INSERT ... ON CONFLICT DO NOTHING: the unique key is what makes delivery exactly once. */
  private async insert(batch: NewNotification[]): Promise<number> {
    if (batch.length === 0) return 0;
    const columns = ['local_authority_id', 'recipient_user_id', 'recipient_organisation_id', 'kind', 'subject_type', 'subject_id', 'deadline_id', 'deadline_kind', 'due_on', 'escalated', 'dedupe_key'];
    let written = 0;
    for (let start = 0; start < batch.length; start += 1000) {
      const chunk = batch.slice(start, start + 1000);
      const values: unknown[] = [];
      const tuples = chunk.map((n, i) => {
        values.push(n.localAuthorityId, n.recipientUserId, n.recipientOrganisationId, n.kind, n.subjectType, n.subjectId, n.deadlineId, n.deadlineKind, n.dueOn, n.escalated, n.dedupeKey);
        return `(${columns.map((_, j) => `$${i * columns.length + j + 1}`).join(', ')})`;
      });
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO notifications (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        values,
      );
      written += inserted.length;
    }
    return written;
  }
}
