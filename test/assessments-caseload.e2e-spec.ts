import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';

/** The caseload the web shows (GET /assessments?sort=nextDeadline&q=): names, UPNs, the soonest deadline first. */
describe('the caseload list (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let other: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-03-02') });
    const la = await createLocalAuthority(t.dataSource);
    const otherLa = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    other = await createUser(t.dataSource, t.http, otherLa.id, Role.Caseworker);
    // Requests received on different days: the 6-week decision deadlines fall in that order.
    const cases: [string, string, string, string | undefined][] = [
      ['late', 'Zed', 'Late', undefined],
      ['early', 'Amara', 'Okafor', 'A123456789012'],
      ['middle', 'Bea', 'Okafor', undefined],
    ];
    const received: Record<string, string> = { late: '2026-03-01', early: '2026-01-10', middle: '2026-02-01' };
    for (const [key, givenName, familyName, upn] of cases) {
      const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName, familyName, dateOfBirth: '2016-06-01', ...(upn ? { upn } : {}) }).expect(201);
      const assessment = await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: child.body.id, requestReceivedOn: received[key], requestSource: 'parent' }).expect(201);
      ids[key] = assessment.body.id;
    }
    // A closed case (refused) has no open deadline of the LA's: it sorts last.
    const closedChild = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Cal', familyName: 'Closed', dateOfBirth: '2016-06-01' }).expect(201);
    const closed = await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: closedChild.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    await t.http.post(`/api/v1/assessments/${closed.body.id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'refuse', decidedOn: '2026-01-20' }).expect(200);
    ids.closed = closed.body.id;
  });
  afterAll(() => t.close());

  it('sorts by the next open deadline, carries the child name and UPN, and pages without skipping', async () => {
    const first = await t.http.get('/api/v1/assessments?sort=nextDeadline&limit=2').set(bearer(caseworker)).expect(200);
    expect(first.body.items.map((i: { id: string }) => i.id)).toEqual([ids.early, ids.middle]);
    expect(first.body.items[0]).toMatchObject({ childName: 'Amara Okafor', childUpn: 'A123456789012', nextDeadline: { kind: 'decision_to_assess', dueOn: '2026-02-21', status: 'overdue' } });
    const second = await t.http.get(`/api/v1/assessments?sort=nextDeadline&limit=2&cursor=${first.body.nextCursor}`).set(bearer(caseworker)).expect(200);
    expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([ids.late, ids.closed]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('searches by a name prefix or an exact UPN, within the LA only', async () => {
    const byFamily = await t.http.get('/api/v1/assessments?sort=nextDeadline&q=okaf').set(bearer(caseworker)).expect(200);
    expect(byFamily.body.items.map((i: { childName: string }) => i.childName)).toEqual(['Amara Okafor', 'Bea Okafor']);
    const byFullName = await t.http.get('/api/v1/assessments?q=bea%20oka').set(bearer(caseworker)).expect(200);
    expect(byFullName.body.items.map((i: { id: string }) => i.id)).toEqual([ids.middle]);
    const byUpn = await t.http.get('/api/v1/assessments?q=a123456789012').set(bearer(caseworker)).expect(200);
    expect(byUpn.body.items.map((i: { id: string }) => i.id)).toEqual([ids.early]);
    const percent = await t.http.get('/api/v1/assessments?q=%25').set(bearer(caseworker)).expect(200);
    expect(percent.body.items).toEqual([]);
    const elsewhere = await t.http.get('/api/v1/assessments?q=okaf').set(bearer(other)).expect(200);
    expect(elsewhere.body.items).toEqual([]);
  });

  it('refuses a bad sort or an over-long search with problem details', async () => {
    const sort = await t.http.get('/api/v1/assessments?sort=name').set(bearer(caseworker)).expect(400);
    expect(sort.body.errors[0].field).toBe('sort');
    await t.http.get(`/api/v1/assessments?q=${'x'.repeat(101)}`).set(bearer(caseworker)).expect(400);
    // A cursor of the other order is not one this order issued.
    const newest = await t.http.get('/api/v1/assessments?limit=1').set(bearer(caseworker)).expect(200);
    await t.http.get(`/api/v1/assessments?sort=nextDeadline&cursor=${newest.body.nextCursor}`).set(bearer(caseworker)).expect(400);
  });
});
