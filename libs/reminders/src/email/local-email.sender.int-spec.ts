import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { createTestDatabase, dropTestDatabase, openDataSource } from '@app/testing';
import { DataSource } from 'typeorm';
import { OutboundEmail } from './email-sender';
import { LocalEmailSender } from './local-email.sender';

/** The local transport against a real PostgreSQL: each outbox id is recorded once, whatever retries or races. */
describe('LocalEmailSender (integration)', () => {
  let url: string;
  let dataSource: DataSource;
  let sender: LocalEmailSender;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    url = await createTestDatabase();
    dataSource = await openDataSource(url);
    sender = new LocalEmailSender(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropTestDatabase(url);
  });
  afterEach(() => jest.restoreAllMocks());

  const email = (overrides: Partial<OutboundEmail> = {}): OutboundEmail => ({
    id: randomUUID(),
    to: 'caseworker@council.example.gov.uk',
    subject: 'Advice overdue for case EHC-1A2B3C4D',
    body: 'Advice for case EHC-1A2B3C4D was due on Tuesday 31 March 2026.',
    ...overrides,
  });
  const rowsFor = (id: string) =>
    dataSource.query(`SELECT id, to_address, subject, body, recorded_at FROM local_mailbox WHERE outbox_id = $1`, [id]) as Promise<
      { id: string; to_address: string; subject: string; body: string; recorded_at: Date }[]
    >;

  it('records the email with its address, subject and body, and then knows it was sent', async () => {
    const message = email();
    expect(await sender.alreadySent(message)).toBe(false);
    const { providerReference } = await sender.send(message);
    const rows = await rowsFor(message.id);
    expect(rows).toEqual([expect.objectContaining({ id: providerReference, to_address: message.to, subject: message.subject, body: message.body })]);
    expect(rows[0].recorded_at).toBeInstanceOf(Date);
    expect(await sender.alreadySent(message)).toBe(true);
    expect(await sender.alreadySent(email())).toBe(false);
    expect(sender.transport).toBe('local');
  });

  it('keeps one row when the same email is recorded again, in sequence or at once, and answers the same reference', async () => {
    const message = email();
    const first = await sender.send(message);
    const again = await sender.send({ ...message, subject: 'changed on retry' });
    const racing = await Promise.all(Array.from({ length: 5 }, () => sender.send(message)));
    expect(again.providerReference).toBe(first.providerReference);
    expect(racing.map((r) => r.providerReference)).toEqual(Array(5).fill(first.providerReference));
    const rows = await rowsFor(message.id);
    expect(rows).toHaveLength(1);
    expect(rows[0].subject).toBe(message.subject);
  });

  it('records emails raced for the first time exactly once', async () => {
    const message = email();
    const results = await Promise.all(Array.from({ length: 6 }, () => sender.send(message)));
    const rows = await rowsFor(message.id);
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => r.providerReference))).toEqual(new Set([rows[0].id]));
  });

  it('has the outbox id unique in the table itself', async () => {
    const id = randomUUID();
    await dataSource.query(`INSERT INTO local_mailbox (outbox_id, to_address, subject, body) VALUES ($1, 'a@b.org', 's', 'b')`, [id]);
    await expect(dataSource.query(`INSERT INTO local_mailbox (outbox_id, to_address, subject, body) VALUES ($1, 'a@b.org', 's', 'b')`, [id])).rejects.toThrow(
      /ux_local_mailbox_outbox_id/,
    );
  });

  it('logs one line naming the outbox id, without the address or the body', async () => {
    const lines: string[] = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void lines.push(String(message)));
    const message = email({ to: 'someone.private@example.org', body: 'Body text that must stay out of logs' });
    await sender.send(message);
    await sender.send(message);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toContain(message.id);
      expect(line).not.toContain(message.to);
      expect(line).not.toContain(message.body);
      expect(line).not.toContain('\n');
    }
    expect(lines[0]).toMatch(/^Recorded email/);
    expect(lines[1]).toMatch(/^Already recorded email/);
  });
});
