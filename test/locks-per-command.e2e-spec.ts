import { Role } from '@app/core';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Issue 22: a command takes each row's lock once. The locking statements (`FOR UPDATE`, `FOR NO KEY UPDATE`) that one
 * request sends, recorded at the TypeORM query runner (the real queries to the real PostgreSQL, nothing replaced),
 * grouped by table and the row's id: any row locked twice in one command fails here, with the statements that did it.
 */
function recordLocks() {
  const locks: { table: string; row: string; sql: string }[] = [];
  const all: string[] = [];
  const original = PostgresQueryRunner.prototype.query;
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (this: PostgresQueryRunner, query: string, parameters?: unknown, ...rest: unknown[]) {
    all.push(query.replace(/\s+/g, ' '));
    if (/\bFOR (NO KEY )?UPDATE\b/i.test(query)) {
      const table = /\bFROM\s+"?([a-z_]+)"?/i.exec(query)?.[1] ?? '?';
      const row = (Array.isArray(parameters) ? (parameters as unknown[]) : []).find((p) => typeof p === 'string' && UUID.test(p)) as string | undefined;
      locks.push({ table, row: row ?? '?', sql: query.replace(/\s+/g, ' ').slice(0, 160) });
    }
    return (original as (...args: unknown[]) => Promise<unknown>).call(this, query, parameters, ...rest) as never;
  });
  return {
    locks,
    all,
    stop: () => spy.mockRestore(),
    /** Each (table, row) locked more than once, with how often. */
    repeated: () => {
      const counts = new Map<string, number>();
      for (const l of locks) counts.set(`${l.table}:${l.row}`, (counts.get(`${l.table}:${l.row}`) ?? 0) + 1);
      return [...counts].filter(([, n]) => n > 1).map(([key, n]) => ({ key, n, sql: locks.filter((l) => `${l.table}:${l.row}` === key).map((l) => l.sql) }));
    },
  };
}

describe('one lock per row per command (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-01') });
    const la = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
  });
  afterAll(() => t.close());

  it('a review’s decision to cease (reviews -> plans ceasing -> reviews, appeals, deadlines, reminders) locks the plan, the review and the schedule once each', async () => {
    t.clock.set(londonNoon('2026-04-01'));
    const cw = bearer(caseworker);
    const { planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2012-06-01', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-01-20' });
    const review = (await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2026-03-16' }).expect(201)).body;
    const recorder = recordLocks();
    try {
      await t.http.post(`/api/v1/reviews/${review.id}/decision`).set(cw).send({ decision: 'cease', notifiedOn: '2026-03-31', ceaseReason: 2 }).expect(200);
    } finally {
      recorder.stop();
    }
    // The command did lock what it changes (so this test cannot pass by seeing nothing).
    expect(recorder.locks.map((l) => `${l.table}:${l.row}`)).toEqual(expect.arrayContaining([`plans:${planId}`, `reviews:${review.id}`]));
    expect(recorder.repeated()).toEqual([]);
    // No read-back of what it has just written: the cessation it inserts is not selected again in the command.
    const inserted = recorder.all.findIndex((q) => /^INSERT INTO "plan_cessations"/i.test(q));
    expect(inserted).toBeGreaterThan(-1);
    expect(recorder.all.slice(inserted + 1).filter((q) => /^SELECT .* FROM "plan_cessations"/i.test(q))).toEqual([]);
  });

  it('an order (conceded) reopening a refused assessment re-enters the assessment’s command once: the appeal and the assessment locked once each', async () => {
    t.clock.set(londonNoon('2026-04-01'));
    const cw = bearer(caseworker);
    const child = await t.http.post('/api/v1/children').set(cw).send({ givenName: 'Order', familyName: 'Child', dateOfBirth: '2016-01-01' }).expect(201);
    const assessmentId = (await t.http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-02-02', requestSource: 'parent' }).expect(201)).body.id as string;
    await t.http.post(`/api/v1/assessments/${assessmentId}/decision-to-assess`).set(cw).send({ decision: 'refuse', decidedOn: '2026-02-10' }).expect(200);
    const appealId = (await t.http.post('/api/v1/appeals').set(cw).send({ subjectType: 'assessment', subjectId: assessmentId, decision: 'refuse_to_assess', noticeOn: '2026-02-10' }).expect(201)).body.id as string;
    const recorder = recordLocks();
    try {
      await t.http.post(`/api/v1/appeals/${appealId}/orders`).set(cw).send({ kind: 'assess', orderedOn: '2026-03-20', concession: true }).expect(201);
    } finally {
      recorder.stop();
    }
    expect(recorder.locks.map((l) => `${l.table}:${l.row}`)).toEqual(expect.arrayContaining([`appeals:${appealId}`, `assessments:${assessmentId}`]));
    expect(recorder.repeated()).toEqual([]);
  });
});
