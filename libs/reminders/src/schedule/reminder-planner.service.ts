import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock } from '@app/core';
import { DeadlineChangeListener, DeadlinesService } from '@app/assessments';
import { londonInstant, reminderPlan } from '@app/statutory-clock';
import { EntityManager } from 'typeorm';
import { isRemindable, LA_REMINDER_KINDS, leadDaysFor, NOT_CHASED_WHEN_OVERDUE, remindsAt } from './remindable';

interface DeadlineRow {
  id: string;
  local_authority_id: string;
  kind: string;
  due_on: string;
  state: string;
  revision: number;
}

/**
 * Keeps the `reminders` table in step with the deadlines, inside the transaction that changed them: a new or moved
 * deadline gets the reminders it still needs (statutory-clock `reminderPlan`), a met, closed or moved one has its
 * unsent reminders cancelled. The daily reconcile runs the same planning for anything that changed another way.
 */
@Injectable()
export class ReminderPlannerService implements OnModuleInit, DeadlineChangeListener {
  constructor(
    private readonly deadlines: DeadlinesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deadlines.registerChangeListener(this);
  }

  async deadlinesChanged(manager: EntityManager, deadlineIds: string[]): Promise<void> {
    await this.plan(manager, deadlineIds);
  }

  /** Plans the reminders of these deadlines; returns how many reminder rows were created or re-scheduled. */
  async plan(manager: EntityManager, deadlineIds: string[]): Promise<number> {
    if (deadlineIds.length === 0) return 0;
    const rows: DeadlineRow[] = await manager.query(`SELECT id, local_authority_id, kind, due_on, state, revision FROM deadlines WHERE id = ANY($1::uuid[])`, [deadlineIds]);
    const today = this.clock.today();
    const now = this.clock.now();
    const wanted: unknown[][] = [];
    const keep: string[] = [];
    for (const d of rows) {
      if (d.state !== 'open' || !isRemindable(d.kind)) continue;
      for (const r of reminderPlan(d.due_on, today, leadDaysFor(d.kind, this.config)).filter((planned) => remindsAt(d.kind, planned.stage))) {
        const at = londonInstant(r.remindOn, this.config.reminderSendTime);
        // A reminder whose moment has passed today goes out now, not tomorrow.
        const sendAt = at.getTime() < now.getTime() ? now : at;
        wanted.push([d.local_authority_id, d.id, r.stage, d.due_on, r.remindOn, sendAt.toISOString(), d.revision]);
        keep.push(`${d.id}|${r.stage}|${d.due_on}`);
      }
    }
    // Unsent reminders these deadlines no longer call for: met, closed, moved, or overtaken by a later stage.
    await manager.query(
      `UPDATE reminders SET state = 'cancelled', cancelled_because = 'deadline_changed', updated_at = now()
        WHERE deadline_id = ANY($1::uuid[]) AND state = 'scheduled' AND (deadline_id::text || '|' || stage || '|' || due_on::text) <> ALL($2::text[])`,
      [deadlineIds, keep],
    );
    if (wanted.length === 0) return 0;
    const columns = 7;
    const tuples = wanted.map((_, i) => `(${Array.from({ length: columns }, (__, j) => `$${i * columns + j + 1}`).join(', ')}, 'scheduled')`);
    // Re-planning the same (deadline, stage, due date) finds the same row: delivered stays delivered (a deadline
    // moved and moved back is not reminded twice); cancelled comes back to be paged in again; a scheduled one moves
    // only if its day changed (and is then paged in again).
    const result: unknown[] = await manager.query(
      `INSERT INTO reminders (local_authority_id, deadline_id, stage, due_on, remind_on, send_at, deadline_revision, state)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (deadline_id, stage, due_on) DO UPDATE SET
         deadline_revision = EXCLUDED.deadline_revision,
         local_authority_id = EXCLUDED.local_authority_id,
         state = CASE WHEN reminders.state = 'cancelled' THEN 'scheduled' ELSE reminders.state END,
         cancelled_because = CASE WHEN reminders.state = 'cancelled' THEN NULL ELSE reminders.cancelled_because END,
         enqueued_at = CASE WHEN reminders.state = 'cancelled' OR (reminders.state = 'scheduled' AND reminders.remind_on <> EXCLUDED.remind_on) THEN NULL ELSE reminders.enqueued_at END,
         send_at = CASE WHEN reminders.state = 'cancelled' OR (reminders.state = 'scheduled' AND reminders.remind_on <> EXCLUDED.remind_on) THEN EXCLUDED.send_at ELSE reminders.send_at END,
         remind_on = CASE WHEN reminders.state = 'delivered' THEN reminders.remind_on ELSE EXCLUDED.remind_on END,
         updated_at = now()
       RETURNING id`,
      wanted.flat(),
    );
    return result.length;
  }

  /**
   * The safety net (daily, and when the worker starts): plans every open deadline whose current revision has no
   * reminder rows yet (written before this table existed, imported, or changed outside a command), in pages.
   */
  async reconcile(manager: EntityManager, pageSize = 2000): Promise<number> {
    let planned = 0;
    for (;;) {
      const ids: { id: string }[] = await manager.query(
        `SELECT d.id FROM deadlines d
          WHERE d.state = 'open' AND (d.kind = 'advice' OR d.kind = ANY($1::text[]))
            AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.deadline_id = d.id AND r.deadline_revision = d.revision)
            AND NOT (d.kind = ANY($3::text[]) AND d.due_on < $4)
          LIMIT $2`,
        [LA_REMINDER_KINDS, pageSize, NOT_CHASED_WHEN_OVERDUE, this.clock.today()],
      );
      if (ids.length === 0) break;
      planned += await this.plan(manager, ids.map((r) => r.id));
      if (ids.length < pageSize) break;
    }
    // Past its date a deadline that is never chased as overdue has nothing left to plan (see the NOT above, which
    // keeps this loop from reading the same rows again).
    // Unsent reminders of deadlines that closed or moved without passing through a command.
    await manager.query(
      `UPDATE reminders r SET state = 'cancelled', cancelled_because = 'deadline_changed', updated_at = now()
         FROM deadlines d WHERE d.id = r.deadline_id AND r.state = 'scheduled' AND (d.state <> 'open' OR d.due_on <> r.due_on)`,
    );
    return planned;
  }
}
