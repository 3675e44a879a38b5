import { Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, NodemailerError, Transporter } from 'nodemailer';
import { EmailSender, OutboundEmail, PermanentEmailError, redactAddress, RetryableEmailError } from './email-sender';

export interface SmtpEmailOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465 (TLS from the start). */
  smtpUrl: string;
  /** The From header, e.g. `EHCP service <no-reply@council.gov.uk>`; its domain also names the Message-ID. */
  from: string;
  /** Connecting, greeting and idle socket limits, so a silent server cannot hold the job. */
  timeoutMs?: number;
}

/** The domain of an address like `Name <user@domain>` or `user@domain`, for Message-IDs. */
export function fromDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match ? match[1].toLowerCase() : 'localhost';
}

/**
 * Any SMTP relay, through nodemailer. The Message-ID is derived from the outbox id, so a mail system that
 * de-duplicates on Message-ID drops a repeat; but SMTP gives no way to ask whether a message was accepted, so
 * alreadySent cannot tell (null): the runbook names the crash window in which one email may go out twice.
 */
export class SmtpEmailSender implements EmailSender, OnModuleDestroy {
  readonly transport = 'smtp' as const;
  private readonly logger = new Logger(SmtpEmailSender.name);
  private readonly transporter: Transporter;
  private readonly domain: string;

  constructor(private readonly options: SmtpEmailOptions) {
    const timeout = options.timeoutMs ?? 15_000;
    this.transporter = createTransport({
      url: options.smtpUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    this.domain = fromDomain(options.from);
  }

  messageIdFor(email: OutboundEmail): string {
    return `<${email.id}@${this.domain}>`;
  }

  async send(email: OutboundEmail): Promise<{ providerReference: string | null }> {
    const messageId = this.messageIdFor(email);
    try {
      await this.transporter.sendMail({ from: this.options.from, to: email.to, subject: email.subject, text: email.body, messageId });
    } catch (error) {
      throw this.explain(error as NodemailerError, email);
    }
    this.logger.log(`SMTP server accepted email ${email.id}`);
    return { providerReference: messageId };
  }

  /** SMTP cannot be asked whether it already accepted a message. */
  alreadySent(): Promise<null> {
    return Promise.resolve(null);
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }

  /** A 5xx reply (except 503, a session-state error) is permanent; 4xx, timeouts and connection errors are not. */
  private explain(error: NodemailerError, email: OutboundEmail): Error {
    const code = typeof error.responseCode === 'number' ? error.responseCode : null;
    const permanent = error.permanent ?? (code !== null && code >= 500 && code !== 503);
    const what = code !== null ? `SMTP ${code}` : (error.code ?? 'error');
    const message = `SMTP ${permanent ? 'rejected' : 'could not take'} email ${email.id} (${what}): ${redactAddress(error.response ?? error.message ?? '', email.to)}`;
    return permanent ? new PermanentEmailError(message, this.transport, code) : new RetryableEmailError(message, this.transport, code);
  }
}
