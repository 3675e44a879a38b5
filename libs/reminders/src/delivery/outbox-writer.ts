import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { OrganisationsService, UsersService } from '@app/identity';
import { EntityManager } from 'typeorm';
import { caseReference, EmailContent, renderDigestEmail, renderNotificationEmail } from '../email/email-content';
import { NotificationKind } from '../entities/notification.entity';
import { WrittenNotification } from './notification-writer';

export interface DigestCounts {
  dueThisWeek: number;
  overdue: number;
}

const ADVICE_KINDS = new Set<string>([NotificationKind.AdviceRequested, NotificationKind.AdviceDueSoon, NotificationKind.AdviceOverdue, NotificationKind.AdviceReceived]);

/**
 * Queues an email for each inbox message just written, in the same transaction: to the person's address, or to
 * the organisation's shared inbox. The email carries a case reference and a link, never a name or an identifier;
 * someone without an address (or deactivated) gets the inbox message only.
 */
@Injectable()
export class OutboxWriter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
  ) {}

  /** `digestCounts` gives a daily digest's counts (its wording is made from them). */
  async write(manager: EntityManager, messages: WrittenNotification[], digestCounts?: (m: WrittenNotification) => DigestCounts | null): Promise<number> {
    if (messages.length === 0) return 0;
    const userIds = [...new Set(messages.map((m) => m.recipientUserId).filter((id): id is string => id !== null))];
    const orgIds = [...new Set(messages.map((m) => m.recipientOrganisationId).filter((id): id is string => id !== null))];
    // Addresses come from identity (inside this transaction): active people, and organisations' shared inboxes.
    const addresses = new Map([...(await this.users.activeEmailsOf(userIds, manager)), ...(await this.organisations.sharedInboxesOf(orgIds, manager))]);
    const rows: unknown[][] = [];
    for (const m of messages) {
      const to = addresses.get(m.recipientUserId ?? m.recipientOrganisationId ?? '');
      if (!to) continue;
      const content = this.contentFor(m, digestCounts);
      if (!content) continue;
      rows.push([m.localAuthorityId, m.id, to, content.subject, content.body]);
    }
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000);
      const tuples = chunk.map((_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`);
      await manager.query(
        `INSERT INTO email_outbox (local_authority_id, notification_id, to_address, subject, body) VALUES ${tuples.join(', ')} ON CONFLICT (notification_id) DO NOTHING`,
        chunk.flat(),
      );
    }
    return rows.length;
  }

  private contentFor(m: WrittenNotification, digestCounts?: (m: WrittenNotification) => DigestCounts | null): EmailContent | null {
    if (m.kind === NotificationKind.DailyDigest) {
      const counts = digestCounts?.(m);
      return counts ? renderDigestEmail({ ...counts, date: m.dueOn!, link: this.linkFor(m) }) : null;
    }
    return renderNotificationEmail(m.kind, { caseReference: caseReference(m.subjectId), link: this.linkFor(m), deadlineKind: m.deadlineKind, dueOn: m.dueOn, escalated: m.escalated });
  }

  private linkFor(m: WrittenNotification): string {
    const base = `${this.config.publicBaseUrl.replace(/\/$/, '')}/api/v1`;
    if (m.kind === NotificationKind.DailyDigest) return `${base}/notifications`;
    if (m.subjectType === 'advice_request') return `${base}/advice-requests/${m.subjectId}`;
    // Advice reminders are about the assessment: the adviser and the caseworker each see its requests they may.
    if (ADVICE_KINDS.has(m.kind)) return `${base}/advice-requests?assessmentId=${m.subjectId}`;
    return `${base}/assessments/${m.subjectId}`;
  }
}
