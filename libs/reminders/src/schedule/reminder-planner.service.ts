import { TxHost } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Clock, DomainEventMap, OnDomainEvent } from '@app/core';
import { DeadlinesService, DeadlineState } from '@app/deadlines';
import { londonInstant, reminderPlan, REMINDING_KINDS, remindsAtStage } from '@app/statutory-clock';
import { leadDaysFor } from './remindable';

/**
 * Keeps the `reminders` table in step with the deadlines, inside the transaction that changed them: a new or moved
 * deadline gets the reminders it still needs (statutory-clock `reminderPlan`), a met, closed or moved one has its
 * unsent reminders cancelled. The daily reconcile runs the same planning for anything that changed another way.
 */
@Injectable()
export class ReminderPlannerService {
  constructor(
    private readonly txHost: TxHost,
    private readonly deadlines: DeadlinesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @OnDomainEvent('deadlines.changed')
  async onDeadlinesChanged({ deadlineIds }: DomainEventMap['deadlines.changed']): Promise<void> {
    await this.plan(deadlineIds);
  }

  /** Plans the reminders of these deadlines; returns how many reminder rows were created or re-scheduled. */
  async plan(deadlineIds: string[]): Promise<number> {
    const manager = this.txHost.tx;
    if (deadlineIds.length === 0) return 0;
    const today = this.clock.today();
    const now = this.clock.now();
    const wanted: unknown[][] = [];
    const keep: string[] = [];
    for (const d of await this.deadlines.byIds(deadlineIds, today)) {
      if (d.state !== DeadlineState.Open) continue;
      for (const r of reminderPlan(d.dueOn, today, leadDaysFor(d.kind, this.config)).filter((planned) => remindsAtStage(d.kind, planned.stage))) {
        const at = londonInstant(r.remindOn, this.config.reminderSendTime);
        // A reminder whose moment has passed today goes out now, not tomorrow.
        const sendAt = at.getTime() < now.getTime() ? now : at;
        wanted.push([d.localAuthorityId, d.id, r.stage, d.dueOn, r.remindOn, sendAt.toISOString(), d.revision]);
        keep.push(`${d.id}|${r.stage}|${d.dueOn}`);
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
    // only if its day changed (and is then paged in again: its new moment is an LA-second not yet in reminder_buckets,
    // or one whose job has yet to run, or the repair's).
    const result: unknown[] = await manager.query(
      `INSERT INTO reminders (local_authority_id, deadline_id, stage, due_on, remind_on, send_at, deadline_revision, state)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (deadline_id, stage, due_on) DO UPDATE SET
         deadline_revision = EXCLUDED.deadline_revision,
         local_authority_id = EXCLUDED.local_authority_id,
         state = CASE WHEN reminders.state = 'cancelled' THEN 'scheduled' ELSE reminders.state END,
         cancelled_because = CASE WHEN reminders.state = 'cancelled' THEN NULL ELSE reminders.cancelled_because END,
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
  async reconcile(pageSize = 2000): Promise<number> {
    const manager = this.txHost.tx;
    let planned = 0;
    let afterId: string | null = null;
    for (;;) {
      const page = await this.deadlines.openPage(REMINDING_KINDS, afterId, pageSize);
      if (page.length === 0) break;
      afterId = page[page.length - 1].id;
      const revisions = page.map((d) => d.revision);
      const unplanned: { id: string }[] = await manager.query(
        // Cancelled rows do not count as planned: a reminder cancelled by a race heals at the next reconcile.
        `SELECT d.id FROM unnest($1::uuid[], $2::int[]) AS d(id, revision)
          WHERE NOT EXISTS (SELECT 1 FROM reminders r WHERE r.deadline_id = d.id AND r.deadline_revision = d.revision AND r.state <> 'cancelled')`,
        [page.map((d) => d.id), revisions],
      );
      // A deadline whose every reminder lies in the past plans nothing: re-reading it each day costs one lookup.
      if (unplanned.length > 0) planned += await this.plan(unplanned.map((r) => r.id));
      if (page.length < pageSize) break;
    }
    await this.cancelStale(pageSize);
    return planned;
  }

  /** Unsent reminders of deadlines that closed, moved or went away without passing through a command. */
  private async cancelStale(pageSize: number): Promise<void> {
    const manager = this.txHost.tx;
    const today = this.clock.today();
    let afterId: string | null = null;
    for (;;) {
      // Locked while their deadlines are read, so a command re-planning one of them waits for this transaction instead
      // of having its fresh row cancelled on a stale read; rows a delivery holds are left to it.
      const scheduled: { id: string; deadline_id: string; due_on: string }[] = await manager.query(
        `SELECT id, deadline_id, due_on FROM reminders WHERE state = 'scheduled' AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [afterId, pageSize],
      );
      if (scheduled.length === 0) return;
      afterId = scheduled[scheduled.length - 1].id;
      const current = new Map((await this.deadlines.byIds([...new Set(scheduled.map((r) => r.deadline_id))], today)).map((d) => [d.id, d]));
      const stale = scheduled.filter((r) => {
        const d = current.get(r.deadline_id);
        return !d || d.state !== DeadlineState.Open || d.dueOn !== r.due_on;
      });
      if (stale.length > 0) {
        await manager.query(`UPDATE reminders SET state = 'cancelled', cancelled_because = 'deadline_changed', updated_at = now() WHERE id = ANY($1::uuid[]) AND state = 'scheduled'`, [stale.map((r) => r.id)]);
      }
      if (scheduled.length < pageSize) return;
    }
  }
}
