import { Logger } from '@nestjs/common';
import axios, { isAxiosError } from 'axios';
import { NotifyClient } from 'notifications-node-client';
import { EmailSender, OutboundEmail, PermanentEmailError, redactAddress, RetryableEmailError } from './email-sender';

export const NOTIFY_PRODUCTION_URL = 'https://api.notifications.service.gov.uk';

export interface NotifyEmailOptions {
  /** `name-<service uuid>-<secret uuid>`, from Notify's API integration page. */
  apiKey: string;
  /** The council's generic email template: subject `((subject))`, message `((body))`. */
  templateId: string;
  baseUrl?: string;
  /** Per request; the client has none by default, so a hung connection would hold the job until its lock ran out. */
  timeoutMs?: number;
}

interface NotifyErrorBody {
  status_code?: number;
  errors?: { error?: string; message?: string }[];
}

/**
 * GOV.UK Notify. Every email goes through one template whose subject is `((subject))` and whose message is
 * `((body))` (councils create it in Notify and set NOTIFY_TEMPLATE_ID); the outbox id is the notification's
 * `reference`, which is how alreadySent finds an email Notify accepted before a crash.
 */
export class NotifyEmailSender implements EmailSender {
  readonly transport = 'notify' as const;
  private readonly logger = new Logger(NotifyEmailSender.name);
  private readonly client: NotifyClient;

  constructor(private readonly options: NotifyEmailOptions) {
    this.client = new NotifyClient(options.baseUrl ?? NOTIFY_PRODUCTION_URL, options.apiKey);
    this.client.setClient(axios.create({ timeout: options.timeoutMs ?? 10_000 }));
  }

  async send(email: OutboundEmail): Promise<{ providerReference: string | null }> {
    try {
      const response = await this.client.sendEmail(this.options.templateId, email.to, {
        personalisation: { subject: email.subject, body: email.body },
        reference: email.id,
      });
      this.logger.log(`Notify accepted email ${email.id} as notification ${response.data.id}`);
      return { providerReference: response.data.id };
    } catch (error) {
      throw this.explain(error, email, 'send');
    }
  }

  async alreadySent(email: OutboundEmail): Promise<boolean> {
    try {
      const response = await this.client.getNotifications('email', undefined, email.id);
      // Any notification with this reference means Notify took the email, whatever its delivery status since.
      return response.data.notifications.some((notification) => notification.reference === email.id);
    } catch (error) {
      throw this.explain(error, email, 'look up');
    }
  }

  /** 4xx other than 429 is permanent; 429, 5xx, timeouts and network errors are worth retrying. */
  private explain(error: unknown, email: OutboundEmail, action: string): Error {
    if (isAxiosError(error) && error.response) {
      const status = error.response.status;
      const body = error.response.data as NotifyErrorBody | undefined;
      const detail = (body?.errors ?? []).map((e) => `${e.error ?? 'Error'}: ${e.message ?? ''}`).join('; ') || error.message;
      const message = `Notify refused to ${action} email ${email.id} (HTTP ${status}): ${redactAddress(detail, email.to)}`;
      if (status === 429 || status >= 500) return new RetryableEmailError(message, this.transport, status);
      if (status >= 400) return new PermanentEmailError(message, this.transport, status);
      return new RetryableEmailError(message, this.transport, status);
    }
    const reason = isAxiosError(error) ? (error.code ?? error.message) : error instanceof Error ? error.message : String(error);
    return new RetryableEmailError(`Could not reach Notify to ${action} email ${email.id}: ${redactAddress(reason, email.to)}`, this.transport);
  }
}
