import { parseArgs } from 'node:util';
import { loadConfig, requireOwnerUrl } from '@app/core';
import { runMigrations } from '@app/database';
import { DeadlineKind, DFE_BAND_LIMITS, STATUTORY_RULES } from '@app/statutory-clock';
import * as argon2 from 'argon2';
import { Client } from 'pg';

/** The password of every seeded user (a synthetic dataset: never run against real data, refused in production). */
export const SCALE_PASSWORD = 'scale-dataset-password';
export const SCALE_ANALYST_EMAIL = 'analyst@scale.test';
export const scaleManagerEmail = (laNumber: number) => `manager${laNumber}@scale.test`;

/** Requests a year in England (DfE 2024: 154,489 initial requests), for 150 LAs. */
const REQUESTS_PER_YEAR_ENGLAND = 155_000;
/** Share of requests that end in a plan (DfE: 84,866 plans in 2024 from about 155,000 requests). */
const PLAN_SHARE = 0.535;

/**
 * `npm run seed:scale -- --authorities 150 --plans 650000 [--database ehcp_scale]`: builds a synthetic national
 * dataset in its own database on DATABASE_OWNER_URL's server (default `ehcp_scale`; dropped and re-created each run).
 * The bulk load runs as the owner (it creates tables and disables a trigger); the app role gets its usual rights
 * there, so `bench:reports` runs the app against it as in production.
 *
 * Requests arrive at about 155,000 a year across England (scaled by --authorities), spread unevenly over LAs, for as
 * many years as it takes to reach --plans issued plans. Outcomes: 30% refused, 8% no plan, 4% withdrawn, the rest (58%)
 * a plan; 50% of plans within 20 weeks, 40% within 52, 10% later; 5% of plans carry the 20-week exceptions flag, except
 * two LAs that flag 90% (the anomaly the exception-rate report should find). Decisions to assess: 85% within 6 weeks.
 * Every assessed case has its advice requests (education, health, psychology, and social care for one in three; 60%
 * received within the 6 weeks). Cases still open today carry their deadlines (decision, no-plan notice, final plan,
 * one per advice request: open while a third of those of cases still assessing are outstanding, a tenth addressed to
 * nobody). Closed cases carry no deadline rows (the reports read open deadlines only).
 *
 * Everything is generated in PostgreSQL (generate_series, one INSERT ... SELECT per table) with the summary trigger
 * disabled, then the summary is rebuilt once: this is a bulk load, not the command path. The day limits come from
 * the statutory clock; the synthetic day offsets are the generator's own.
 */
export async function seedScaleCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { authorities: { type: 'string', default: '150' }, plans: { type: 'string', default: '650000' }, database: { type: 'string', default: 'ehcp_scale' } } });
  const authorities = Number(values.authorities);
  const plans = Number(values.plans);
  const database = String(values.database);
  if (!Number.isInteger(authorities) || authorities < 1 || authorities > 799) throw new Error('--authorities must be 1 to 799');
  if (!Number.isInteger(plans) || plans < 1) throw new Error('--plans must be a positive whole number');
  if (!/^[a-z0-9_]+$/.test(database)) throw new Error('--database must be letters, digits and underscores');
  const config = loadConfig();
  if (config.nodeEnv === 'production') {
    console.error('seed:scale refuses to run when NODE_ENV=production.');
    return 1;
  }
  const ownerUrl = requireOwnerUrl(config);
  for (const url of [config.databaseUrl, ownerUrl]) {
    if (decodeURIComponent(new URL(url).pathname.slice(1)) === database) throw new Error(`--database ${database} is the app's own database: seed:scale drops its target`);
  }
  const target = new URL(ownerUrl);
  target.pathname = `/${database}`;
  const appTarget = new URL(config.databaseUrl);
  appTarget.pathname = `/${database}`;

  const started = Date.now();
  const step = async (label: string, work: () => Promise<unknown>) => {
    const t0 = Date.now();
    await work();
    console.log(`  ${label.padEnd(44)} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };

  const admin = new Client({ connectionString: Object.assign(new URL(ownerUrl), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
  console.log(`seed:scale into ${database}: ${authorities} LAs, ${plans} plans`);
  await step('migrations', () => runMigrations(target.toString(), { appUrl: appTarget.toString(), createIfMissing: true }));

  const requestsPerYear = Math.round((REQUESTS_PER_YEAR_ENGLAND * authorities) / 150);
  const totalRequests = Math.ceil(plans / PLAN_SHARE);
  const spanDays = Math.ceil((totalRequests / requestsPerYear) * 365);
  const passwordHash = await argon2.hash(SCALE_PASSWORD, { type: argon2.argon2id });
  const decisionDays = STATUTORY_RULES[DeadlineKind.DecisionToAssess].days!;
  const adviceDays = STATUTORY_RULES[DeadlineKind.Advice].days!;
  const noPlanDays = STATUTORY_RULES[DeadlineKind.NoPlanNotice].days!;
  const finalDays = STATUTORY_RULES[DeadlineKind.FinalPlan].days!;
  const within20 = DFE_BAND_LIMITS.within20WeeksMaxDays;
  const within52 = DFE_BAND_LIMITS.within52WeeksMaxDays;

  const db = new Client({ connectionString: target.toString() });
  await db.connect();
  try {
    await db.query(`SET synchronous_commit = off`);
    await db.query(`SELECT setseed(0.2026)`);
    await step('local authorities, users (12 caseworkers in 3 teams)', async () => {
      await db.query(`CREATE UNLOGGED TABLE scale_la AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, $1::int) n`, [authorities]);
      await db.query(`INSERT INTO local_authorities (id, name, code, mfa_required_for) SELECT id, 'Scale LA ' || n, (100 + n)::text, 'none' FROM scale_la`);
      await db.query(
        `CREATE UNLOGGED TABLE scale_cw AS SELECT l.n AS la_n, k, gen_random_uuid() AS id, 'Team ' || (1 + k % 3) AS team FROM scale_la l, generate_series(0, 11) k`,
      );
      await db.query(
        `INSERT INTO users (id, local_authority_id, email, display_name, password_hash, role, team)
         SELECT c.id, l.id, 'cw' || c.la_n || '-' || c.k || '@scale.test', 'Caseworker ' || c.la_n || '-' || c.k, $1, 'caseworker', c.team FROM scale_cw c JOIN scale_la l ON l.n = c.la_n`,
        [passwordHash],
      );
      await db.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) SELECT id, 'manager' || n || '@scale.test', 'Manager ' || n, $1, 'manager' FROM scale_la`, [passwordHash]);
      await db.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) SELECT id, $2, 'National analyst', $1, 'national_analyst' FROM scale_la WHERE n = 1`, [passwordHash, SCALE_ANALYST_EMAIL]);
    });
    await step(`generate ${totalRequests} requests over ${(spanDays / 365).toFixed(1)} years`, async () => {
      // LA sizes vary about tenfold (power curve); days are offsets before today.
      await db.query(
        `CREATE UNLOGGED TABLE scale_gen AS
         SELECT n, gen_random_uuid() AS id, gen_random_uuid() AS child_id, 1 + floor($2::int * power(random(), 1.6))::int AS la_n,
                current_date - floor(random() * $3::int)::int AS req, random() AS r_outcome, random() AS r_time, random() AS r_exc, random() AS r_dec,
                floor(random() * 12)::int AS cw
           FROM generate_series(1, $1::int) n`,
        [totalRequests, authorities, spanDays],
      );
      await db.query(
        `CREATE UNLOGGED TABLE scale_case AS
         SELECT g.*, l.id AS la_id, c.id AS caseworker_id,
                req + CASE WHEN r_dec < 0.85 THEN 15 + floor(r_dec / 0.85 * ($1::int - 14))::int ELSE $1::int + 1 + floor((r_dec - 0.85) * 300)::int END AS decided_on,
                CASE WHEN r_outcome < 0.30 THEN 'refuse' WHEN r_outcome < 0.38 THEN 'not_issue' WHEN r_outcome < 0.42 THEN 'withdraw' ELSE 'plan' END AS outcome,
                req + CASE WHEN r_time < 0.5 THEN 90 + floor(r_time * 2 * ($2::int - 90))::int
                           WHEN r_time < 0.9 THEN $2::int + 1 + floor((r_time - 0.5) / 0.4 * ($3::int - $2::int - 1))::int
                           ELSE $3::int + 1 + floor((r_time - 0.9) * 1500)::int END AS final_on,
                r_exc < CASE WHEN g.la_n IN (7, 42) THEN 0.9 ELSE 0.05 END AS excepted
           FROM scale_gen g JOIN scale_la l ON l.n = g.la_n JOIN scale_cw c ON c.la_n = g.la_n AND c.k = g.cw`,
        [decisionDays, within20, within52],
      );
    });
    await step('children', () =>
      db.query(
        `INSERT INTO children (id, local_authority_id, given_name, family_name, search_name, date_of_birth, sex)
         SELECT child_id, la_id, 'Child', 'Scale ' || n, 'child scale ' || n, req - (365 * 4 + floor(r_time * 365 * 12)::int), CASE WHEN r_exc < 0.7 THEN 'M' ELSE 'F' END FROM scale_case`,
      ),
    );
    await db.query(`ALTER TABLE assessments DISABLE TRIGGER trg_assessments_report_timeliness`);
    await step('assessments (summary trigger off)', () =>
      db.query(
        `INSERT INTO assessments (id, local_authority_id, child_id, status, request_received_on, request_source, caseworker_id, decision_to_assess, decision_to_assess_on,
                                  decision_to_issue, decision_to_issue_on, draft_issued_on, final_issued_on, withdrawn_on, withdrawal_reason, exceptions_apply, imported)
         SELECT id, la_id, child_id,
                CASE WHEN decided_on > current_date THEN 'awaiting_decision'
                     WHEN outcome = 'refuse' THEN 'refused'
                     WHEN outcome = 'withdraw' THEN CASE WHEN decided_on + 20 <= current_date THEN 'withdrawn' ELSE 'assessing' END
                     WHEN outcome = 'not_issue' THEN CASE WHEN decided_on + 60 <= current_date THEN 'not_issuing' ELSE 'assessing' END
                     WHEN final_on <= current_date THEN 'plan_issued'
                     WHEN final_on - 25 <= current_date THEN 'draft_issued'
                     WHEN final_on - 35 <= current_date THEN 'drafting'
                     ELSE 'assessing' END,
                req, (ARRAY['parent', 'school', 'parent', 'young_person', 'other'])[1 + (n % 5)], caseworker_id,
                CASE WHEN decided_on > current_date THEN NULL WHEN outcome = 'refuse' THEN 'refuse' ELSE 'assess' END,
                CASE WHEN decided_on > current_date THEN NULL ELSE decided_on END,
                CASE WHEN decided_on > current_date THEN NULL WHEN outcome = 'not_issue' AND decided_on + 60 <= current_date THEN 'not_issue'
                     WHEN outcome = 'plan' AND final_on - 35 <= current_date THEN 'issue' END,
                CASE WHEN decided_on > current_date THEN NULL WHEN outcome = 'not_issue' AND decided_on + 60 <= current_date THEN decided_on + 60
                     WHEN outcome = 'plan' AND final_on - 35 <= current_date THEN final_on - 35 END,
                CASE WHEN outcome = 'plan' AND decided_on <= current_date AND final_on - 25 <= current_date THEN final_on - 25 END,
                CASE WHEN outcome = 'plan' AND decided_on <= current_date AND final_on <= current_date THEN final_on END,
                CASE WHEN outcome = 'withdraw' AND decided_on <= current_date AND decided_on + 20 <= current_date THEN decided_on + 20 END,
                CASE WHEN outcome = 'withdraw' AND decided_on <= current_date AND decided_on + 20 <= current_date THEN 'request_withdrawn' END,
                outcome = 'plan' AND excepted, true
           FROM scale_case ORDER BY la_id, req`,
      ),
    );
    await step('exceptions (one per flagged case)', () =>
      db.query(
        `INSERT INTO assessment_exceptions (assessment_id, local_authority_id, ground, affects, starts_on, ends_on, reason)
         SELECT id, local_authority_id, 'personal_circumstances', ARRAY['decision_to_assess', 'no_plan_notice', 'final_plan'], request_received_on + 30, request_received_on + 45, 'Synthetic exception'
           FROM assessments WHERE exceptions_apply`,
      ),
    );
    await step('advice requests (education, health, psychology; social care for 1 in 3)', () =>
      // Asked the day after the decision to assess. Received: 60% within the 6 weeks, the rest up to 10 weeks late;
      // for cases still assessing, a third not yet. One in ten is addressed to nobody (an unowned deadline).
      db.query(
        `INSERT INTO advice_requests (local_authority_id, assessment_id, child_id, discipline, requested_on, assignee_user_id, status, received_on)
         SELECT local_authority_id, id, child_id, discipline, requested_on, CASE WHEN r_owner < 0.1 THEN NULL ELSE caseworker_id END,
                CASE WHEN received IS NULL THEN 'requested' ELSE 'accepted' END, received
           FROM (SELECT *, CASE WHEN status = 'assessing' AND (r_open < 0.33 OR requested_on + delay > current_date) THEN NULL
                                ELSE GREATEST(requested_on, LEAST(current_date, requested_on + delay)) END AS received
                   FROM (SELECT *, CASE WHEN r_late < 0.6 THEN 20 + floor(r_late / 0.6 * 22)::int ELSE $1::int + 1 + floor((r_late - 0.6) * 175)::int END AS delay
                   FROM (SELECT a.local_authority_id, a.id, a.child_id, a.caseworker_id, a.status, d.discipline, a.decision_to_assess_on + 1 AS requested_on,
                                random() AS r_owner, random() AS r_late, random() AS r_open
                           FROM assessments a CROSS JOIN (VALUES ('education'), ('health'), ('psychology'), ('social_care')) AS d(discipline)
                          WHERE a.decision_to_assess = 'assess' AND (d.discipline <> 'social_care' OR abs(hashtext(a.id::text)) % 3 = 0)) drawn) delayed) received`,
        [adviceDays],
      ),
    );
    await step('open deadlines (decision, no-plan, final, advice)', async () => {
      const regs = (kind: DeadlineKind) => STATUTORY_RULES[kind].regulation;
      await db.query(
        `INSERT INTO deadlines (local_authority_id, subject_type, subject_id, assessment_id, key, kind, starts_on, due_on, regulation, statutory, state, owner_user_id, case_owner_user_id)
         SELECT a.local_authority_id, 'assessment', a.id, a.id, k.kind, k.kind, a.request_received_on, a.request_received_on + k.days, k.regulation, true, 'open', a.caseworker_id, a.caseworker_id
           FROM assessments a
           JOIN (VALUES ('decision_to_assess', $1::int, $4, ARRAY['awaiting_decision']), ('no_plan_notice', $2::int, $5, ARRAY['awaiting_decision', 'assessing']),
                        ('final_plan', $3::int, $6, ARRAY['awaiting_decision', 'assessing', 'drafting', 'draft_issued'])) AS k(kind, days, regulation, statuses)
             ON a.status = ANY(k.statuses)
          WHERE a.status IN ('awaiting_decision', 'assessing', 'drafting', 'draft_issued')`,
        [decisionDays, noPlanDays, finalDays, regs(DeadlineKind.DecisionToAssess), regs(DeadlineKind.NoPlanNotice), regs(DeadlineKind.FinalPlan)],
      );
      // Advice deadlines of open cases, one per advice request (open while the advice is outstanding).
      await db.query(
        `INSERT INTO deadlines (local_authority_id, subject_type, subject_id, assessment_id, key, kind, advice_request_id, starts_on, due_on, regulation, statutory, state, completed_on, owner_user_id, case_owner_user_id)
         SELECT r.local_authority_id, 'assessment', r.assessment_id, r.assessment_id, 'advice:' || r.id, 'advice', r.id, r.requested_on, r.requested_on + $1::int, $2, true,
                CASE WHEN r.received_on IS NULL THEN 'open' ELSE 'completed' END, r.received_on, r.assignee_user_id, a.caseworker_id
           FROM advice_requests r JOIN assessments a ON a.id = r.assessment_id
          WHERE a.status IN ('assessing', 'drafting', 'draft_issued')`,
        [adviceDays, regs(DeadlineKind.Advice)],
      );
    });
    await step('summary rebuild, trigger back on', async () => {
      await db.query(`SELECT report_timeliness_rebuild()`);
      await db.query(`ALTER TABLE assessments ENABLE TRIGGER trg_assessments_report_timeliness`);
    });
    await step('drop generator tables, VACUUM ANALYZE', async () => {
      await db.query(`DROP TABLE scale_case, scale_gen, scale_cw, scale_la`);
      await db.query(`VACUUM ANALYZE`);
    });
    const [counts] = (
      await db.query<{ requests: string; plans: string; open: string; deadlines: string; advice: string; excepted: string }>(
        `SELECT (SELECT count(*) FROM assessments) AS requests, (SELECT count(*) FROM assessments WHERE final_issued_on IS NOT NULL) AS plans,
                (SELECT count(*) FROM assessments WHERE status IN ('awaiting_decision', 'assessing', 'drafting', 'draft_issued')) AS open, (SELECT count(*) FROM deadlines) AS deadlines,
                (SELECT count(*) FROM advice_requests) AS advice, (SELECT count(*) FROM assessments WHERE exceptions_apply) AS excepted`,
      )
    ).rows;
    console.log(
      `Loaded ${counts.requests} requests, ${counts.plans} plans issued (${counts.excepted} with the exceptions flag), ${counts.open} open, ${counts.advice} advice requests, ${counts.deadlines} deadlines in ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    );
    console.log(`Sign in as ${scaleManagerEmail(1)} (a manager of "Scale LA 1") or ${SCALE_ANALYST_EMAIL} (national analyst), password ${SCALE_PASSWORD}.`);
  } finally {
    await db.end();
  }
  return 0;
}
