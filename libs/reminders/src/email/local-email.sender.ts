import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EmailSender, OutboundEmail } from './email-sender';

/**
 * The default transport: records each email in PostgreSQL (`local_mailbox`) instead of sending it. Exactly once: the
 * outbox id is unique, so a retry or a second worker finds the row already there. Used by the demo and the tests;
 * in production it means nobody receives email (runbook "Email").
 */
@Injectable()
export class LocalEmailSender implements EmailSender {
  readonly transport = 'local' as const;
  private readonly logger = new Logger(LocalEmailSender.name);

  constructor(private readonly dataSource: DataSource) {}

  async send(email: OutboundEmail): Promise<{ providerReference: string | null }> {
    const rows: { id: string; inserted: boolean }[] = await this.dataSource.query(
      `WITH inserted AS (
         INSERT INTO local_mailbox (outbox_id, to_address, subject, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (outbox_id) DO NOTHING
         RETURNING id
       )
       SELECT id, true AS inserted FROM inserted
       UNION ALL
       SELECT id, false AS inserted FROM local_mailbox WHERE outbox_id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [email.id, email.to, email.subject, email.body],
    );
    // A concurrent insert of the same id commits after this statement's snapshot: read it afterwards.
    const row = rows[0] ?? { id: await this.recordedId(email.id), inserted: false };
    // Address and body stay out of the log: the outbox id is enough to find the row.
    this.logger.log(`${row.inserted ? 'Recorded' : 'Already recorded'} email ${email.id} in local_mailbox (EMAIL_TRANSPORT=local: not sent)`);
    return { providerReference: row.id };
  }

  async alreadySent(email: OutboundEmail): Promise<boolean> {
    return (await this.recordedId(email.id)) !== null;
  }

  private async recordedId(outboxId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM local_mailbox WHERE outbox_id = $1', [outboxId]);
    return rows[0]?.id ?? null;
  }
}
