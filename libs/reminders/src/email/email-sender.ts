/** One email to deliver, as the outbox holds it. */
export interface OutboundEmail {
  /** The outbox row id: also the idempotency reference (Notify `reference`, SMTP Message-ID, local_mailbox key). */
  id: string;
  to: string;
  subject: string;
  /** Plain text. */
  body: string;
}

export type EmailTransport = 'local' | 'notify' | 'smtp';

/**
 * The port the outbox job delivers through. Exactly one implementation is bound to EMAIL_SENDER, chosen by
 * EMAIL_TRANSPORT (EmailModule).
 */
export interface EmailSender {
  readonly transport: EmailTransport;
  /**
   * Hands the email to the transport. Throws on failure: a PermanentEmailError when trying again cannot help (bad
   * address, rejected by the provider), any other error when it may (network, timeout, 5xx, 429), so the caller's
   * BullMQ job retries with backoff.
   */
  send(email: OutboundEmail): Promise<{ providerReference: string | null }>;
  /**
   * After a crash between sending and recording it: did the transport already accept this email (by its id)? null
   * when it cannot tell (SMTP).
   */
  alreadySent(email: OutboundEmail): Promise<boolean | null>;
}

export const EMAIL_SENDER = Symbol('EMAIL_SENDER');

/**
 * A delivery failure. The message never contains the recipient's address or the body (it ends up in logs and in
 * BullMQ's failedReason); `status` is the provider's HTTP status or SMTP reply code when there was one.
 */
export class EmailSendError extends Error {
  constructor(
    message: string,
    readonly transport: EmailTransport,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'EmailSendError';
  }
}

/** Retrying cannot help (bad address, 4xx from Notify other than 429, 5xx SMTP reply): stop and mark the row failed. */
export class PermanentEmailError extends EmailSendError {
  readonly permanent = true;
  constructor(message: string, transport: EmailTransport, status: number | null = null) {
    super(message, transport, status);
    this.name = 'PermanentEmailError';
  }
}

/** Worth another attempt later (network, timeout, provider 5xx, rate limited). */
export class RetryableEmailError extends EmailSendError {
  readonly permanent = false;
  constructor(message: string, transport: EmailTransport, status: number | null = null) {
    super(message, transport, status);
    this.name = 'RetryableEmailError';
  }
}

/** Takes the recipient's address out of a provider's text before it goes into an error message. */
export function redactAddress(text: string, address: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim().slice(0, 300);
  if (address === '') return oneLine;
  return oneLine.split(address).join('<recipient>').replace(/[^\s<>"']+@[^\s<>"']+/g, '<address>');
}
