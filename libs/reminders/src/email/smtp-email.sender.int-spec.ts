import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { SMTPServer } from 'smtp-server';
import { OutboundEmail, PermanentEmailError, RetryableEmailError } from './email-sender';
import { fromDomain, SmtpEmailSender } from './smtp-email.sender';

interface Received {
  user: string | undefined;
  from: string | undefined;
  to: string[];
  raw: string;
}

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

/** A real SMTP server (smtp-server) on 127.0.0.1 with AUTH; some recipients are refused the way relays do. */
async function startSmtpServer(received: Received[]): Promise<{ server: SMTPServer; port: number }> {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'relay-user' && auth.password === 'p@ss word') return callback(null, { user: auth.username });
      callback(new SmtpError('Authentication credentials invalid', 535));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('unknown@')) return callback(new SmtpError(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`, 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        if (session.envelope.rcptTo.some((r) => r.address.startsWith('busy@'))) return callback(new SmtpError('4.3.2 Try again later', 451));
        received.push({
          user: session.user as string | undefined,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port };
}

function header(raw: string, name: string): string | undefined {
  const head = raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1];
}

describe('SmtpEmailSender (integration, local SMTP server)', () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let port: number;
  let sender: SmtpEmailSender;
  const FROM = 'SEN team <sen@council.example.gov.uk>';

  beforeAll(async () => {
    Logger.overrideLogger(false);
    ({ server, port } = await startSmtpServer(received));
    sender = new SmtpEmailSender({ smtpUrl: `smtp://relay-user:${encodeURIComponent('p@ss word')}@127.0.0.1:${port}`, from: FROM, timeoutMs: 2000 });
  });
  afterAll(async () => {
    sender.onModuleDestroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const email = (to = 'caseworker@council.example.gov.uk'): OutboundEmail => ({
    id: randomUUID(),
    to,
    subject: 'Advice overdue for case EHC-1A2B3C4D',
    body: 'Advice for case EHC-1A2B3C4D was due on Tuesday 31 March 2026.\n\nOpen the case: http://localhost:3000/cases/x',
  });
  const failure = async (promise: Promise<unknown>): Promise<Error> => {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a failure');
  };

  it('delivers once, signed in with the URL credentials, with subject, plain body and a Message-ID from the outbox id', async () => {
    const before = received.length;
    const message = email();
    const { providerReference } = await sender.send(message);
    const arrived = received.slice(before);
    expect(arrived).toHaveLength(1);
    const [mail] = arrived;
    expect(mail).toMatchObject({ user: 'relay-user', from: 'sen@council.example.gov.uk', to: [message.to] });
    expect(header(mail.raw, 'Subject')).toBe(message.subject);
    expect(header(mail.raw, 'From')).toBe(FROM);
    expect(header(mail.raw, 'Message-ID')).toBe(`<${message.id}@council.example.gov.uk>`);
    expect(providerReference).toBe(`<${message.id}@council.example.gov.uk>`);
    expect(header(mail.raw, 'Content-Type')).toMatch(/^text\/plain/);
    expect(mail.raw.split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/\r\n/g, '\n').trim()).toBe(message.body);
  });

  it('cannot tell after a crash whether the relay took a message', async () => {
    const message = email();
    await sender.send(message);
    expect(await sender.alreadySent()).toBeNull();
    expect(sender.transport).toBe('smtp');
  });

  it('treats a 5xx rejection as permanent, without the address in the error', async () => {
    const before = received.length;
    const message = email('unknown@council.example.gov.uk');
    const error = await failure(sender.send(message));
    expect(error).toBeInstanceOf(PermanentEmailError);
    expect((error as PermanentEmailError).status).toBe(550);
    expect(error.message).toContain(message.id);
    expect(error.message).toMatch(/SMTP 550/);
    expect(error.message).not.toContain('unknown@council');
    expect(received.length).toBe(before);
  });

  it('treats wrong credentials (535) as permanent', async () => {
    const wrong = new SmtpEmailSender({ smtpUrl: `smtp://relay-user:wrong@127.0.0.1:${port}`, from: FROM });
    const error = await failure(wrong.send(email()));
    expect(error).toBeInstanceOf(PermanentEmailError);
    expect(error.message).toMatch(/SMTP 535/);
  });

  it('treats a 4xx reply as retryable', async () => {
    const error = await failure(sender.send(email('busy@council.example.gov.uk')));
    expect(error).toBeInstanceOf(RetryableEmailError);
    expect((error as RetryableEmailError).status).toBe(451);
  });

  it('treats a refused connection as retryable', async () => {
    const closed = await startSmtpServer([]);
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    const unreachable = new SmtpEmailSender({ smtpUrl: `smtp://127.0.0.1:${closed.port}`, from: FROM });
    const error = await failure(unreachable.send(email()));
    expect(error).toBeInstanceOf(RetryableEmailError);
    expect(error).not.toBeInstanceOf(PermanentEmailError);
    expect(error.message).toMatch(/ECONNECTION|ECONNREFUSED/);
  });
});

describe('fromDomain', () => {
  it.each([
    ['EHCP service <no-reply@localhost>', 'localhost'],
    ['sen@Council.Example.gov.uk', 'council.example.gov.uk'],
    ['nonsense', 'localhost'],
  ])('%s -> %s', (from, domain) => expect(fromDomain(from)).toBe(domain));
});
