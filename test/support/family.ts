import { DataSource } from 'typeorm';
import TestAgent from 'supertest/lib/agent';
import { waitFor } from './wait';

/** The newest email the local transport recorded for an address (the family's sign-in code arrives there). */
export async function latestMail(dataSource: DataSource, to: string, after = 0): Promise<{ subject: string; body: string }> {
  let found: { subject: string; body: string } | undefined;
  await waitFor(async () => {
    // One statement: the newest email and the count from the same snapshot.
    const rows = await dataSource.query<{ subject: string; body: string; n: number }[]>(
      `SELECT subject, body, count(*) OVER ()::int AS n FROM local_mailbox WHERE to_address = $1 ORDER BY recorded_at DESC, id DESC LIMIT 1`,
      [to],
    );
    if (rows.length === 0 || rows[0].n <= after) return false;
    found = rows[0];
    return true;
  }, `an email to ${to}`, 10_000);
  return found!;
}

export async function mailCount(dataSource: DataSource, to: string): Promise<number> {
  const [{ n }] = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM local_mailbox WHERE to_address = $1`, [to]);
  return n;
}

/** Signs a family member in as they would: ask for a code, read it from the email, send it back. Returns the access token. */
export async function familySignIn(http: TestAgent, dataSource: DataSource, email: string): Promise<string> {
  const before = await mailCount(dataSource, email);
  await http.post('/api/v1/family/sign-in').send({ email }).expect(202);
  const mail = await latestMail(dataSource, email, before);
  const code = /\b(\d{6})\b/.exec(mail.body)![1];
  const response = await http.post('/api/v1/family/sign-in/verify').send({ email, code }).expect(200);
  return response.body.accessToken as string;
}
