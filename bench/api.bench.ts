/**
 * npm run bench:api [-- --duration 10 --connections 50 --processes 1 --workers 0 --assessments 60 --rounds 1]
 *
 * Builds its own database (ehcp_bench_api on DATABASE_OWNER_URL's server: dropped, migrated as the owner, the app role
 * granted as usual), seeds one LA through the real API (children, assessments decided, advice requests to a
 * professional and to their organisation, exceptions), then starts --processes API processes (apps/api/main.ts,
 * NODE_ENV=production, connected as the app role) and --workers worker processes against that database and the local
 * Redis, and as many floor processes (bench/api-floor.ts: bare Fastify and pg doing the same work). autocannon
 * (--connections in all, split over the processes) loads each route for --duration seconds, the product and then its
 * floor, and prints req/s, p50/p99 and the ratio, with the load average next to each figure. Everything listens on and
 * talks to 127.0.0.1 only; every request loop is bounded by time (and the command's by the cases seeded for it).
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { stopChildren } from './child-processes';
import autocannon from 'autocannon';
import * as argon2 from 'argon2';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loadConfig, requireOwnerUrl } from '@app/core';
import { runMigrations } from '@app/database';
import { addDays, todayInLondon } from '@app/statutory-clock';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const DATABASE = 'ehcp_bench_api';
const DURATION = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '50'));
const PROCESSES = Number(arg('processes', '1'));
const WORKERS = Number(arg('workers', '0'));
const ASSESSMENTS = Number(arg('assessments', '60'));
const ROUNDS = Number(arg('rounds', '1'));
const COMMANDS = Number(arg('commands', '1500'));
/** Only the routes whose label contains this (profiling one route: BENCH_CPU_PROF=<dir> npm run bench:api -- --only auth/me). */
const ONLY = arg('only', '');
const PASSWORD = 'bench-password-not-a-secret';
const API_PORT = 3910;
const FLOOR_PORT = 3930;
const ROOT = join(__dirname, '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

const children: ChildProcess[] = [];
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function start(script: string, env: Record<string, string>, label: string): ChildProcess {
  const child = fork(join(ROOT, script), [], { cwd: ROOT, execArgv: [...TS_NODE, ...(process.env.BENCH_CPU_PROF && script.startsWith('apps/api') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])], env: { ...process.env, ...env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${label} exited (${code ?? signal}) during the bench`);
      process.exitCode = 1;
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
/** The run's QUEUE_PREFIX: its jobs and rate-limit keys are removed from the shared Redis at the end. */
let redisCleanup: { url: string; prefix: string } | null = null;
async function stopAll(): Promise<void> {
  stopping = true;
  await stopChildren(children, (child) => child.kill('SIGTERM'));
}

async function waitFor(url: string, seconds = 90): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const ok = await fetch(url)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${seconds} s`);
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  load: string;
}

/** autocannon, the connections split over the ports, each request's path from `path(i)`; bounded by time (and amount). */
async function hammer(ports: number[], method: 'GET' | 'POST', path: (i: number) => string, headers: Record<string, string>, body?: string, amount?: number): Promise<Figures> {
  let i = 0;
  const results = await Promise.all(
    ports.map((port) =>
      autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: Math.max(1, Math.round(CONNECTIONS / ports.length)),
        duration: DURATION,
        amount: amount === undefined ? undefined : Math.floor(amount / ports.length),
        requests: [{ method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body, setupRequest: (request) => ({ ...request, path: path(i++) }) }],
      }),
    ),
  );
  const seconds = Math.max(...results.map((r) => r.duration));
  const total = results.reduce((sum, r) => sum + r.requests.total, 0);
  const errors = results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);
  // Several instances (one per process): the slowest p50/p99 of them, an upper bound of the merged percentile.
  return { rps: total / seconds, p50: Math.max(...results.map((r) => r.latency.p50)), p99: Math.max(...results.map((r) => r.latency.p99)), errors, load: load() };
}

async function main(): Promise<void> {
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const owner = new URL(requireOwnerUrl(base));
  const app = new URL(base.databaseUrl);
  for (const url of [owner, app]) {
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`bench:api talks to 127.0.0.1 only; ${url.hostname} given`);
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
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const [la] = (await db.query<{ id: string }>(`INSERT INTO local_authorities (name, code, mfa_required_for) VALUES ('Bench LA', '999', 'none') RETURNING id`)).rows;
  const user = async (email: string, role: string, discipline: string | null) =>
    (await db.query<{ id: string }>(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role, discipline) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [la.id, email, email, hash, role, discipline])).rows[0].id;
  await user('caseworker@bench.test', 'caseworker', null);
  const professional = await user('health@bench.test', 'professional', 'health');
  const [org] = (await db.query<{ id: string }>(`INSERT INTO organisations (local_authority_id, name, kind) VALUES ($1, 'Bench NHS Trust', 'nhs_body') RETURNING id`, [la.id])).rows;
  await db.query(`INSERT INTO organisation_members (organisation_id, user_id, local_authority_id) VALUES ($1, $2, $3)`, [org.id, professional, la.id]);

  const secret = randomBytes(48).toString('base64url');
  const redisPrefix = `ehcp-bench-api-${process.pid}`;
  redisCleanup = { url: base.redisUrl, prefix: redisPrefix };
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: app.toString(),
    DATABASE_OWNER_URL: '',
    REDIS_URL: base.redisUrl,
    QUEUE_PREFIX: redisPrefix,
    JWT_SECRET: secret,
    HOST: '127.0.0.1',
    LOG_LEVEL: arg('log-level', 'warn'),
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
  };
  const apiPorts = Array.from({ length: PROCESSES }, (_, i) => API_PORT + i);
  const floorPorts = Array.from({ length: PROCESSES }, (_, i) => FLOOR_PORT + i);
  for (const port of apiPorts) start('apps/api/main.ts', { ...env, PORT: String(port) }, `API :${port}`);
  for (let w = 0; w < WORKERS; w++) start('apps/worker/main.ts', env, `worker ${w + 1}`);
  for (const port of floorPorts) start('bench/api-floor.ts', { DATABASE_URL: app.toString(), JWT_SECRET: secret, PORT: String(port) }, `floor :${port}`);
  await Promise.all([...apiPorts.map((p) => waitFor(`http://127.0.0.1:${p}/api/v1/health`)), ...floorPorts.map((p) => waitFor(`http://127.0.0.1:${p}/floor/health`))]);

  const api = (path: string) => `http://127.0.0.1:${API_PORT}/api/v1${path}`;
  const call = async (token: string | null, method: string, path: string, body?: object, expect = [200, 201]) => {
    const response = await fetch(api(path), { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = (await response.json()) as Record<string, unknown>;
    if (!expect.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const login = async (email: string) => (await call(null, 'POST', '/auth/login', { email, password: PASSWORD })).accessToken as string;
  const caseworker = await login('caseworker@bench.test');
  const health = await login('health@bench.test');

  // Cases as a caseworker keeps them: decided, advice asked of the professional and of their organisation, an
  // exception on the assessment and one on the advice. Dates from the statutory clock's today.
  const today = todayInLondon(new Date());
  const seedCase = async (decided: boolean): Promise<string> => {
    const child = await call(caseworker, 'POST', '/children', { givenName: 'Bench', familyName: 'Child', dateOfBirth: '2016-06-01' });
    const assessment = await call(caseworker, 'POST', '/assessments', { childId: child.id, requestReceivedOn: addDays(today, -60), requestSource: 'parent' });
    const id = assessment.id as string;
    if (!decided) return id;
    await call(caseworker, 'POST', `/assessments/${id}/decision-to-assess`, { decision: 'assess', decidedOn: addDays(today, -40) });
    const toUser = await call(caseworker, 'POST', `/assessments/${id}/advice-requests`, { discipline: 'health', requestedOn: addDays(today, -35), assigneeEmail: 'health@bench.test' });
    await call(caseworker, 'POST', `/assessments/${id}/advice-requests`, { discipline: 'health', requestedOn: addDays(today, -35), assigneeOrganisationId: org.id });
    await call(caseworker, 'POST', `/assessments/${id}/exceptions`, { ground: 'personal_circumstances', startsOn: addDays(today, -30), endsOn: addDays(today, -10), reason: 'Family illness' });
    await call(health, 'POST', `/advice-requests/${toUser.id as string}/exceptions`, { ground: 'missed_appointment', startsOn: addDays(today, -25), endsOn: addDays(today, -12), reason: 'Clinic appointment missed' });
    return id;
  };
  const inParallel = async (n: number, work: () => Promise<string>): Promise<string[]> => {
    const out: string[] = [];
    let started = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (started < n) {
          started++;
          out.push(await work());
        }
      }),
    );
    return out;
  };
  const t0 = Date.now();
  const cases = await inParallel(ASSESSMENTS, () => seedCase(true));
  const undecided = await inParallel(COMMANDS, () => seedCase(false));
  console.log(`Seeded ${cases.length} decided cases (2 advice requests, 2 exceptions each) and ${undecided.length} awaiting a decision in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);

  // The floor answers the same questions: same counts for one case.
  const mine = (await call(caseworker, 'GET', `/assessments/${cases[0]}`)) as { adviceRequests: unknown[]; exceptions: unknown[]; deadlines: unknown[] };
  const floor = (await (await fetch(`http://127.0.0.1:${FLOOR_PORT}/floor/assessments/${cases[0]}`, { headers: { authorization: `Bearer ${caseworker}` } })).json()) as typeof mine;
  for (const key of ['adviceRequests', 'exceptions', 'deadlines'] as const) {
    if (mine[key].length !== floor[key].length) throw new Error(`floor and API disagree on ${key}: ${floor[key].length} vs ${mine[key].length}`);
  }

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const reads: [string, (i: number) => string, (i: number) => string, Record<string, string>][] = [
    ['GET /assessments/:id (caseworker)', (i) => `/api/v1/assessments/${cases[i % cases.length]}`, (i) => `/floor/assessments/${cases[i % cases.length]}`, auth(caseworker)],
    ['GET /assessments (page of 50)', () => '/api/v1/assessments', () => '/floor/assessments', auth(caseworker)],
    ['GET /advice-requests (professional inbox)', () => '/api/v1/advice-requests', () => '/floor/advice-requests', auth(health)],
    ['GET /auth/me', () => '/api/v1/auth/me', () => '/floor/auth/me', auth(caseworker)],
    ['GET /health', () => '/api/v1/health', () => '/floor/health', {}],
  ];
  console.log(`\nMachine: ${cpus().length} cores; ${PROCESSES} API process(es), ${WORKERS} worker(s), ${PROCESSES} floor process(es); autocannon ${CONNECTIONS} connections, ${DURATION} s per figure; load average (1, 5, 15 min) ${load()} at start.\n`);
  const table: string[] = ['| route | API req/s | p50 ms | p99 ms | floor req/s | p50 ms | p99 ms | ratio | load average |', '|---|---|---|---|---|---|---|---|---|'];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, path, floorPath, headers] of reads.filter(([label]) => label.includes(ONLY))) {
      // Warm both for a second (JIT, pools), then measure.
      await hammer(apiPorts, 'GET', path, headers, undefined, 200);
      await hammer(floorPorts, 'GET', floorPath, headers, undefined, 200);
      const ours = await hammer(apiPorts, 'GET', path, headers);
      const bare = await hammer(floorPorts, 'GET', floorPath, headers);
      const row = `| ${label} | ${ours.rps.toFixed(0)} | ${ours.p50} | ${ours.p99} | ${bare.rps.toFixed(0)} | ${bare.p50} | ${bare.p99} | ${(ours.rps / bare.rps).toFixed(2)}x | ${ours.load} / ${bare.load} |${ours.errors + bare.errors > 0 ? ` ${ours.errors}/${bare.errors} non-2xx` : ''}`;
      table.push(row);
      console.log(row);
    }
  }
  // One command: each request decides a different case (a decision is taken once), bounded by the cases seeded.
  if (!'POST /assessments/:id/decision-to-assess'.includes(ONLY)) {
    console.log(`\n${table.join('\n')}`);
    return;
  }
  let next = 0;
  const command = await hammer(apiPorts, 'POST', () => `/api/v1/assessments/${undecided[next++ % undecided.length]}/decision-to-assess`, auth(caseworker), JSON.stringify({ decision: 'assess', decidedOn: addDays(today, -40) }), undecided.length);
  const decided = Number((await db.query(`SELECT count(*) FROM assessments WHERE id = ANY($1) AND status = 'assessing'`, [undecided])).rows[0].count);
  const row = `| POST /assessments/:id/decision-to-assess | ${command.rps.toFixed(0)} | ${command.p50} | ${command.p99} | | | | | ${command.load} |${command.errors > 0 ? ` ${command.errors} non-2xx` : ''}`;
  table.push(row);
  console.log(row);
  console.log(`\n${decided} of ${undecided.length} cases decided by the command run (each once).`);
  console.log(`Load average ${load()} at the end.\n\n${table.join('\n')}`);
  await db.end();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
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
