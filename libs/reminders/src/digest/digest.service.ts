import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@app/core';
import { addDays } from '@app/statutory-clock';
import { DataSource } from 'typeorm';
import { NotificationKind } from '../entities/notification.entity';
import { insertNotifications, NewNotification } from '../delivery/notification-writer';
import { OutboxWriter } from '../delivery/outbox-writer';
import { LA_REMINDER_KINDS, NOT_CHASED_WHEN_OVERDUE } from '../schedule/remindable';

interface DigestRow {
  user_id: string;
  due_this_week: string;
  overdue: string;
}

export interface DigestResult {
  recipients: number;
  written: number;
}

/**
 * The morning digest of one LA: to each active caseworker, the open deadlines of their own cases due in the next
 * seven days and those overdue; to each manager, the same across the LA. Nobody with nothing to do is written to.
 * One per person per day (the dedupe key holds the date), however often the job runs.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
  ) {}

  async send(localAuthorityId: string): Promise<DigestResult> {
    const today = this.clock.today();
    const weekEnd = addDays(today, 6);
    return this.dataSource.transaction(async (manager) => {
      // A caseworker's own cases (their LA steps and the advice on them); a manager's whole LA.
      const rows: DigestRow[] = await manager.query(
        `WITH open AS (
           SELECT d.due_on, a.caseworker_id
             FROM deadlines d JOIN assessments a ON a.id = d.assessment_id
            WHERE d.local_authority_id = $1 AND d.state = 'open' AND d.due_on <= $3 AND (d.kind = 'advice' OR d.kind = ANY($4::text[]))
              -- the no-plan notice past its date is a warning, not an overdue duty (Regs 10(1))
              AND NOT (d.kind = ANY($5::text[]) AND d.due_on < $2))
         SELECT u.id AS user_id,
                count(o.due_on) FILTER (WHERE o.due_on >= $2) AS due_this_week,
                count(o.due_on) FILTER (WHERE o.due_on < $2) AS overdue
           FROM users u
           LEFT JOIN open o ON u.role = 'manager' OR o.caseworker_id = u.id
          WHERE u.local_authority_id = $1 AND u.active AND u.role IN ('caseworker', 'manager')
          GROUP BY u.id
         HAVING count(o.due_on) > 0`,
        [localAuthorityId, today, weekEnd, LA_REMINDER_KINDS, NOT_CHASED_WHEN_OVERDUE],
      );
      const messages: NewNotification[] = rows.map((row) => ({
        localAuthorityId,
        recipientUserId: row.user_id,
        recipientOrganisationId: null,
        kind: NotificationKind.DailyDigest,
        subjectType: 'user',
        subjectId: row.user_id,
        deadlineId: null,
        deadlineKind: null,
        dueOn: today,
        escalated: false,
        dedupeKey: `digest:${row.user_id}:${today}`,
      }));
      const written = await insertNotifications(manager, messages);
      const counts = new Map(rows.map((row) => [row.user_id, { dueThisWeek: Number(row.due_this_week), overdue: Number(row.overdue) }]));
      await this.outbox.write(manager, written, (m) => counts.get(m.recipientUserId!) ?? null);
      if (written.length > 0) this.logger.log({ localAuthorityId, recipients: rows.length, written: written.length }, 'daily digest written');
      return { recipients: rows.length, written: written.length };
    });
  }
}
