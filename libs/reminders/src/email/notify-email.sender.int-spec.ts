import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { OutboundEmail, PermanentEmailError, RetryableEmailError } from './email-sender';
import { NotifyEmailSender } from './notify-email.sender';

const SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const API_KEY = `ehcp_test-${SERVICE_ID}-${SECRET}`;
const TEMPLATE_ID = 'f33517ff-2a88-4f6e-b855-c550268ce08a';

interface StoredNotification {
  id: string;
  reference: string | null;
  email_address: string;
  template_id: string;
  personalisation: Record<string, string>;
}

/**
 * A small stand-in for the Notify API on 127.0.0.1: it checks the client's JWT the way Notify does (HS256 signed
 * with the key's secret, `iss` = the service id, `iat` within 30 seconds), takes POST /v2/notifications/email and
 * answers GET /v2/notifications filtered by reference. Some addresses make it fail the way Notify can.
 */
class FakeNotify {
  readonly notifications: StoredNotification[] = [];
  readonly requests: { method: string; path: string }[] = [];
  private server!: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push({ method: req.method ?? '', path: url.pathname });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const authError = this.authError(req.headers.authorization);
    if (authError) return reply(403, { status_code: 403, errors: [{ error: 'AuthError', message: authError }] });

    if (req.method === 'POST' && url.pathname === '/v2/notifications/email') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<StoredNotification, 'id'>;
      if (body.template_id !== TEMPLATE_ID) return reply(400, { status_code: 400, errors: [{ error: 'BadRequestError', message: 'Template not found' }] });
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email_address)) {
        return reply(400, { status_code: 400, errors: [{ error: 'ValidationError', message: `email_address ${body.email_address} Not a valid email address` }] });
      }
      if (body.email_address.startsWith('server-error@')) return reply(500, { status_code: 500, errors: [{ error: 'Exception', message: 'Internal server error' }] });
      if (body.email_address.startsWith('rate-limited@')) {
        return reply(429, { status_code: 429, errors: [{ error: 'RateLimitError', message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds' }] });
      }
      if (body.email_address.startsWith('silent@')) return; // never answers: the client's timeout must end it
      const stored: StoredNotification = { id: randomUUID(), reference: body.reference ?? null, email_address: body.email_address, template_id: body.template_id, personalisation: body.personalisation };
      this.notifications.push(stored);
      return reply(201, {
        id: stored.id,
        reference: stored.reference,
        content: { subject: stored.personalisation.subject, body: stored.personalisation.body, from_email: 'ehcp@notifications.service.gov.uk' },
        uri: `/v2/notifications/${stored.id}`,
        template: { id: TEMPLATE_ID, version: 1, uri: `/v2/template/${TEMPLATE_ID}` },
      });
    }
    if (req.method === 'GET' && url.pathname === '/v2/notifications') {
      const reference = url.searchParams.get('reference');
      const type = url.searchParams.get('template_type');
      const matching = this.notifications.filter((n) => (reference === null || n.reference === reference) && (type === null || type === 'email'));
      return reply(200, {
        notifications: matching.map((n) => ({ id: n.id, reference: n.reference, email_address: n.email_address, type: 'email', status: 'delivered', template: { id: n.template_id, version: 1 } })),
        links: { current: `/v2/notifications${url.search}` },
      });
    }
    reply(404, { status_code: 404, errors: [{ error: 'NotFound', message: 'Not Found' }] });
  }

  /** Notify's check: a Bearer JWT, HS256 with the key's secret, issued by the service, less than 30 s old. */
  private authError(header: string | undefined): string | null {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    if (!token) return 'Unauthorized: authentication token must be provided';
    const [head, payload, signature] = token.split('.');
    if (!head || !payload || !signature) return 'Invalid token: signature, api token not found';
    const expected = createHmac('sha256', SECRET).update(`${head}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'Invalid token: API key not found';
    const header_ = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: string; iat?: number };
    if (header_.alg !== 'HS256') return 'Invalid token: algorithm used is not HS256';
    if (claims.iss !== SERVICE_ID) return 'Invalid token: service not found';
    if (typeof claims.iat !== 'number' || Math.abs(Date.now() / 1000 - claims.iat) > 30) return 'Error: Your system clock must be accurate to within 30 seconds';
    return null;
  }
}

/** The real notifications-node-client, pointed at a fake Notify on 127.0.0.1. */
describe('NotifyEmailSender (integration, fake Notify over HTTP)', () => {
  const notify = new FakeNotify();
  let baseUrl: string;
  let sender: NotifyEmailSender;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    baseUrl = await notify.start();
    sender = new NotifyEmailSender({ apiKey: API_KEY, templateId: TEMPLATE_ID, baseUrl, timeoutMs: 500 });
  });
  afterAll(() => notify.stop());

  const email = (to = 'caseworker@council.example.gov.uk'): OutboundEmail => ({
    id: randomUUID(),
    to,
    subject: 'Advice overdue for case EHC-1A2B3C4D',
    body: 'Advice for case EHC-1A2B3C4D was due on Tuesday 31 March 2026.',
  });
  const failure = async (promise: Promise<unknown>): Promise<Error> => {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a failure');
  };

  it('sends through the generic template with subject and body as personalisation and the outbox id as reference', async () => {
    const message = email();
    const { providerReference } = await sender.send(message);
    const stored = notify.notifications.find((n) => n.reference === message.id);
    expect(stored).toEqual({ id: providerReference, reference: message.id, email_address: message.to, template_id: TEMPLATE_ID, personalisation: { subject: message.subject, body: message.body } });
    expect(sender.transport).toBe('notify');
  });

  it('knows by reference whether Notify already accepted an email', async () => {
    const message = email();
    expect(await sender.alreadySent(message)).toBe(false);
    await sender.send(message);
    expect(await sender.alreadySent(message)).toBe(true);
    expect(await sender.alreadySent(email())).toBe(false);
    expect(notify.requests.filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(3);
  });

  it('treats a 400 as permanent, without the address in the error', async () => {
    const message = email('not-an-address');
    const error = await failure(sender.send(message));
    expect(error).toBeInstanceOf(PermanentEmailError);
    expect(error.message).toMatch(/HTTP 400.*ValidationError: email_address <recipient> Not a valid email address/);
    expect(error.message).toContain(message.id);
    expect(error.message).not.toContain('not-an-address');
    expect((error as PermanentEmailError).status).toBe(400);
  });

  it('treats a 403 (wrong API key) as permanent: the fake really checks the signed token', async () => {
    const wrongSecret = new NotifyEmailSender({ apiKey: `ehcp_test-${SERVICE_ID}-${randomUUID()}`, templateId: TEMPLATE_ID, baseUrl });
    const error = await failure(wrongSecret.send(email()));
    expect(error).toBeInstanceOf(PermanentEmailError);
    expect(error.message).toMatch(/HTTP 403.*AuthError: Invalid token: API key not found/);
  });

  it.each([
    ['a 500', 'server-error@example.org', /HTTP 500/],
    ['a 429', 'rate-limited@example.org', /HTTP 429.*RateLimitError/],
  ])('treats %s as retryable', async (_what, to, message) => {
    const before = notify.notifications.length;
    const error = await failure(sender.send(email(to)));
    expect(error).toBeInstanceOf(RetryableEmailError);
    expect(error).not.toBeInstanceOf(PermanentEmailError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(to);
    expect(notify.notifications.length).toBe(before);
  });

  it('treats a Notify that does not answer in time as retryable', async () => {
    const started = Date.now();
    const error = await failure(sender.send(email('silent@example.org')));
    expect(error).toBeInstanceOf(RetryableEmailError);
    expect(error.message).toMatch(/Could not reach Notify to send email .*ECONNABORTED/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('treats a Notify that cannot be reached as retryable, for send and for alreadySent', async () => {
    const closed = new FakeNotify();
    const closedUrl = await closed.start();
    await closed.stop();
    const unreachable = new NotifyEmailSender({ apiKey: API_KEY, templateId: TEMPLATE_ID, baseUrl: closedUrl });
    const sendError = await failure(unreachable.send(email()));
    expect(sendError).toBeInstanceOf(RetryableEmailError);
    expect(sendError.message).toMatch(/Could not reach Notify to send email .*ECONNREFUSED/);
    await expect(unreachable.alreadySent(email())).rejects.toBeInstanceOf(RetryableEmailError);
  });
});
