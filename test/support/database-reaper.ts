import { Client } from 'pg';

/** The comment a test file puts on a database it has finished with (`dropTestDatabase`); the reaper drops it. */
export const DONE_COMMENT = 'ehcp-test: done';
/** Set by global setup when the reaper runs (test files then mark their databases instead of dropping them). */
export const REAPER_ENV = 'EHCP_TEST_DATABASE_REAPER';

/** Test databases of one jest run (the main process's pid): `ehcp_t_<pid>_<nonce>` (createTestDatabase). */
export function runDatabasePrefix(runId: string): string {
  return `ehcp_t_${runId}_`;
}

/**
 * Drops the given databases, a few at a time (each DROP DATABASE waits for a checkpoint; checkpoints requested
 * together are served by one).
 */
export async function dropDatabases(serverUrl: string, names: string[], concurrency = 4): Promise<void> {
  const queue = [...names];
  const dropper = async (): Promise<void> => {
    const client = new Client({ connectionString: serverUrl });
    await client.connect();
    try {
      for (let name = queue.shift(); name; name = queue.shift()) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, dropper));
}

interface Reaper {
  stop(): Promise<void>;
}
const REAPER = Symbol.for('ehcp.test.databaseReaper');

/**
 * Runs in jest's main process from global setup to global teardown: every second, drops the run's databases that
 * their test file has finished with. A file's `afterAll` so does not wait for DROP DATABASE's checkpoint (1 to 5 s
 * of wall time each on a busy machine, docs/testing.md): the worker starts its next file at once. Global teardown
 * stops it and drops whatever is left.
 */
export function startDatabaseReaper(serverUrl: string, runId: string): void {
  process.env[REAPER_ENV] = '1';
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        const client = new Client({ connectionString: serverUrl });
        await client.connect();
        let names: string[];
        try {
          const { rows } = await client.query<{ datname: string }>(
            `SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND shobj_description(oid, 'pg_database') = $2`,
            [runDatabasePrefix(runId), DONE_COMMENT],
          );
          names = rows.map((row) => row.datname);
        } finally {
          await client.end();
        }
        if (names.length > 0) await dropDatabases(serverUrl, names, 2);
      } catch {
        // PostgreSQL busy or restarting: the next round, or global teardown, drops what is left.
      }
      if (!stopped) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 1000).unref();
        });
      }
    }
  })();
  (globalThis as Record<symbol, Reaper>)[REAPER] = {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}

/** Stops the reaper global setup started (no-op when none did). */
export async function stopDatabaseReaper(): Promise<void> {
  const globals = globalThis as Record<symbol, Reaper | undefined>;
  await globals[REAPER]?.stop();
  globals[REAPER] = undefined;
}
