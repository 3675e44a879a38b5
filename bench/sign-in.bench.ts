/**
 * npm run bench:sign-in [-- --duration 10 --connections 16 --users 400 --rounds 1]
 *
 * Sign-in under concurrent load, argon2id at production cost (NODE_ENV=production, PASSWORD_HASH_MEMORY_KIB=65536,
 * PASSWORD_HASH_TIME_COST=3, parallelism 4: what every stored hash here records), next to a baseline in the same run:
 * `GET /api/v1/health` (PostgreSQL and Redis answered, no argon2), on the same API process.
 *
 * Builds its own database (ehcp_bench_sign_in[_<EHCP_TEST_NAMESPACE>] on DATABASE_OWNER_URL's server: dropped,
 * migrated, the app role granted as usual), seeds one LA and --users accounts sharing one production-cost hash, starts
 * one API process (apps/api/main.ts, NODE_ENV=production, the app role) on the local Redis with a queue prefix of its
 * own, then with autocannon (--connections, --duration seconds per figure):
 * 1. the baseline: GET /health alone;
 * 2. POST /auth/login, each request another account (right password);
 * 3. POST /auth/refresh, each refresh token spent once (the answer's new one joins the pool);
 * 4. both at once (half the connections each) with GET /health and GET /auth/me beside them on 2 connections each:
 *    what sign-in traffic does to everything else on the process (argon2 runs on libuv's 4 threads).
 * Prints req/s, p50/p99 and the ratios to the baseline, with the load average next to each figure. Every loop is
 * bounded by time; everything talks to 127.0.0.1 only. BENCH_CPU_PROF=<dir> writes the API's V8 CPU profile.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import * as argon2 from 'argon2';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loadConfig, requireOwnerUrl } from '@app/core';
import { runMigrations } from '@app/database';
import { stopChildren } from './child-processes';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const DATABASE = `ehcp_bench_sign_in${process.env.EHCP_TEST_NAMESPACE ? `_${process.env.EHCP_TEST_NAMESPACE.replace(/[^a-z0-9_]/gi, '_')}` : ''}`;
const DURATION = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '16'));
const USERS = Number(arg('users', '400'));
const ROUNDS = Number(arg('rounds', '1'));
const PASSWORD = 'bench-password-not-a-secret';
const PORT = Number(arg('port', '3950'));
const ROOT = join(__dirname, '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

const children: ChildProcess[] = [];
let stopping = false;
let redisCleanup: { url: string; prefix: string } | null = null;

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Of the errors: answers other than 2xx (e.g. 401 for a refresh token already spent), and timeouts (10 s). */
  non2xx: number;
  timeouts: number;
  load: string;
}

type Request = { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: () => string; onBody?: (body: string) => void };

/** autocannon on one route for DURATION seconds; a body per request from `body()`, each answer's body to `onBody`. */
async function hammer(connections: number, request: Request, duration = DURATION): Promise<Figures> {
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections,
    duration,
    requests: [
      {
        method: request.method,
        path: request.path,
        headers: { ...request.headers, ...(request.body ? { 'content-type': 'application/json' } : {}) },
        setupRequest: (r) => (request.body ? { ...r, body: request.body() } : r),
        onResponse: request.onBody ? (status: number, body: string) => status === 200 && request.onBody!(body) : undefined,
      },
    ],
  });
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts, non2xx: result.non2xx, timeouts: result.timeouts, load: load() };
}

async function main(): Promise<void> {
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const owner = new URL(requireOwnerUrl(base));
  const app = new URL(base.databaseUrl);
  for (const url of [owner, app]) {
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`bench:sign-in talks to 127.0.0.1 only; ${url.hostname} given`);
  }
  owner.pathname = `/${DATABASE}`;
  app.pathname = `/${DATABASE}`;
  const admin = new Client({ connectionString: Object.assign(new URL(owner), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await admin.end();
  await runMigrations(owner.toString(), { appUrl: app.toString(), createIfMissing: true });

  const db = new Client({ connectionString: owner.toString() });
  await db.connect();
  // The production cost (the API's hashPassword with the defaults): verifying costs the same as in production.
  const hashStarted = Date.now();
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 4 });
  const hashMs = Date.now() - hashStarted;
  const [la] = (await db.query<{ id: string }>(`INSERT INTO local_authorities (name, code, mfa_required_for) VALUES ('Bench LA', '998', 'none') RETURNING id`)).rows;
  await db.query(
    `INSERT INTO users (local_authority_id, email, display_name, password_hash, role) SELECT $1, 'caseworker' || n || '@bench.test', 'Caseworker ' || n, $2, 'caseworker' FROM generate_series(1, $3::int) n`,
    [la.id, hash, USERS],
  );

  const prefix = `ehcp-bench-sign-in-${process.pid}`;
  redisCleanup = { url: base.redisUrl, prefix };
  const child = fork(join(ROOT, 'apps/api/main.ts'), [], {
    cwd: ROOT,
    execArgv: [...TS_NODE, ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: {
      ...process.env,
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      NODE_ENV: 'production',
      DATABASE_URL: app.toString(),
      DATABASE_OWNER_URL: '',
      REDIS_URL: base.redisUrl,
      QUEUE_PREFIX: prefix,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      HOST: '127.0.0.1',
      PORT: String(PORT),
      LOG_LEVEL: arg('log-level', 'warn'),
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      PASSWORD_HASH_MEMORY_KIB: '65536',
      PASSWORD_HASH_TIME_COST: '3',
      // Exit at once on SIGTERM, so that --cpu-prof writes the profile.
      SHUTDOWN_DRAIN_MS: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`API exited (${code ?? signal}) during the bench`);
      process.exitCode = 1;
    }
  });
  children.push(child);
  for (let until = Date.now() + 120_000; ; ) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/api/v1/health`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (Date.now() > until) throw new Error('the API did not answer /health within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  let account = 0;
  const nextLogin = () => JSON.stringify({ email: `caseworker${(account++ % USERS) + 1}@bench.test`, password: PASSWORD });
  const refreshTokens: string[] = [];
  let accessToken = '';
  const keepTokens = (body: string) => {
    const parsed = JSON.parse(body) as { accessToken?: string; refreshToken?: string };
    if (parsed.refreshToken) refreshTokens.push(parsed.refreshToken);
    if (parsed.accessToken) accessToken = parsed.accessToken;
  };
  // Each refresh token once; when the pool runs dry (the answers not yet back), a spent one: answered 401, counted.
  const nextRefresh = () => JSON.stringify({ refreshToken: refreshTokens.shift() ?? 'spent' });
  const health: Request = { method: 'GET', path: '/api/v1/health' };
  const login: Request = { method: 'POST', path: '/api/v1/auth/login', body: nextLogin, onBody: keepTokens };
  const refresh: Request = { method: 'POST', path: '/api/v1/auth/refresh', body: nextRefresh, onBody: keepTokens };

  console.log(
    `\nMachine: ${cpus().length} cores; one API process (NODE_ENV=production); argon2id 64 MiB, 3 passes, parallelism 4 (one hash took ${hashMs} ms here); ${USERS} accounts; autocannon ${CONNECTIONS} connections, ${DURATION} s per figure; load average (1, 5, 15 min) ${load()} at start.\n`,
  );
  // Warm up (JIT, pools), and sign in enough accounts that each refresh connection has tokens to spend: every
  // refresh answer brings the next token, so the pool stays this size.
  await hammer(4, health, 2);
  while (refreshTokens.length < CONNECTIONS * 2) {
    const answer = await fetch(`http://127.0.0.1:${PORT}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nextLogin() });
    keepTokens(await answer.text());
  }
  const table: string[] = ['| what | req/s | p50 ms | p99 ms | vs GET /health alone (req/s; p99) | errors | load average |', '|---|---|---|---|---|---|---|'];
  const row = (label: string, f: Figures, floor: Figures | null) => {
    const line = `| ${label} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${floor ? `${(f.rps / floor.rps).toFixed(3)}x; ${(f.p99 / Math.max(1, floor.p99)).toFixed(1)}x` : 'baseline'} | ${f.errors}${f.errors ? ` (${f.non2xx} non-2xx, ${f.timeouts} timeouts)` : ''} | ${f.load} |`;
    table.push(line);
    console.log(line);
  };
  for (let round = 0; round < ROUNDS; round++) {
    const floor = await hammer(CONNECTIONS, health);
    row('GET /health alone (baseline)', floor, null);
    row('POST /auth/login (password, each request another account)', await hammer(CONNECTIONS, login), floor);
    row('POST /auth/refresh (each token spent once)', await hammer(CONNECTIONS, refresh), floor);
    const half = Math.max(1, Math.floor(CONNECTIONS / 2));
    const [mixedLogin, mixedRefresh, mixedHealth, mixedMe] = await Promise.all([
      hammer(half, login),
      hammer(half, refresh),
      hammer(2, health),
      hammer(2, { method: 'GET', path: '/api/v1/auth/me', headers: { authorization: `Bearer ${accessToken}` } }),
    ]);
    row('together: POST /auth/login', mixedLogin, floor);
    row('together: POST /auth/refresh', mixedRefresh, floor);
    row('together: GET /health (2 connections)', mixedHealth, floor);
    row('together: GET /auth/me (2 connections)', mixedMe, floor);
  }
  const sessions = Number((await db.query(`SELECT count(*) FROM user_sessions`)).rows[0].count);
  console.log(`\n${sessions} sessions created. Load average ${load()} at the end.\n\n${table.join('\n')}`);
  await db.end();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    stopping = true;
    await stopChildren(children, (child) => child.kill('SIGTERM'), 60_000);
    if (!redisCleanup) return;
    const redis = new Redis(redisCleanup.url);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisCleanup.prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  });
