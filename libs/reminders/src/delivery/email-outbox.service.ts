import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { DataSource } from 'typeorm';
import { EMAIL_SENDER, EmailSender, PermanentEmailError } from '../email/email-sender';

/** A claim lasts this long; a worker killed mid-send leaves the row to be checked and retried after it. */
const LEASE_SECONDS = 120;
/** Attempts before an email is marked failed (about a day of backoff). */
export const MAX_EMAIL_ATTEMPTS = 10;

interface Claimed {
  id: string;
  to_address: string;
  subject: string;
  body: string;
  attempts: number;
  was_sending: boolean;
}

export interface DrainResult {
  sent: number;
  failed: number;
  retrying: number;
}

/**
 * Drains the email outbox through the configured transport. Rows are claimed with FOR UPDATE SKIP LOCKED and a
 * lease, so several workers share the work without sending one email twice. A row whose lease ran out (its worker
 * died mid-send) is first checked with the transport (`alreadySent`: Notify by reference, local by its record) and
 * marked sent instead of being sent again; only SMTP, which cannot tell, may repeat an email in that one window.
 */
@Injectable()
export class EmailOutboxService {
  private readonly logger = new Logger(EmailOutboxService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EMAIL_SENDER) private readonly sender: EmailSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Sends what is due, at most EMAIL_MAX_PER_SECOND (the transport's limit: Notify allows 3,000 a minute), for at most
   * `maxSeconds`; the next drain carries on. Pacing also keeps a burst of emails from starving reminder delivery.
   */
  async drain(options: { maxSeconds?: number; parallel?: number } = {}): Promise<DrainResult> {
    const { maxSeconds = 60, parallel = 4 } = options;
    const perSecond = this.config.emailMaxPerSecond;
    const result: DrainResult = { sent: 0, failed: 0, retrying: 0 };
    const stopAt = Date.now() + maxSeconds * 1000;
    while (Date.now() < stopAt) {
      const started = Date.now();
      const claimed = await this.claim(perSecond);
      if (claimed.length === 0) break;
      for (let i = 0; i < claimed.length; i += parallel) {
        const outcomes = await Promise.all(claimed.slice(i, i + parallel).map((row) => this.sendOne(row)));
        for (const outcome of outcomes) result[outcome] += 1;
      }
      if (claimed.length < perSecond) break;
      const rest = 1000 - (Date.now() - started);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    }
    if (result.sent + result.failed + result.retrying > 0) this.logger.log({ transport: this.sender.transport, ...result }, 'email outbox drained');
    return result;
  }

  private async claim(limit: number): Promise<Claimed[]> {
    // A top-level SELECT over the UPDATE's RETURNING: TypeORM answers a bare UPDATE with [rows, count].
    return this.dataSource.query(
      `WITH next AS (
         SELECT id, state = 'sending' AS was_sending FROM email_outbox
          WHERE (state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now())) OR (state = 'sending' AND lease_until < now())
          ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE email_outbox o SET state = 'sending', attempts = o.attempts + 1, lease_until = now() + make_interval(secs => $2), transport = $3
           FROM next WHERE o.id = next.id
         RETURNING o.id, o.to_address, o.subject, o.body, o.attempts, next.was_sending, o.created_at)
       SELECT id, to_address, subject, body, attempts, was_sending FROM claimed ORDER BY created_at, id`,
      [limit, LEASE_SECONDS, this.sender.transport],
    );
  }

  private async sendOne(row: Claimed): Promise<keyof DrainResult> {
    const email = { id: row.id, to: row.to_address, subject: row.subject, body: row.body };
    try {
      if (row.was_sending && (await this.sender.alreadySent(email)) === true) {
        await this.mark(row.id, 'sent', null, null);
        return 'sent';
      }
      const { providerReference } = await this.sender.send(email);
      await this.mark(row.id, 'sent', providerReference, null);
      return 'sent';
    } catch (error) {
      const message = (error as Error).message.slice(0, 500);
      if (error instanceof PermanentEmailError || row.attempts >= MAX_EMAIL_ATTEMPTS) {
        await this.mark(row.id, 'failed', null, message);
        this.logger.warn({ outboxId: row.id, attempts: row.attempts, err: message }, 'email failed for good');
        return 'failed';
      }
      // Exponential backoff: 30 s, 1 min, 2 min ... capped at 4 hours.
      const delaySeconds = Math.min(30 * 2 ** (row.attempts - 1), 4 * 3600);
      await this.dataSource.query(`UPDATE email_outbox SET state = 'pending', lease_until = NULL, next_attempt_at = now() + make_interval(secs => $2), last_error = $3 WHERE id = $1`, [
        row.id,
        delaySeconds,
        message,
      ]);
      return 'retrying';
    }
  }

  private async mark(id: string, state: 'sent' | 'failed', providerReference: string | null, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE email_outbox SET state = $2::varchar, lease_until = NULL, provider_reference = COALESCE($3::varchar, provider_reference), last_error = $4::varchar,
              sent_at = CASE WHEN $2::varchar = 'sent' THEN now() ELSE sent_at END WHERE id = $1`,
      [id, state, providerReference, error],
    );
  }
}
