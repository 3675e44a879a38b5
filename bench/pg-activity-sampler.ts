import { Client } from 'pg';

/**
 * A sampling profile of PostgreSQL's side, for machines whose server has no pg_stat_statements (it needs a restart
 * with shared_preload_libraries): every `everyMs` it reads pg_stat_activity for one database and counts what each
 * non-idle backend was doing: on CPU (no wait event), waiting on a lock, on I/O or the WAL, or "idle in transaction"
 * waiting for the client (a round trip back to the worker inside a transaction). The shares of the samples say where
 * the database's time went; the statements most often seen active say which statements took it.
 */
export class PgActivitySampler {
  private readonly waits = new Map<string, number>();
  private readonly statements = new Map<string, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly client: Client,
    private readonly database: string,
    private readonly everyMs = 20,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private async sample(): Promise<void> {
    if (this.busy) return; // a slow read skips a tick rather than piling up
    this.busy = true;
    try {
      const { rows } = await this.client.query<{ state: string; wait: string; statement: string }>(
        `SELECT state, CASE WHEN wait_event_type IS NULL THEN 'on CPU' ELSE wait_event_type || ':' || wait_event END AS wait,
                left(regexp_replace(query, '\\s+', ' ', 'g'), 70) AS statement
           FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'`,
        [this.database],
      );
      this.samples += 1;
      for (const row of rows) {
        const wait = row.state === 'active' ? row.wait : `${row.state} (${row.wait})`;
        this.waits.set(wait, (this.waits.get(wait) ?? 0) + 1);
        if (row.state === 'active') this.statements.set(row.statement, (this.statements.get(row.statement) ?? 0) + 1);
      }
    } finally {
      this.busy = false;
    }
  }

  /** Markdown tables: backend-samples by what they waited on, and the statements most often active. */
  report(top = 8): string {
    const total = [...this.waits.values()].reduce((a, b) => a + b, 0);
    const share = (n: number) => `${((n / Math.max(1, total)) * 100).toFixed(1)}%`;
    const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
    const lines = [
      `PostgreSQL's side (pg_stat_activity every ${this.everyMs} ms, ${this.samples} samples, ${total} non-idle backend-samples; mean ${(total / Math.max(1, this.samples)).toFixed(2)} busy backends):`,
      '| backends were | samples | share |',
      '|---|---|---|',
      ...sorted(this.waits).slice(0, top).map(([wait, n]) => `| ${wait} | ${n} | ${share(n)} |`),
      '',
      '| statement (first 70 characters) most often active | samples | share of all |',
      '|---|---|---|',
      ...sorted(this.statements).slice(0, top).map(([statement, n]) => `| \`${statement.replace(/\|/g, '\\|')}\` | ${n} | ${share(n)} |`),
    ];
    return lines.join('\n');
  }
}
