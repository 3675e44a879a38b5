/**
 * npm run bench:web [-- --duration 10 --rounds 1 --users 50 --assessments 60]
 *
 * The web's pages against the API calls behind them, in the same run. Builds its own database (ehcp_bench_web on
 * DATABASE_OWNER_URL's server: dropped, migrated as the owner, the app role granted), seeds one LA through the real API
 * (cases decided, advice asked, an exception each), starts one API process and one web process (NODE_ENV=production,
 * 127.0.0.1 only), and signs --users caseworkers in through the web's own sign-in form (CSRF and all). Then, for
 * --duration seconds each (in --rounds alternating windows: page, API, page, API...), --users concurrent loops (one
 * per signed-in person, keep-alive):
 *   - the caseload page `GET /cases?all=1`, against the API call it makes (GET /assessments?sort=nextDeadline&limit=25);
 *   - the case page `GET /cases/{id}`, against its API calls made as the page makes them (the case and its timeline
 *     together, then the child).
 * Each figure: pages or call sets a second, p50 and p99 ms, with the load average; the ratio is page time / API time
 * (goal: at most 1.30, the page adding at most 30%). The API calls per page are counted from the API's own request
 * log of one page view (goal: a case page needs at most 3). BENCH_CPU_PROF=<dir> writes both processes' CPU profiles.
 */
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as argon2 from 'argon2';
import Redis from 'ioredis';
import { Client } from 'pg';
import { loadConfig, requireOwnerUrl } from '@app/core';
import { runMigrations } from '@app/database';
import { addDays, todayInLondon } from '@app/statutory-clock';
import { stopChildren } from './child-processes';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const DATABASE = 'ehcp_bench_web';
const DURATION = Number(arg('duration', '10'));
const ROUNDS = Math.max(1, Number(arg('rounds', '1')));
const USERS = Number(arg('users', '50'));
const ASSESSMENTS = Number(arg('assessments', '60'));
const PASSWORD = 'bench-password-not-a-secret';
const API_PORT = 3950;
const WEB_PORT = 3951;
const ROOT = join(__dirname, '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

const children: ChildProcess[] = [];
let stopping = false;
let redisCleanup: { url: string; prefixes: string[] } | null = null;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

function start(script: string, env: Record<string, string>, label: string): ChildProcess {
  // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the API and of the web (CPU.<date>.<pid>...cpuprofile, the pids printed),
  // for bench/cpu-profile-top.ts.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = fork(join(ROOT, script), [], { cwd: ROOT, execArgv: [...TS_NODE, ...profile], env: { ...process.env, ...env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${label} exited (${code ?? signal}) during the bench`);
      process.exitCode = 1;
    }
  });
  if (profile.length) console.log(`${label}: pid ${child.pid}`);
  children.push(child);
  return child;
}

async function waitFor(url: string, seconds = 300): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await fetch(url).then((r) => r.status === 200, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer 200 within ${seconds} s`);
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  load: string;
  /** CPU ms per page (or per API call set) used by the web and by the API process. */
  webCpu: number;
  apiCpu: number;
}

/** What one window of loops measured: each run's time, the failures and the window's length. */
interface Window {
  times: number[];
  errors: number;
  seconds: number;
  load: string;
  /** CPU ms the web and the API processes used during the window (Linux /proc; NaN elsewhere). */
  webCpu: number;
  apiCpu: number;
}

/** A process's CPU time so far in ms (user + system, from /proc/<pid>/stat, in clock ticks of 10 ms); NaN if unknown. */
function cpuMsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
let cpuPids: { web?: number; api?: number } = {};

/** `users` loops, each running `once(user, i)` back to back for `seconds`; the time of each run is recorded. */
async function hammer(users: number, once: (user: number, i: number) => Promise<boolean>, seconds: number): Promise<Window> {
  const times: number[] = [];
  let errors = 0;
  let i = 0;
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  const [web0, api0] = [cpuMsOf(cpuPids.web), cpuMsOf(cpuPids.api)];
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      while (Date.now() < until) {
        const t0 = performance.now();
        const ok = await once(user, i++).catch(() => false);
        times.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  return { times, errors, seconds: (Date.now() - started) / 1000, load: load(), webCpu: cpuMsOf(cpuPids.web) - web0, apiCpu: cpuMsOf(cpuPids.api) - api0 };
}

function figures(windows: Window[]): Figures {
  const times = windows.flatMap((w) => w.times).sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
  const seconds = windows.reduce((sum, w) => sum + w.seconds, 0);
  const cpu = (side: 'webCpu' | 'apiCpu') => windows.reduce((sum, w) => sum + w[side], 0) / Math.max(1, times.length);
  return { perSecond: times.length / seconds, p50: at(0.5), p99: at(0.99), errors: windows.reduce((sum, w) => sum + w.errors, 0), load: windows[windows.length - 1]?.load ?? load(), webCpu: cpu('webCpu'), apiCpu: cpu('apiCpu') };
}

/**
 * The page and its API calls, each for DURATION seconds in all: one window each by default (the page, then the API),
 * or --rounds alternating windows (page, API, page, API...). On a shared machine the load of other work drifts within
 * seconds, and alternating spreads that drift over both sides of the ratio instead of giving it to one of them; keep
 * each window several times the p50 long (e.g. --duration 20 --rounds 4), as every window starts with all users at once.
 */
async function pageAndApi(web: (u: number, i: number) => Promise<boolean>, direct: (u: number, i: number) => Promise<boolean>): Promise<[Figures, Figures]> {
  const pages: Window[] = [];
  const calls: Window[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    pages.push(await hammer(USERS, web, DURATION / ROUNDS));
    calls.push(await hammer(USERS, direct, DURATION / ROUNDS));
  }
  return [figures(pages), figures(calls)];
}

/** The cookies a response sets, merged into a jar (name -> value). */
function keepCookies(jar: Map<string, string>, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Signs in through the web's form: GET /sign-in for the CSRF token and cookie, POST the form, keep the session cookie. */
async function signInToWeb(email: string): Promise<string> {
  const web = `http://127.0.0.1:${WEB_PORT}`;
  const jar = new Map<string, string>();
  const form = await fetch(`${web}/sign-in`, { redirect: 'manual' });
  keepCookies(jar, form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('no CSRF token on /sign-in');
  const posted = await fetch(`${web}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    body: new URLSearchParams({ _csrf: token, email, password: PASSWORD }).toString(),
  });
  keepCookies(jar, posted);
  if (posted.status !== 303 && posted.status !== 302) throw new Error(`sign-in of ${email} answered ${posted.status}`);
  return cookieHeader(jar);
}

async function main(): Promise<void> {
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const owner = new URL(requireOwnerUrl(base));
  const app = new URL(base.databaseUrl);
  for (const url of [owner, app]) {
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`bench:web talks to 127.0.0.1 only; ${url.hostname} given`);
  }
  owner.pathname = `/${DATABASE}`;
  app.pathname = `/${DATABASE}`;
  const admin = new Client({ connectionString: Object.assign(new URL(owner), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await admin.end();
  await runMigrations(owner.toString(), { appUrl: app.toString(), createIfMissing: true });

  const db = new Client({ connectionString: owner.toString() });
  db.on('error', (error) => console.error('bench database connection:', error.message));
  await db.connect();
  const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id });
  const [la] = (await db.query<{ id: string }>(`INSERT INTO local_authorities (name, code, mfa_required_for) VALUES ('Bench LA', '998', 'none') RETURNING id`)).rows;
  const emails = Array.from({ length: USERS }, (_, i) => `caseworker${i + 1}@bench.test`);
  for (const email of [...emails, 'health@bench.test']) {
    await db.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role, discipline) VALUES ($1, $2, $3, $4, $5, $6)`, [
      la.id,
      email,
      email,
      hash,
      email.startsWith('health') ? 'professional' : 'caseworker',
      email.startsWith('health') ? 'health' : null,
    ]);
  }

  const secret = randomBytes(48).toString('base64url');
  const prefix = `ehcp-bench-web-${process.pid}`;
  redisCleanup = { url: base.redisUrl, prefixes: [prefix, `${prefix}-web`] };
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: app.toString(),
    DATABASE_OWNER_URL: '',
    REDIS_URL: base.redisUrl,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: secret,
    HOST: '127.0.0.1',
    LOG_LEVEL: arg('log-level', 'warn'),
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  };
  const apiProcess = start('apps/api/main.ts', { ...env, PORT: String(API_PORT) }, 'API');
  const webProcess = start('apps/web/main.ts', { NODE_ENV: 'production', REDIS_URL: base.redisUrl, WEB_PORT: String(WEB_PORT), WEB_HOST: '127.0.0.1', API_BASE_URL: `http://127.0.0.1:${API_PORT}/api/v1`, WEB_SESSION_PREFIX: `${prefix}-web:`, WEB_COOKIE_SECURE: 'true', WEB_API_TIMEOUT_MS: '60000' }, 'web');
  await Promise.all([waitFor(`http://127.0.0.1:${API_PORT}/api/v1/health`), waitFor(`http://127.0.0.1:${WEB_PORT}/health`)]);

  const api = (path: string) => `http://127.0.0.1:${API_PORT}/api/v1${path}`;
  const call = async (token: string | null, method: string, path: string, body?: object) => {
    const response = await fetch(api(path), { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const login = async (email: string) => (await call(null, 'POST', '/auth/login', { email, password: PASSWORD })).accessToken as string;
  const tokens = await Promise.all(emails.map(login));

  const today = todayInLondon(new Date());
  const cases: string[] = [];
  for (let n = 0; n < ASSESSMENTS; n++) {
    const cw = tokens[n % tokens.length];
    const child = await call(cw, 'POST', '/children', { givenName: 'Bench', familyName: `Child ${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[n % 26]}${'abcdefghijklmnopqrstuvwxyz'[Math.floor(n / 26) % 26]}`, dateOfBirth: '2016-06-01' });
    const assessment = await call(cw, 'POST', '/assessments', { childId: child.id, requestReceivedOn: addDays(today, -60), requestSource: 'parent' });
    const id = assessment.id as string;
    await call(cw, 'POST', `/assessments/${id}/decision-to-assess`, { decision: 'assess', decidedOn: addDays(today, -40) });
    await call(cw, 'POST', `/assessments/${id}/advice-requests`, { discipline: 'health', requestedOn: addDays(today, -35), assigneeEmail: 'health@bench.test' });
    await call(cw, 'POST', `/assessments/${id}/exceptions`, { ground: 'personal_circumstances', startsOn: addDays(today, -30), endsOn: addDays(today, -10), reason: 'Family illness' });
    cases.push(id);
  }
  // Five sign-ins at a time: each verifies a password (argon2), which a loaded 2-core machine does slowly.
  const sessions: string[] = [];
  for (let n = 0; n < emails.length; n += 5) sessions.push(...(await Promise.all(emails.slice(n, n + 5).map(signInToWeb))));
  console.log(`Seeded ${cases.length} cases; ${sessions.length} caseworkers signed in to the web.`);

  // API calls per page, from the API's own audit of one page view: it records every read it answers.
  const page = (user: number, path: string) => fetch(`http://127.0.0.1:${WEB_PORT}${path}`, { headers: { cookie: sessions[user] } }).then(async (r) => (await r.text(), r.status === 200));
  const callsOf = async (path: string): Promise<number> => {
    const [{ at }] = (await db.query<{ at: Date }>(`SELECT clock_timestamp() AS at`)).rows;
    if (!(await page(0, path))) throw new Error(`${path} did not answer 200`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return Number((await db.query(`SELECT count(*) FROM audit_events WHERE occurred_at >= $1`, [at])).rows[0].count);
  };
  const callsPerPage = { caseload: await callsOf('/cases?all=1'), case: await callsOf(`/cases/${cases[0]}`) };

  const caseloadApi = (user: number) =>
    fetch(api(`/assessments?sort=nextDeadline&limit=25`), { headers: { authorization: `Bearer ${tokens[user]}` } }).then(async (r) => (await r.arrayBuffer(), r.ok));
  const caseApi = async (user: number, i: number) => {
    const id = cases[i % cases.length];
    const headers = { authorization: `Bearer ${tokens[user]}` };
    const [a, t] = await Promise.all([fetch(api(`/assessments/${id}`), { headers }), fetch(api(`/assessments/${id}/timeline`), { headers })]);
    const assessment = (await a.json()) as { childId: string };
    await t.arrayBuffer();
    const c = await fetch(api(`/children/${assessment.childId}`), { headers });
    await c.arrayBuffer();
    return a.ok && t.ok && c.ok;
  };
  const measures: [string, (u: number, i: number) => Promise<boolean>, (u: number, i: number) => Promise<boolean>, number][] = [
    ['caseload `GET /cases?all=1`', (u) => page(u, '/cases?all=1'), (u) => caseloadApi(u), callsPerPage.caseload],
    ['case page `GET /cases/{id}`', (u, i) => page(u, `/cases/${cases[i % cases.length]}`), caseApi, callsPerPage.case],
  ];
  console.log(`\nMachine: ${cpus().length} cores; 1 API process, 1 web process; ${USERS} concurrent signed-in users, ${DURATION} s per figure${ROUNDS > 1 ? ` in ${ROUNDS} alternating windows` : ''}; load average (1, 5, 15 min) ${load()} at start.\n`);
  // CPU ms per page: what the web process and the API process spent per page (and the API per call set when called
  // directly), from /proc: unlike the p50s, hardly moved by other work on a shared machine.
  cpuPids = { web: webProcess.pid, api: apiProcess.pid };
  const table = [
    '| page | page/s | p50 ms | p99 ms | API calls/s | p50 ms | p99 ms | page p50 / API p50 | API calls per page | CPU ms per page: web + API / API direct | load average |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [label, web, direct, calls] of measures) {
    await hammer(USERS, web, 2);
    await hammer(USERS, direct, 2);
    const [w, d] = await pageAndApi(web, direct);
    const perPage = String(calls);
    const row = `| ${label} | ${w.perSecond.toFixed(0)} | ${w.p50} | ${w.p99} | ${d.perSecond.toFixed(0)} | ${d.p50} | ${d.p99} | ${(w.p50 / Math.max(1, d.p50)).toFixed(2)} | ${perPage} | ${w.webCpu.toFixed(1)} + ${w.apiCpu.toFixed(1)} / ${d.apiCpu.toFixed(1)} | ${w.load} / ${d.load} |${w.errors + d.errors > 0 ? ` ${w.errors}/${d.errors} failed` : ''}`;
    table.push(row);
    console.log(row);
  }
  console.log(`\nLoad average ${load()} at the end.\n\n${table.join('\n')}`);
  await db.end();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    stopping = true;
    await stopChildren(children, (child) => child.kill('SIGTERM'));
    if (!redisCleanup) return;
    const redis = new Redis(redisCleanup.url);
    for (const prefix of redisCleanup.prefixes) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
    redis.disconnect();
  });
