import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestLocalAuthority, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';
import { parseSen2, Sen2Request, sen2Persons, xsdErrors } from './support/sen2-xml';

/**
 * SEN2 items that come from plans across boundaries (issue 28 and sen2-2026.md): residential placements coded by CBDS
 * RFC 1299 (PlanRes, RES), personal budgets (PB), a plan transferred in from another LA (TransferLA) and an
 * assessment that moved out while in progress (Exported). Each file is validated against the XSD.
 */
describe('SEN2 across boundaries (e2e)', () => {
  const CENSUS = '2027-01-21';
  let t: TestApp;
  let oldLa: TestLocalAuthority;
  let newLa: TestLocalAuthority;
  let cwOld: TestUser;
  let cwNew: TestUser;
  let managerOld: TestUser;
  let managerNew: TestUser;
  let residential: { planId: string; assessmentId: string; childId: string };
  let internship: { planId: string; assessmentId: string; childId: string };
  let legacyA: { planId: string };
  let legacyB: { planId: string };
  let exportedId: string;
  let newPlanId: string;

  const xmlOf = async (user: TestUser) => {
    const response = await t.http
      .get(`/api/v1/reports/sen2?censusDate=${CENSUS}&format=xml`)
      .set(bearer(user))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    return response.body as string;
  };
  const requestsOf = (xml: string): Sen2Request[] => sen2Persons(parseSen2(xml)).flatMap((p) => p.Requests);

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-03-02') });
    oldLa = await createLocalAuthority(t.dataSource);
    newLa = await createLocalAuthority(t.dataSource);
    cwOld = await createUser(t.dataSource, t.http, oldLa.id, Role.Caseworker);
    cwNew = await createUser(t.dataSource, t.http, newLa.id, Role.Caseworker);
    managerOld = await createUser(t.dataSource, t.http, oldLa.id, Role.Manager);
    managerNew = await createUser(t.dataSource, t.http, newLa.id, Role.Manager);
    // A residential special school 45 weeks a year: RFC 1299's B (the old list would have said A).
    residential = await issueFinalPlan(t.http, cwOld, { dateOfBirth: '2014-05-10', requestReceivedOn: '2025-09-01', finalIssuedOn: '2025-10-06', placement: { name: 'Hill House School', urn: '123456', residentialWeeksPerYear: 45 } });
    legacyA = await issueFinalPlan(t.http, cwOld, { dateOfBirth: '2013-02-02', requestReceivedOn: '2025-09-01', finalIssuedOn: '2025-10-06', placement: { name: 'Old Code A School', urn: '123457', legacyResidentialCode: 'A' } });
    legacyB = await issueFinalPlan(t.http, cwOld, { dateOfBirth: '2013-03-03', requestReceivedOn: '2025-09-01', finalIssuedOn: '2025-10-06', placement: { name: 'Old Code B School', urn: '123458', legacyResidentialCode: 'B' } });
    // A young person on a supported internship: a work-based placement (PlanWBP, WBP).
    internship = await issueFinalPlan(t.http, cwOld, { dateOfBirth: '2007-04-04', requestReceivedOn: '2025-09-01', finalIssuedOn: '2025-10-06', placement: { name: 'Supported internship at the hospital', urn: '130001', workBased: true } });

    // The family asked for a personal budget at the review stage; the LA agreed one (s49): PB.
    const pb = await t.http.post(`/api/v1/plans/${residential.planId}/personal-budget-requests`).set(bearer(cwOld)).send({ receivedOn: '2026-02-02' }).expect(201);
    await t.http.post(`/api/v1/personal-budget-requests/${pb.body.id}/decision`).set(bearer(cwOld)).send({ decision: 'agree', amount: 3000, notifiedOn: '2026-02-16' }).expect(200);

    // A child moving out while assessed: Exported in the old LA's return.
    const child = await t.http.post('/api/v1/children').set(bearer(cwOld)).send({ givenName: 'Moving', familyName: 'Out', dateOfBirth: '2018-02-02', sex: 'M', ethnicity: 'WBRI', postcode: 'SW1A 1AA' }).expect(201);
    const a = await t.http.post('/api/v1/assessments').set(bearer(cwOld)).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    exportedId = a.body.id;
    await t.http.post(`/api/v1/assessments/${exportedId}/decision-to-assess`).set(bearer(cwOld)).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    await t.http.post(`/api/v1/assessments/${exportedId}/transfer-out`).set(bearer(cwOld)).send({ toLocalAuthorityName: 'Elsewhere Borough Council', toLocalAuthorityCode: '999', movesOn: '2026-03-02', learnedOn: '2026-02-27' }).expect(201);

    // The residential plan moves to the new LA, which imports the package: TransferLA in the new LA's return.
    const out = await t.http.post(`/api/v1/plans/${residential.planId}/transfer-out`).set(bearer(cwOld)).send({ toLocalAuthorityName: newLa.name, movesOn: '2026-03-10', learnedOn: '2026-03-02' }).expect(201);
    const pkg = (await t.http.get(`/api/v1/transfers/${out.body.id}/package`).set(bearer(cwOld)).expect(200)).body;
    t.clock.set(londonNoon('2026-03-10'));
    const imported = await t.http.post('/api/v1/transfers/import').set(bearer(cwNew)).send(pkg).expect(201);
    newPlanId = imported.body.planId;
    t.clock.set(londonNoon('2027-02-15'));
  }, 120_000);
  afterAll(() => t.close());

  it('codes residential placements by RFC 1299 and asks for the weeks where an old code A cannot be re-mapped', async () => {
    const { body } = await t.http.get(`/api/v1/reports/sen2?censusDate=${CENSUS}`).set(bearer(managerOld)).expect(200);
    const named = Object.fromEntries(body.modules.named_plans.map((n: { plan_id: string }) => [n.plan_id, n]));
    expect(named[residential.planId]).toMatchObject({ plan_residential: 'B', personal_budget: 'Y', direct_payment: 'N' });
    expect(named[legacyB.planId]).toMatchObject({ plan_residential: 'B', personal_budget: 'N' });
    expect(named[legacyA.planId]).toMatchObject({ plan_residential: null });
    const placement = body.modules.placements.find((p: { plan_id: string }) => p.plan_id === residential.planId);
    expect(placement).toMatchObject({ urn: '123456', residential: 'B', placement_rank: 1 });
    const validation = await t.http.get(`/api/v1/reports/sen2/validation?censusDate=${CENSUS}`).set(bearer(managerOld)).expect(200);
    const residentialErrors = validation.body.errors.filter((e: { field: string }) => e.field === 'residential');
    expect(residentialErrors).toEqual([expect.objectContaining({ recordId: legacyA.planId, item: 'PlanRes', module: 'placements', reason: expect.stringContaining('old residential code A') })]);
  });

  it('writes PlanRes, RES, PlanWBP, WBP, PB and Exported into the old LA’s XML, valid against the schema', async () => {
    const xml = await xmlOf(managerOld);
    expect(await xsdErrors(xml)).toEqual([]);
    const requests = requestsOf(xml);
    const withPlan = (urn: string) => requests.find((r) => r.Assessment?.NamedPlan?.PlanDetail?.[0]?.URN === urn)!;
    expect(withPlan('123456').Assessment!.NamedPlan).toMatchObject({ PlanRes: 'B', PB: '1', StartDate: '2025-10-06' });
    expect(withPlan('123456').ActivePlans).toMatchObject({ RES: 'B' });
    expect(withPlan('123456').ActivePlans!.PlacementDetail![0]).toMatchObject({ URN: '123456', RES: 'B', PlacementRank: '1' });
    expect(withPlan('123458').Assessment!.NamedPlan).toMatchObject({ PlanRes: 'B', PB: '0' });
    expect(withPlan('123457').Assessment!.NamedPlan!.PlanRes).toBeUndefined();
    // Work-based placements: PlanWBP on the named plan, WBP on the active plan and its placement; 0 for the others.
    expect(withPlan('130001').Assessment!.NamedPlan).toMatchObject({ PlanWBP: '1' });
    expect(withPlan('130001').ActivePlans).toMatchObject({ WBP: '1' });
    expect(withPlan('130001').ActivePlans!.PlacementDetail![0]).toMatchObject({ URN: '130001', WBP: '1' });
    expect(withPlan('123458').Assessment!.NamedPlan).toMatchObject({ PlanWBP: '0' });
    const named = (await t.http.get(`/api/v1/reports/sen2?censusDate=${CENSUS}&module=named_plans`).set(bearer(managerOld)).expect(200)).body.modules.named_plans;
    expect(named.find((n: { plan_id: string }) => n.plan_id === internship.planId)).toMatchObject({ plan_work_based: 'Y' });
    const exported = requests.filter((r) => r.Exported === '1');
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({ ReceivedDate: '2026-01-05', RequestOutcome: 'A', RequestOutcomeDate: '2026-02-02' });
    const { body } = await t.http.get(`/api/v1/reports/sen2?censusDate=${CENSUS}&module=requests`).set(bearer(managerOld)).expect(200);
    expect(body.modules.requests.find((r: { request_id: string }) => r.request_id === exportedId)).toMatchObject({ exported: 'Y' });
  });

  it('reports the plan transferred in with the old LA’s code (TransferLA) as an active plan, not as a request made here', async () => {
    const { body } = await t.http.get(`/api/v1/reports/sen2?censusDate=${CENSUS}`).set(bearer(managerNew)).expect(200);
    expect(body.modules.active_plans).toEqual([expect.objectContaining({ plan_id: newPlanId, transfer_la: oldLa.code, residential: 'B' })]);
    expect(body.modules.requests).toEqual([]);
    expect(body.modules.named_plans).toEqual([]);
    const xml = await xmlOf(managerNew);
    expect(await xsdErrors(xml)).toEqual([]);
    const requests = requestsOf(xml);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ ReceivedDate: '2026-03-10', RequestOutcome: 'A', RequestOutcomeDate: '2026-03-10', Exported: '0' });
    expect(requests[0].Assessment).toBeUndefined();
    expect(requests[0].ActivePlans).toMatchObject({ TransferLA: oldLa.code, RES: 'B' });
    expect(requests[0].ActivePlans!.PlacementDetail![0]).toMatchObject({ URN: '123456', RES: 'B' });
    // The old LA's return knows nothing of the new LA's plan.
    expect(await xmlOf(managerOld)).not.toContain(`<TransferLA>`);
  });
});
