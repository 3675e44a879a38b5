import { TxHost } from '@app/database';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { OrganisationsService, UsersService } from '@app/identity';
import { EmailContent, renderDigestEmail, renderNotificationEmail } from '../email/email-content';
import { CaseReferences } from './case-references';
import { NotificationKind } from '../entities/notification.entity';
import { messageWrites, MessageEmail, NewNotification, WriteCounts } from './notification-writer';

export interface DigestCounts {
  dueThisWeek: number;
  overdue: number;
}

const ADVICE_KINDS = new Set<string>([NotificationKind.AdviceRequested, NotificationKind.AdviceDueSoon, NotificationKind.AdviceOverdue, NotificationKind.AdviceReceived]);

/**
 * Writes inbox messages and queues an email for each one written, in the same transaction and statement: to the person's address, or to
 * the organisation's shared inbox. The email carries a case reference and a link, never a name or an identifier;
 * someone without an address (or deactivated) gets the inbox message only.
 */
@Injectable()
export class OutboxWriter {
  constructor(
    private readonly txHost: TxHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
    private readonly references: CaseReferences,
  ) {}

  /**
   * Writes messages and, for each one written now, its email, in the caller's transaction and one statement
   * (`messageWrites`). `digestCounts` gives a daily digest's counts (its wording is made from them).
   */
  async writeWithEmails(messages: readonly NewNotification[], digestCounts?: (m: NewNotification) => DigestCounts | null): Promise<WriteCounts> {
    const manager = this.txHost.tx;
    if (messages.length === 0) return { messages: 0, emails: 0 };
    // Messages and their emails in one statement (see `messageWrites`).
    const writes = messageWrites(messages, await this.emailsFor(messages, digestCounts));
    const [row] = await manager.query(`WITH ${writes.sql} SELECT (SELECT count(*) FROM messages)::int AS messages, (SELECT count(*) FROM emails)::int AS emails`, writes.params);
    return { messages: row.messages, emails: row.emails };
  }

  /**
   * Queues one email that is not an inbox message (a family's invitation), in the caller's transaction. `reference` is
   * unique per email (the outbox keeps one email per reference: a replay queues nothing more). Like every email, it
   * carries no child's name or identifier.
   */
  async queueEmail(email: { localAuthorityId: string; reference: string; to: string; subject: string; body: string }): Promise<void> {
    const manager = this.txHost.tx;
    await manager.query(
      `INSERT INTO email_outbox (local_authority_id, notification_id, to_address, subject, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (notification_id) DO NOTHING`,
      [email.localAuthorityId, email.reference, email.to, email.subject, email.body],
    );
  }

  /**
   * The email of each message whose recipient can be emailed, keyed by the message's dedupe key. Addresses come from
   * identity (inside the caller's transaction): active people, and organisations' shared inboxes.
   */
  async emailsFor(messages: readonly NewNotification[], digestCounts?: (m: NewNotification) => DigestCounts | null): Promise<MessageEmail[]> {
    if (messages.length === 0) return [];
    const userIds = [...new Set(messages.map((m) => m.recipientUserId).filter((id): id is string => id !== null))];
    const orgIds = [...new Set(messages.map((m) => m.recipientOrganisationId).filter((id): id is string => id !== null))];
    const addresses = new Map([...(await this.users.activeEmailsOf(userIds)), ...(await this.organisations.sharedInboxesOf(orgIds))]);
    const emailed = messages.filter((m) => addresses.has(m.recipientUserId ?? m.recipientOrganisationId ?? ''));
    const references = await this.references.of(emailed.filter((m) => m.kind !== NotificationKind.DailyDigest));
    const emails: MessageEmail[] = [];
    for (const m of emailed) {
      const to = addresses.get(m.recipientUserId ?? m.recipientOrganisationId ?? '')!;
      const content = this.contentFor(m, references.get(`${m.subjectType}:${m.subjectId}`) ?? null, digestCounts);
      if (!content) continue;
      emails.push({ dedupeKey: m.dedupeKey, to, subject: content.subject, body: content.body });
    }
    return emails;
  }

  private contentFor(m: NewNotification, caseReference: string | null, digestCounts?: (m: NewNotification) => DigestCounts | null): EmailContent | null {
    if (m.kind === NotificationKind.DailyDigest) {
      const counts = digestCounts?.(m);
      return counts ? renderDigestEmail({ ...counts, date: m.dueOn!, link: this.linkFor(m) }) : null;
    }
    return renderNotificationEmail(m.kind, { caseReference, link: this.linkFor(m), deadlineKind: m.deadlineKind, dueOn: m.dueOn, escalated: m.escalated });
  }

  /**
   * The web page the message is about (WEB_PUBLIC_URL, never the JSON API): the person signs in there and lands on it.
   * Routes of docs/web.md: /advice/{id} for an adviser's request, /cases/{id} for a case, /plans/{id} for a plan; the
   * person's notifications (each linking to the page it is about) where the page depends on who reads it.
   */
  linkFor(m: Pick<NewNotification, 'kind' | 'subjectType' | 'subjectId'>): string {
    const base = this.config.webPublicUrl.replace(/\/$/, '');
    const notifications = `${base}/notifications`;
    if (m.kind === NotificationKind.DailyDigest) return notifications;
    // To the adviser: their request, or their list of requests.
    if (m.kind === NotificationKind.AdviceRequested && m.subjectType === 'advice_request') return `${base}/advice/${m.subjectId}`;
    if (m.kind === NotificationKind.AdviceDueSoon) return `${base}/advice`;
    // Overdue advice goes to the adviser and the caseworker; a received or unassigned request to the caseworker.
    if (ADVICE_KINDS.has(m.kind) || m.subjectType === 'advice_request') return notifications;
    if (m.subjectType === 'assessment') return `${base}/cases/${m.subjectId}`;
    if (m.subjectType === 'plan') return `${base}/plans/${m.subjectId}`;
    return notifications;
  }

}
