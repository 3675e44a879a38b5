import { Discipline, Role } from '@app/core';
import { addDays } from '@app/statutory-clock';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';

/**
 * The DfE timeliness report against a hand count. Historic cases go in through the import (the same validation as
 * the live commands); the expected figures below were counted by hand from the dates in this file.
 */
describe('timeliness report (e2e)', () => {
  let t: TestApp;
  let manager: TestUser;
  let otherManager: TestUser;

  /** A finished case: decided 30 days after the request, draft 20 days and decision to issue 25 days before the final. */
  const issued = (n: number, requestReceivedOn: string, finalIssuedOn: string, extra: Record<string, unknown> = {}) => ({
    externalReference: `T-${n}`,
    child: { givenName: 'Report', familyName: `Child ${'ABCDEFGHIJ'[n]}`, dateOfBirth: '2015-01-01' },
    requestReceivedOn,
    requestSource: 'parent',
    decisionToAssess: { decision: 'assess', decidedOn: addDays(requestReceivedOn, 30) },
    decisionToIssue: { decision: 'issue', decidedOn: addDays(finalIssuedOn, -25) },
    draftIssuedOn: addDays(finalIssuedOn, -20),
    finalIssuedOn,
    ...extra,
  });

  async function load(user: TestUser, lines: object[]) {
    const response = await t.http.post('/api/v1/assessments/import').set(bearer(user)).set('content-type', 'application/x-ndjson').send(lines.map((l) => JSON.stringify(l)).join('\n')).expect(200);
    expect(response.body).toMatchObject({ imported: lines.length, rejected: 0 });
  }

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-11-22') });
    const la = await createLocalAuthority(t.dataSource);
    const otherLa = await createLocalAuthority(t.dataSource);
    manager = await createUser(t.dataSource, t.http, la.id, Role.Manager);
    otherManager = await createUser(t.dataSource, t.http, otherLa.id, Role.Manager);
    await load(manager, [
      issued(1, '2025-01-06', '2025-05-26'), // day 140: within 20 weeks
      issued(2, '2025-01-06', '2025-05-27'), // day 141: 20 to 52 weeks
      issued(3, '2024-06-03', '2025-06-10'), // day 372: over 52 weeks
      issued(4, '2025-02-03', '2025-07-28', { exceptions: [{ ground: 'absence_from_area', startsOn: '2025-03-01', endsOn: '2025-04-15', reason: 'Family abroad' }] }), // day 175, excepted
      issued(5, '2025-03-03', '2025-06-30', { exceptions: [{ ground: 'personal_circumstances', startsOn: '2025-03-10', endsOn: '2025-03-20', reason: 'Bereavement' }] }), // day 119, excepted
      issued(6, '2025-10-01', '2026-02-10'), // issued outside the period
      { externalReference: 'T-8a', child: { givenName: 'Report', familyName: 'Refused', dateOfBirth: '2015-01-01' }, requestReceivedOn: '2025-01-06', requestSource: 'school', decisionToAssess: { decision: 'refuse', decidedOn: '2025-02-17' } }, // day 42
      { externalReference: 'T-8b', child: { givenName: 'Report', familyName: 'Late', dateOfBirth: '2015-01-01' }, requestReceivedOn: '2025-05-01', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2025-06-13' } }, // day 43
      { externalReference: 'T-9', child: { givenName: 'Report', familyName: 'No Plan', dateOfBirth: '2015-01-01' }, requestReceivedOn: '2025-01-06', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2025-02-05' }, decisionToIssue: { decision: 'not_issue', decidedOn: '2025-04-28' } }, // day 112
    ]);
    await load(otherManager, [issued(7, '2025-01-06', '2025-04-01')]);
  }, 60_000);
  afterAll(() => t.close());

  it('matches the hand count for 2025 (contract fields, DfE bands, exceptions excluded from both counts)', async () => {
    const response = await t.http.get('/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31').set(bearer(manager)).expect(200);
    expect(response.body).toMatchObject({
      from: '2025-01-01',
      to: '2025-12-31',
      plansIssued: 5,
      within20Weeks: 2,
      percentWithin20Weeks: 40,
      excludingExceptions: { plansIssued: 3, within20Weeks: 1, percentWithin20Weeks: 33.3 },
      withExceptions: 2,
      from20To52Weeks: 2,
      over52Weeks: 1,
      averageWeeksToIssue: 27.1, // (140 + 141 + 372 + 175 + 119) / 5 = 189.4 days
      decisionsWithin6Weeks: { decided: 8, onTime: 7, percentOnTime: 87.5 },
      noPlanNoticesWithin16Weeks: { decided: 1, onTime: 1, percentOnTime: 100 },
    });
    expect(response.body.byMonth.map((m: { month: string; plansIssued: number }) => [m.month, m.plansIssued])).toEqual([
      ['2025-05', 2],
      ['2025-06', 2],
      ['2025-07', 1],
    ]);
    expect(response.body.byMonth[0]).toMatchObject({ within20Weeks: 1, percentWithin20Weeks: 50, averageWeeksToIssue: 20.1 });
  });

  it('counts a plan on the first and the last day of the period, and nothing outside it', async () => {
    const may = await t.http.get('/api/v1/reports/timeliness?from=2025-05-26&to=2025-05-26').set(bearer(manager)).expect(200);
    expect(may.body).toMatchObject({ plansIssued: 1, within20Weeks: 1, percentWithin20Weeks: 100 });
    const empty = await t.http.get('/api/v1/reports/timeliness?from=2023-01-01&to=2023-12-31').set(bearer(manager)).expect(200);
    expect(empty.body).toMatchObject({ plansIssued: 0, percentWithin20Weeks: null, excludingExceptions: { plansIssued: 0, percentWithin20Weeks: null }, averageWeeksToIssue: null, byMonth: [] });
  });

  it('shows each LA only its own plans', async () => {
    const theirs = await t.http.get('/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31').set(bearer(otherManager)).expect(200);
    expect(theirs.body).toMatchObject({ plansIssued: 1, within20Weeks: 1 });
  });

  it('exports CSV', async () => {
    const csv = await t.http.get('/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31&format=csv').set(bearer(manager)).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toMatch(/^period,plans_issued,within_20_weeks,percent_within_20_weeks/);
    expect(rows[1]).toBe('2025-01-01..2025-12-31,5,2,40,3,1,33.3,2,2,1,27.1');
    expect(rows).toHaveLength(5);
  });

  it('refuses bad periods and readers without the permission', async () => {
    await t.http.get('/api/v1/reports/timeliness?from=2025-12-31&to=2025-01-01').set(bearer(manager)).expect(400);
    await t.http.get('/api/v1/reports/timeliness?from=2025-02-30&to=2025-12-31').set(bearer(manager)).expect(400);
    await t.http.get('/api/v1/reports/timeliness?to=2025-12-31').set(bearer(manager)).expect(400);
    const la = await createLocalAuthority(t.dataSource);
    const caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const professional = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: await createOrganisation(t.dataSource, [la.id]) });
    await t.http.get('/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31').set(bearer(caseworker)).expect(403);
    await t.http.get('/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31').set(bearer(professional)).expect(403);
  });

  it('publishes the bands and the average excluding exceptions too (DfE), from the same hand count', async () => {
    const response = await t.http.get('/api/v1/reports/timeliness?from=2025-01-01&to=2025-12-31').set(bearer(manager)).expect(200);
    // Excluding T-4 and T-5: T-1 (day 140), T-2 (day 141), T-3 (day 372).
    expect(response.body.excludingExceptions).toEqual({ plansIssued: 3, within20Weeks: 1, percentWithin20Weeks: 33.3, from20To52Weeks: 1, over52Weeks: 1, averageWeeksToIssue: 31.1 }); // 653 / 3 / 7
  });

  it('counts the 6-week measure by the request’s period and every limit to the day the family was notified (issue 15)', async () => {
    // In 2022, so that the counts above are untouched (this test runs last).
    const request = (ref: string, requestReceivedOn: string, extra: Record<string, unknown>) => ({
      externalReference: ref,
      child: { givenName: 'Report', familyName: `Cohort ${ref}`, dateOfBirth: '2015-01-01' },
      requestReceivedOn,
      requestSource: 'parent',
      ...extra,
    });
    await load(manager, [
      request('R-1', '2022-12-20', { decisionToAssess: { decision: 'assess', decidedOn: '2023-01-20' } }), // received in 2022, decided in 2023 (day 31)
      request('R-2', '2022-03-01', { decisionToAssess: { decision: 'refuse', decidedOn: '2022-04-12', notifiedOn: '2022-04-13' } }), // decided day 42, told day 43: late
      { ...issued(8, '2022-01-10', '2022-05-30'), finalNotifiedOn: '2022-05-31' }, // issued day 140, sent day 141: not within 20 weeks
      request('R-4', '2022-06-01', {}), // never decided
    ]);
    const year = await t.http.get('/api/v1/reports/timeliness?from=2022-01-01&to=2022-12-31').set(bearer(manager)).expect(200);
    expect(year.body).toMatchObject({
      plansIssued: 1,
      within20Weeks: 0,
      from20To52Weeks: 1,
      decisionsWithin6Weeks: { decided: 3, onTime: 2, undecidedPast6Weeks: 1 }, // R-1 and T-8 (day 30) on time, R-2 late
    });
    // The same from the assessments themselves (a partial month) rather than the monthly summary.
    const december = await t.http.get('/api/v1/reports/timeliness?from=2022-12-15&to=2022-12-31').set(bearer(manager)).expect(200);
    expect(december.body.decisionsWithin6Weeks).toMatchObject({ decided: 1, onTime: 1, undecidedPast6Weeks: 0 });
    const may = await t.http.get('/api/v1/reports/timeliness?from=2022-05-30&to=2022-05-30').set(bearer(manager)).expect(200);
    expect(may.body).toMatchObject({ plansIssued: 1, within20Weeks: 0 });
    const next = await t.http.get('/api/v1/reports/timeliness?from=2023-01-01&to=2023-12-31').set(bearer(manager)).expect(200);
    expect(next.body.decisionsWithin6Weeks).toMatchObject({ decided: 0 });
  });
});
