/**
 * npm run bench:reports [-- --database ehcp_scale --runs 40 --year 2026 --only dashboard]
 *
 * Against the dataset `npm run seed:scale` built (default database ehcp_scale on DATABASE_URL's server), starts the
 * real API in-process (same module and bootstrap as main.ts, requests through Fastify's inject: the whole HTTP
 * pipeline, auth, validation and the audit write, without a socket) and times each report endpoint for the largest
 * LA (a manager) and for all of England (the national analyst), p50 and p95 over --runs after warm-up. In the same
 * run it times hand-written SQL answering the same questions straight from `assessments` and `deadlines` (no
 * summary), and prints the ratios.
 */
import { Test } from '@nestjs/testing';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { APP_CONFIG, loadConfig } from '@app/core';
import { monthEnd, monthStart, todayInLondon } from '@app/statutory-clock';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { ApiModule } from '../apps/api/api.module';
import { configureApiApp, createFastifyAdapter } from '../apps/api/bootstrap';
import { SCALE_ANALYST_EMAIL, SCALE_PASSWORD, scaleManagerEmail } from '../apps/cli/commands/seed-scale.command';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const DATABASE = arg('database', 'ehcp_scale');
const RUNS = Number(arg('runs', '40'));
// --only dashboard: only the rows whose label contains the text (to profile one report without the others).
const ONLY = arg('only', '');
const wanted = (label: string) => label.includes(ONLY);
const WARMUP = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(work: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await work();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function main(): Promise<void> {
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const url = new URL(base.databaseUrl);
  url.pathname = `/${DATABASE}`;
  const config = { ...base, databaseUrl: url.toString(), queuePrefix: `ehcp-bench-reports-${process.pid}`, rateLimitPerMinute: 1_000_000, loginRateLimitPerMinute: 1_000, logLevel: 'silent' as const };
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule] }).overrideProvider(APP_CONFIG).useValue(config).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(config), { logger: false });
  await configureApiApp(app, { useNestLogger: false });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const db = new Client({ connectionString: config.databaseUrl });
  await db.connect();

  const login = async (email: string) => {
    const response = await fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: SCALE_PASSWORD } });
    if (response.statusCode !== 200) throw new Error(`Sign-in as ${email} failed (${response.statusCode}): run npm run seed:scale first`);
    return `Bearer ${(response.json() as { accessToken: string }).accessToken}`;
  };
  const manager = await login(scaleManagerEmail(1));
  const analyst = await login(SCALE_ANALYST_EMAIL);
  const [la] = (await db.query<{ id: string }>(`SELECT id FROM local_authorities WHERE code = '101'`)).rows;
  const [size] = (
    await db.query<{ requests: string; la_requests: string; plans: string; la_open: string; open: string; deadlines: string }>(
      `SELECT (SELECT count(*) FROM assessments) AS requests, (SELECT count(*) FROM assessments WHERE local_authority_id = $1) AS la_requests,
              (SELECT count(*) FROM assessments WHERE final_issued_on IS NOT NULL) AS plans, (SELECT count(*) FROM assessments WHERE local_authority_id = $1 AND status IN ('awaiting_decision', 'assessing', 'drafting', 'draft_issued')) AS la_open,
              (SELECT count(*) FROM assessments WHERE status IN ('awaiting_decision', 'assessing', 'drafting', 'draft_issued')) AS open, (SELECT count(*) FROM deadlines) AS deadlines`,
      [la.id],
    )
  ).rows;
  // --year: the calendar year measured (default last year); the SEN2 census is in January after it.
  const year = Number(arg('year', String(new Date().getUTCFullYear() - 1)));
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  console.log(`Dataset ${DATABASE}: ${size.requests} requests, ${size.plans} plans, ${size.open} open, ${size.deadlines} deadlines; LA 101 (largest): ${size.la_requests} requests, ${size.la_open} open.`);
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`Machine: ${cpus().length} cores, load average ${load()} at start.`);
  console.log(`Period ${from}..${to} (whole months) and ${year}-01-15..${year}-12-20 (partial ends). ${RUNS} runs after ${WARMUP} warm-up; times in ms.\n`);

  const get = (authorization: string, path: string) => async () => {
    const response = await fastify.inject({ method: 'GET', url: `/api/v1/reports/${path}`, headers: { authorization } });
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${response.body}`);
  };
  const TIMELINESS = `count(*) AS plans,
      count(*) FILTER (WHERE final_issued_on - request_received_on <= 140) AS within,
      count(*) FILTER (WHERE NOT exceptions_apply) AS plans_excl,
      count(*) FILTER (WHERE NOT exceptions_apply AND final_issued_on - request_received_on <= 140) AS within_excl,
      count(*) FILTER (WHERE final_issued_on - request_received_on > 140 AND final_issued_on - request_received_on <= 364) AS band_20_52,
      count(*) FILTER (WHERE final_issued_on - request_received_on > 364) AS over_52,
      avg(final_issued_on - request_received_on) AS avg_days`;
  const rawTimeliness = (laFilter: boolean, groupByLa: boolean) => async () => {
    const p = laFilter ? [from, to, la.id] : [from, to];
    const where = laFilter ? 'AND local_authority_id = $3' : '';
    await db.query(`SELECT ${groupByLa ? 'local_authority_id, ' : ''}to_char(final_issued_on, 'YYYY-MM') AS month, ${TIMELINESS} FROM assessments WHERE final_issued_on BETWEEN $1 AND $2 ${where} GROUP BY ${groupByLa ? '1, 2' : '1'}`, p);
    await db.query(`SELECT ${groupByLa ? 'local_authority_id, ' : ''}count(*), count(*) FILTER (WHERE decision_to_assess_on - request_received_on <= 42) FROM assessments WHERE decision_to_assess_on BETWEEN $1 AND $2 ${where} ${groupByLa ? 'GROUP BY 1' : ''}`, p);
    await db.query(`SELECT ${groupByLa ? 'local_authority_id, ' : ''}count(*), count(*) FILTER (WHERE decision_to_issue_on - request_received_on <= 112) FROM assessments WHERE decision_to_issue = 'not_issue' AND decision_to_issue_on BETWEEN $1 AND $2 ${where} ${groupByLa ? 'GROUP BY 1' : ''}`, p);
  };
  const OPEN = `status IN ('awaiting_decision', 'assessing', 'drafting', 'draft_issued')`;
  const ADVICE = `EXISTS (SELECT 1 FROM deadlines d WHERE d.assessment_id = a.id AND d.state = 'open' AND d.kind = 'advice')`;
  const today = todayInLondon(new Date());
  const rawRisk = (laFilter: boolean) => async () => {
    const p = laFilter ? [today, la.id] : [today];
    const where = laFilter ? 'AND a.local_authority_id = $2' : '';
    // The risk rules written out by hand: decision after day 42, advice outstanding after day 84, no draft after 98, no decision after 112, no final after 140.
    await db.query(
      `SELECT ${laFilter ? '$1::date AS today, a.id, a.status, a.request_received_on, a.caseworker_id' : 'a.local_authority_id, count(*) AS open, count(*) FILTER (WHERE'}
         ${laFilter ? '' : `(a.status = 'awaiting_decision' AND $1::date - a.request_received_on > 42) OR (a.status = 'assessing' AND $1::date - a.request_received_on > 84 AND ${ADVICE})
            OR (a.status IN ('assessing', 'drafting') AND $1::date - a.request_received_on > 98) OR ($1::date - a.request_received_on > 140)) AS at_risk`}
         ${laFilter ? `, ${ADVICE} AS advice` : ''}
         FROM assessments a WHERE a.${OPEN} ${where} ${laFilter ? '' : 'GROUP BY 1'}`,
      p,
    );
    await db.query(`SELECT ${laFilter ? '' : 'local_authority_id, '}kind, count(*) FILTER (WHERE due_on < $1), count(*) FILTER (WHERE owner_user_id IS NULL AND owner_organisation_id IS NULL) FROM deadlines WHERE state = 'open' ${laFilter ? 'AND local_authority_id = $2' : ''} GROUP BY ${laFilter ? '1' : '1, 2'}`, p);
    await db.query(
      `SELECT status, count(*) FILTER (WHERE $1::date - request_received_on < 42), count(*) FILTER (WHERE $1::date - request_received_on BETWEEN 42 AND 83),
              count(*) FILTER (WHERE $1::date - request_received_on BETWEEN 84 AND 140), count(*) FILTER (WHERE $1::date - request_received_on BETWEEN 141 AND 364),
              count(*) FILTER (WHERE $1::date - request_received_on > 364) FROM assessments a WHERE a.${OPEN} ${where} GROUP BY 1`,
      p,
    );
  };

  const rows: [string, { p50: number; p95: number }, string, { p50: number; p95: number }][] = [];
  const compare = async (label: string, endpoint: () => Promise<void>, rawLabel: string, raw: () => Promise<void>) => {
    if (!wanted(label)) return;
    const e = await time(endpoint);
    const r = await time(raw);
    rows.push([label, e, rawLabel, r]);
    console.log(`${label.padEnd(58)} p50 ${e.p50.toFixed(1).padStart(7)}  p95 ${e.p95.toFixed(1).padStart(7)}   | raw SQL p50 ${r.p50.toFixed(1).padStart(7)}  p95 ${r.p95.toFixed(1).padStart(7)}   | raw/endpoint p50 ${(r.p50 / e.p50).toFixed(1)}x`);
  };
  await compare('GET /reports/timeliness, one LA, whole year', get(manager, `timeliness?from=${from}&to=${to}`), 'timeliness by month, one LA', rawTimeliness(true, false));
  await compare('GET /reports/timeliness, one LA, partial ends', get(manager, `timeliness?from=${year}-01-15&to=${year}-12-20`), 'timeliness by month, one LA', rawTimeliness(true, false));
  await compare('GET /reports/timeliness?scope=national, whole year', get(analyst, `timeliness?from=${from}&to=${to}&scope=national`), 'timeliness by month by LA, England', rawTimeliness(false, true));
  await compare('GET /reports/timeliness?scope=national, partial ends', get(analyst, `timeliness?from=${year}-01-15&to=${year}-12-20&scope=national`), 'timeliness by month by LA, England', rawTimeliness(false, true));
  await compare('GET /reports/exception-rates?scope=national', get(analyst, `exception-rates?from=${from}&to=${to}&scope=national`), 'timeliness by month by LA, England', rawTimeliness(false, true));
  await compare('GET /reports/risk, one LA', get(manager, 'risk'), 'risk rules, deadlines, ageing, one LA', rawRisk(true));
  await compare('GET /reports/risk?scope=national', get(analyst, 'risk?scope=national'), 'risk per LA, deadlines, ageing, England', rawRisk(false));

  // The managers' dashboard and scorecard (issue 27): targets one LA within 300 ms at p95, England within 1 s. Each is
  // printed as a ratio to a baseline timed just before it in the same run (the raw one-LA timeliness SQL above), so
  // runs at different load compare; the load average is printed with each row.
  const baseline = async () => (await time(rawTimeliness(true, false))).p50;
  const only = async (label: string, endpoint: () => Promise<void>) => {
    if (!wanted(label)) return;
    const base = await baseline();
    const e = await time(endpoint);
    console.log(`${label.padEnd(58)} p50 ${e.p50.toFixed(1).padStart(7)}  p95 ${e.p95.toFixed(1).padStart(7)}   | baseline p50 ${base.toFixed(1).padStart(6)}  endpoint/baseline ${(e.p50 / base).toFixed(1)}x | load ${load()}`);
  };
  await only('GET /reports/dashboard, one LA', get(manager, 'dashboard'));
  await only('GET /reports/dashboard?scope=national', get(analyst, 'dashboard?scope=national'));
  // The scorecard is an LA's own (no national scorecard): the period and the previous one, six measures each.
  await only('GET /reports/scorecard, one LA, whole year', get(manager, `scorecard?from=${from}&to=${to}`));
  // (A board pack request reads the scorecard and the dashboard above, then writes a row and enqueues a job: not
  // timed here, so the bench leaves no packs or jobs behind.)
  // The SEN2 XML of the LA, once (target under 60 s). Streamed by the API a batch of children at a time; inject buffers
  // the answer here, so the RSS growth printed includes the file itself.
  if (wanted('GET /reports/sen2?format=xml')) {
    const rss0 = process.memoryUsage().rss;
    const x0 = process.hrtime.bigint();
    const xml = await fastify.inject({ method: 'GET', url: `/api/v1/reports/sen2?censusDate=${year + 1}-01-21&format=xml`, headers: { authorization: manager } });
    console.log(`GET /reports/sen2?format=xml, one LA: ${xml.statusCode}, ${(xml.rawPayload.length / 1e6).toFixed(1)} MB in ${(Number(process.hrtime.bigint() - x0) / 1e6).toFixed(0)} ms; RSS +${((process.memoryUsage().rss - rss0) / 1e6).toFixed(0)} MB`);
  }

  // Freshness: a plan committed now is counted by the next read (the summary moves in the command's transaction).
  const [pick] = (await db.query<{ id: string; final_issued_on: string | null }>(`SELECT id FROM assessments WHERE local_authority_id = $1 AND status = 'draft_issued' LIMIT 1`, [la.id])).rows;
  if (pick) {
    // The whole current month: read from the summary, not the cases.
    const read = async () => (await fastify.inject({ method: 'GET', url: `/api/v1/reports/timeliness?from=${monthStart(today)}&to=${monthEnd(today)}`, headers: { authorization: manager } })).json<{ plansIssued: number }>().plansIssued;
    const before = await read();
    const t0 = process.hrtime.bigint();
    await db.query(`UPDATE assessments SET status = 'plan_issued', final_issued_on = $2 WHERE id = $1`, [pick.id, today]);
    const after = await read();
    console.log(`\nFreshness: a final plan committed at t0 was counted by the read that followed (${before} -> ${after} this month) ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)} ms after t0. (Rolled back below.)`);
    await db.query(`UPDATE assessments SET status = 'draft_issued', final_issued_on = NULL WHERE id = $1`, [pick.id]);
  }
  console.log(`Load average ${load()} at the end (other processes on the machine count: compare runs at similar load).`);
  await db.end();
  await app.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
