import { parseArgs } from 'node:util';
import { loadConfig } from '@app/core';
import { Client } from 'pg';

/**
 * `npm run mailbox -- --to parent@demo.test`: the emails the service would have sent, newest first, as the local
 * transport (EMAIL_TRANSPORT=local, the default) recorded them in `local_mailbox`, and any still waiting in the outbox
 * for the worker. For developers and the demo (a family member's sign-in code is here); refused in production.
 */
export async function mailboxCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { to: { type: 'string' }, limit: { type: 'string', default: '5' } } });
  const config = loadConfig();
  if (config.nodeEnv === 'production') {
    console.error('mailbox refuses to run when NODE_ENV=production: it prints email bodies.');
    return 1;
  }
  const limit = Math.min(Math.max(Number(values.limit) || 5, 1), 100);
  const to = values.to?.trim().toLowerCase() ?? null;
  const client = new Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const sent = await client.query<{ to_address: string; subject: string; body: string; recorded_at: Date }>(
      `SELECT to_address, subject, body, recorded_at FROM local_mailbox WHERE $1::text IS NULL OR to_address = $1 ORDER BY recorded_at DESC LIMIT $2`,
      [to, limit],
    );
    const waiting = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM email_outbox WHERE state IN ('pending', 'sending') AND ($1::text IS NULL OR to_address = $1)`, [to]);
    if (sent.rows.length === 0) console.log(`No email recorded${to ? ` for ${to}` : ''} yet.`);
    for (const mail of sent.rows) {
      console.log(`──── ${mail.recorded_at.toISOString()}  To: ${mail.to_address}\nSubject: ${mail.subject}\n\n${mail.body}\n`);
    }
    if (waiting.rows[0].n > 0) console.log(`${waiting.rows[0].n} more email(s) wait in the outbox for the worker (npm start runs it; it sends within a minute).`);
    return 0;
  } finally {
    await client.end();
  }
}
