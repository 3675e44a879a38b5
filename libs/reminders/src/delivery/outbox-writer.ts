import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { OrganisationsService, UsersService } from '@app/identity';
import { EntityManager } from 'typeorm';
import { caseReference, EmailContent, renderDigestEmail, renderNotificationEmail } from '../email/email-content';
import { NotificationKind } from '../entities/notification.entity';
import { MessageEmail, NewNotification, WriteCounts, writeMessagesWithEmails } from './notification-writer';

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly organisations: OrganisationsService,
  ) {}

  /**
   * Writes messages and, for each one written now, its email, in the caller's transaction and one statement
   * (`messageWrites`). `digestCounts` gives a daily digest's counts (its wording is made from them).
   */
  async writeWithEmails(manager: EntityManager, messages: readonly NewNotification[], digestCounts?: (m: NewNotification) => DigestCounts | null): Promise<WriteCounts> {
    return writeMessagesWithEmails(manager, messages, await this.emailsFor(manager, messages, digestCounts));
  }

  /**
   * Queues one email that is not an inbox message (a family's invitation), in the caller's transaction. `reference` is
   * unique per email (the outbox keeps one email per reference: a replay queues nothing more). Like every email, it
   * carries no child's name or identifier.
   */
  async queueEmail(manager: EntityManager, email: { localAuthorityId: string; reference: string; to: string; subject: string; body: string }): Promise<void> {
    await manager.query(
      `INSERT INTO email_outbox (local_authority_id, notification_id, to_address, subject, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (notification_id) DO NOTHING`,
      [email.localAuthorityId, email.reference, email.to, email.subject, email.body],
    );
  }

  /**
   * The email of each message whose recipient can be emailed, keyed by the message's dedupe key. Addresses come from
   * identity (inside the caller's transaction): active people, and organisations' shared inboxes.
   */
  async emailsFor(manager: EntityManager, messages: readonly NewNotification[], digestCounts?: (m: NewNotification) => DigestCounts | null): Promise<MessageEmail[]> {
    if (messages.length === 0) return [];
    const userIds = [...new Set(messages.map((m) => m.recipientUserId).filter((id): id is string => id !== null))];
    const orgIds = [...new Set(messages.map((m) => m.recipientOrganisationId).filter((id): id is string => id !== null))];
    const addresses = new Map([...(await this.users.activeEmailsOf(userIds, manager)), ...(await this.organisations.sharedInboxesOf(orgIds, manager))]);
    const emails: MessageEmail[] = [];
    for (const m of messages) {
      const to = addresses.get(m.recipientUserId ?? m.recipientOrganisationId ?? '');
      if (!to) continue;
      const content = this.contentFor(m, digestCounts);
      if (!content) continue;
      emails.push({ dedupeKey: m.dedupeKey, to, subject: content.subject, body: content.body });
    }
    return emails;
  }

  private contentFor(m: NewNotification, digestCounts?: (m: NewNotification) => DigestCounts | null): EmailContent | null {
    if (m.kind === NotificationKind.DailyDigest) {
      const counts = digestCounts?.(m);
      return counts ? renderDigestEmail({ ...counts, date: m.dueOn!, link: this.linkFor(m) }) : null;
    }
    return renderNotificationEmail(m.kind, { caseReference: caseReference(m.subjectId), link: this.linkFor(m), deadlineKind: m.deadlineKind, dueOn: m.dueOn, escalated: m.escalated });
  }

  private linkFor(m: NewNotification): string {
    const base = `${this.config.publicBaseUrl.replace(/\/$/, '')}/api/v1`;
    if (m.kind === NotificationKind.DailyDigest) return `${base}/notifications`;
    if (m.subjectType === 'advice_request') return `${base}/advice-requests/${m.subjectId}`;
    // Advice reminders are about the assessment: the adviser and the caseworker each see its requests they may.
    if (ADVICE_KINDS.has(m.kind)) return `${base}/advice-requests?assessmentId=${m.subjectId}`;
    return `${base}/assessments/${m.subjectId}`;
  }
}
