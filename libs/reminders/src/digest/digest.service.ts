import { Injectable, Logger } from '@nestjs/common';
import { Clock, Role } from '@app/core';
import { DeadlinesService } from '@app/deadlines';
import { UsersService } from '@app/identity';
import { addDays, REMINDING_KINDS } from '@app/statutory-clock';
import { NotificationKind } from '../entities/notification.entity';
import { NewNotification } from '../delivery/notification-writer';
import { OutboxWriter } from '../delivery/outbox-writer';
import { TxHost } from '@app/database';

interface DigestRow {
  userId: string;
  dueThisWeek: number;
  overdue: number;
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
    private readonly txHost: TxHost,
    private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly deadlines: DeadlinesService,
    private readonly users: UsersService,
  ) {}

  async send(localAuthorityId: string): Promise<DigestResult> {
    const today = this.clock.today();
    const weekEnd = addDays(today, 6);
    return this.txHost.withTransaction(async () => {
      // A caseworker's own cases (their LA steps and the advice on them); a manager's whole LA. A warning date past its
      // day (the no-plan notice, Regs 10(1)) is neither due nor overdue.
      const counts = await this.deadlines.openCountsByCaseOwner(localAuthorityId, REMINDING_KINDS, today, weekEnd);
      const total = counts.reduce((sum, c) => ({ dueThisWeek: sum.dueThisWeek + c.dueFromToday, overdue: sum.overdue + c.overdue }), { dueThisWeek: 0, overdue: 0 });
      const byOwner = new Map(counts.map((c) => [c.caseOwnerUserId, { dueThisWeek: c.dueFromToday, overdue: c.overdue }]));
      const [caseworkers, managers] = await Promise.all([this.users.findActiveByRole(localAuthorityId, Role.Caseworker), this.users.findActiveByRole(localAuthorityId, Role.Manager)]);
      const rows: DigestRow[] = [
        ...caseworkers.map((u) => ({ userId: u.id, ...(byOwner.get(u.id) ?? { dueThisWeek: 0, overdue: 0 }) })),
        ...managers.map((u) => ({ userId: u.id, ...total })),
      ].filter((row) => row.dueThisWeek + row.overdue > 0);
      const messages: NewNotification[] = rows.map((row) => ({
        localAuthorityId,
        recipientUserId: row.userId,
        recipientOrganisationId: null,
        kind: NotificationKind.DailyDigest,
        subjectType: 'user',
        subjectId: row.userId,
        deadlineId: null,
        deadlineKind: null,
        dueOn: today,
        escalated: false,
        dedupeKey: `digest:${row.userId}:${today}`,
      }));
      const digests = new Map(rows.map((row) => [row.userId, { dueThisWeek: row.dueThisWeek, overdue: row.overdue }]));
      const written = await this.outbox.writeWithEmails(messages, (m) => digests.get(m.recipientUserId!) ?? null);
      if (written.messages > 0) this.logger.log({ localAuthorityId, recipients: rows.length, written: written.messages }, 'daily digest written');
      return { recipients: rows.length, written: written.messages };
    });
  }
}
