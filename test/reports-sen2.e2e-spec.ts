import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { parseSen2, sen2Persons, xsdErrors } from './support/sen2-xml';
import { seekAdviceForDraft } from './support/advice-before-draft';

/**
 * The SEN2 export for census date 2027-01-21 (activity in 2026), against a hand count of the cases below. Every
 * record is exported, failing ones too, with their reasons in the errors module.
 */
describe('SEN2 export (e2e)', () => {
  const CENSUS = '2027-01-21';
  let t: TestApp;
  let manager: TestUser;
  let otherManager: TestUser;
  const child: Record<string, string> = {};
  const request: Record<string, string> = {};

  const complete = (familyName: string, extra: object = {}) => ({ givenName: 'Sen', familyName, dateOfBirth: '2014-03-01', sex: 'F', ethnicity: 'WBRI', postcode: 'SW1A 1AA', uln: '1234567890', ...extra });

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2027-02-15') });
    const la = await createLocalAuthority(t.dataSource);
    manager = await createUser(t.dataSource, t.http, la.id, Role.Manager);
    otherManager = await createUser(t.dataSource, t.http, (await createLocalAuthority(t.dataSource)).id, Role.Manager);
    const make = async (key: string, body: object) => {
      child[key] = (await t.http.post('/api/v1/children').set(bearer(manager)).send(body).expect(201)).body.id;
    };
    await make('c1', complete('One', { settingUrn: '123456' }));
    await make('c2', { givenName: 'Sen', familyName: 'Two', dateOfBirth: '2016-05-05' }); // sex unknown, no ethnicity, postcode, UPN or ULN
    await make('c3', complete('Three')); // no setting
    await make('c4', complete('Four'));
    await make('c5', complete('Five'));
    await make('c6', complete('Six', { settingUrn: 'EHE' }));
    const lines = [
      // S-1: plan issued in 2026 with the 20-week exceptions flag.
      { ref: 'S-1', childId: child.c1, requestReceivedOn: '2026-01-05', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2026-02-04' }, exceptions: [{ ground: 'personal_circumstances', startsOn: '2026-02-10', endsOn: '2026-02-20', reason: 'Bereavement' }], decisionToIssue: { decision: 'issue', decidedOn: '2026-04-30' }, draftIssuedOn: '2026-05-05', finalIssuedOn: '2026-05-25' },
      // S-2: refused in 2026.
      { ref: 'S-2', childId: child.c2, requestReceivedOn: '2026-03-02', requestSource: 'school', decisionToAssess: { decision: 'refuse', decidedOn: '2026-04-01' } },
      // S-3: plan issued in 2024, still active: in the plan modules only.
      { ref: 'S-3', childId: child.c3, requestReceivedOn: '2024-01-08', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2024-02-07' }, decisionToIssue: { decision: 'issue', decidedOn: '2024-04-20' }, draftIssuedOn: '2024-04-25', finalIssuedOn: '2024-05-20' },
      // S-4: closed in 2025 without a plan: not in the return at all.
      { ref: 'S-4', childId: child.c4, requestReceivedOn: '2025-06-02', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2025-07-01' }, decisionToIssue: { decision: 'not_issue', decidedOn: '2025-09-01' } },
      // S-5: ongoing at the census date, no decision yet; source other (a warning: the DfE queries heavy use of 5).
      { ref: 'S-5', childId: child.c5, requestReceivedOn: '2026-11-02', requestSource: 'other' },
      // S-6: child 1's second request; decided after the census date, so no outcome as at the census.
      { ref: 'S-6', childId: child.c1, requestReceivedOn: '2026-12-01', requestSource: 'young_person', decisionToAssess: { decision: 'assess', decidedOn: '2027-01-25' } },
      // S-7: assessed in 2026, final plan after the census date: assessment without an outcome, no named plan.
      { ref: 'S-7', childId: child.c6, requestReceivedOn: '2026-09-01', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2026-10-01' }, decisionToIssue: { decision: 'issue', decidedOn: '2027-01-02' }, draftIssuedOn: '2027-01-05', finalIssuedOn: '2027-01-30' },
    ];
    const response = await t.http
      .post('/api/v1/assessments/import')
      .set(bearer(manager))
      .set('content-type', 'application/x-ndjson')
      .send(lines.map(({ ref, ...line }) => JSON.stringify({ externalReference: ref, ...line })).join('\n'))
      .expect(200);
    expect(response.body).toMatchObject({ imported: 7, rejected: 0 });
    for (const [i, r] of (response.body.results as { assessmentId: string }[]).entries()) request[`S-${i + 1}`] = r.assessmentId;

    // S-8: a live plan with SEN2 need types in section B (ASD first, then SLCN), its placement in I by URN and a budget in J.
    await make('c7', complete('Seven'));
    const live = bearer(manager);
    const at = (date: string) => t.clock.set(londonNoon(date));
    at('2026-02-02');
    const created = await t.http.post('/api/v1/assessments').set(live).send({ childId: child.c7, requestReceivedOn: '2026-02-02', requestSource: 'parent' }).expect(201);
    request['S-8'] = created.body.id;
    at('2026-03-02');
    await t.http.post(`/api/v1/assessments/${request['S-8']}/decision-to-assess`).set(live).send({ decision: 'assess', decidedOn: '2026-03-02' }).expect(200);
    at('2026-05-01');
    const decided = await t.http.post(`/api/v1/assessments/${request['S-8']}/decision-to-issue`).set(live).send({ decision: 'issue', decidedOn: '2026-05-01' }).expect(200);
    const planId = decided.body.planId as string;
    const write = async (code: string, body: object) => {
      const plan = await t.http.get(`/api/v1/plans/${planId}`).set(live).expect(200);
      await t.http.put(`/api/v1/plans/${planId}/sections/${code}`).set(live).set('if-match', plan.headers.etag).send(body).expect(200);
    };
    await write('A', { text: 'Views' });
    await write('B', { text: 'Needs', items: [{ id: 'n1', area: 'ASD', description: 'Autism' }, { id: 'n2', area: 'communication', description: 'Speech' }, { id: 'n3', area: 'SLCN', description: 'Language' }] });
    await write('E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Communicates needs', needIds: ['n1', 'n2', 'n3'] }] });
    await write('F', { text: 'Provision', items: [{ id: 'p1', description: 'SALT', frequency: 'weekly', duration: '1 year', deliveredBy: 'NHS SALT', outcomeIds: ['o1'] }] });
    await write('J', { text: 'Personal budget', items: [{ description: 'Transport', annualAmountPence: 120000, directPayment: true }] });
    at('2026-05-05');
    await seekAdviceForDraft(t.http, live, request['S-8']);
    await t.http.post(`/api/v1/assessments/${request['S-8']}/draft-plan`).set(live).send({ issuedOn: '2026-05-05' }).expect(200);
    await write('I', { text: '', items: [{ name: 'Oak Primary', urn: '100001', type: 'Mainstream primary' }] });
    at('2026-06-01');
    await t.http.post(`/api/v1/assessments/${request['S-8']}/final-plan`).set(live).send({ issuedOn: '2026-06-01' }).expect(200);
    request['S-8-plan'] = planId;
    at('2027-02-15');
    // The refusal of S-2 went to mediation and then to the Tribunal: the request's flags.
    const appeal = await t.http.post('/api/v1/appeals').set(live).send({ subjectType: 'assessment', subjectId: request['S-2'], decision: 'refuse_to_assess', noticeOn: '2026-04-01' }).expect(201);
    await t.http.post(`/api/v1/appeals/${appeal.body.id}/mediation-certificate`).set(live).send({ issuedOn: '2026-05-01' }).expect(200);
    await t.http.post(`/api/v1/appeals/${appeal.body.id}/lodged`).set(live).send({ lodgedOn: '2026-05-20' }).expect(200);
  }, 60_000);
  afterAll(() => t.close());

  const sen2 = (query = '') => t.http.get(`/api/v1/reports/sen2?censusDate=${CENSUS}${query}`).set(bearer(manager));

  it('agrees with the timeliness report on the plans issued and the 20-week exceptions flag (Week20)', async () => {
    const { body } = await sen2().expect(200);
    const issued = body.modules.assessments.filter((a: { assessment_outcome: string | null }) => a.assessment_outcome === 'issue_plan');
    const timeliness = await t.http.get('/api/v1/reports/timeliness?from=2026-01-01&to=2026-12-31').set(bearer(manager)).expect(200);
    expect(timeliness.body.plansIssued).toBe(issued.length);
    expect(timeliness.body.withExceptions).toBe(issued.filter((a: { week20: string }) => a.week20 === 'Y').length);
    expect(timeliness.body.excludingExceptions.plansIssued).toBe(issued.filter((a: { week20: string }) => a.week20 === 'N').length);
  });

  it('exports every module as at the census date, by hand count', async () => {
    const { body } = await sen2().expect(200);
    expect(body).toMatchObject({ censusDate: CENSUS, activityFrom: '2026-01-01', activityTo: '2026-12-31' });
    expect(body.modules.person.map((p: { person_id: string }) => p.person_id).sort()).toEqual([child.c1, child.c2, child.c3, child.c5, child.c6, child.c7].sort());
    const requests = Object.fromEntries(body.modules.requests.map((r: { request_id: string }) => [r.request_id, r]));
    expect(Object.keys(requests).sort()).toEqual([request['S-1'], request['S-2'], request['S-5'], request['S-6'], request['S-7'], request['S-8']].sort());
    expect(requests[request['S-1']]).toMatchObject({ received_date: '2026-01-05', request_source: 'parent', request_outcome: 'assess', request_outcome_date: '2026-02-04', request_mediation: 'N', request_tribunal: 'N', rya: 'N', exported: 'N' });
    expect(requests[request['S-2']]).toMatchObject({ request_outcome: 'refuse', request_outcome_date: '2026-04-01', request_source: 'school', request_mediation: 'Y', request_tribunal: 'Y' });
    expect(requests[request['S-5']]).toMatchObject({ request_outcome: null, request_outcome_date: null });
    expect(requests[request['S-6']]).toMatchObject({ person_id: child.c1, request_outcome: null, request_source: 'young_person' });
    const assessments = Object.fromEntries(body.modules.assessments.map((a: { request_id: string }) => [a.request_id, a]));
    expect(Object.keys(assessments).sort()).toEqual([request['S-1'], request['S-7'], request['S-8']].sort());
    expect(assessments[request['S-8']]).toMatchObject({ assessment_outcome: 'issue_plan', assessment_outcome_date: '2026-06-01', week20: 'N' });
    expect(assessments[request['S-1']]).toMatchObject({ assessment_outcome: 'issue_plan', assessment_outcome_date: '2026-05-25', week20: 'Y' });
    expect(assessments[request['S-7']]).toMatchObject({ assessment_outcome: null, assessment_outcome_date: null, week20: null });
    // Imported plans have no plan record: they are identified by their request.
    expect(body.modules.named_plans.map((p: { plan_id: string; request_id: string; start_date: string; personal_budget: string }) => [p.plan_id, p.request_id, p.start_date, p.personal_budget]).sort()).toEqual(
      [
        [request['S-1'], request['S-1'], '2026-05-25', 'N'],
        [request['S-3'], request['S-3'], '2024-05-20', 'N'],
        [request['S-8-plan'], request['S-8'], '2026-06-01', 'Y'],
      ].sort(),
    );
    expect(body.modules.active_plans).toHaveLength(3);
    expect(body.modules.active_plans[0]).toMatchObject({ review_meeting_date: null, review_decision_date: null, review_outcome: null, draft_amended_plan_date: null });
    // S-1's child is at URN 123456 (no plan content); S-3's child has no setting; S-8's section I names Oak Primary by URN.
    const placements = (rows: { person_id: string; placement_rank: number; urn: string | null; sen_setting: string | null }[]) => rows.map((p) => [p.person_id, p.placement_rank, p.urn, p.sen_setting]).sort();
    expect(placements(body.modules.placements)).toEqual([
      [child.c1, 1, '123456', null],
      [child.c7, 1, '100001', null],
    ].sort());
    // The placements named in the plans (module 4b): the same settings, for every named plan.
    expect(placements(body.modules.plan_details)).toEqual(placements(body.modules.placements));
    expect(body.modules.sen_needs.map((n: { plan_id: string; sen_type: string; sen_type_rank: number }) => [n.plan_id, n.sen_type, n.sen_type_rank])).toEqual([
      [request['S-8-plan'], 'ASD', 1],
      [request['S-8-plan'], 'SLCN', 2],
    ]);
    expect(body.counts).toEqual({ person: 6, requests: 6, assessments: 3, named_plans: 3, plan_details: 2, active_plans: 3, placements: 2, sen_needs: 2, errors: 7 });
  });

  it('lists every failing record with its reason instead of dropping it', async () => {
    const { body } = await sen2().expect(200);
    const errors = body.modules.errors.map((e: { module: string; person_id: string; field: string }) => `${e.module}:${e.person_id === child.c2 ? 'c2' : e.person_id === child.c1 ? 'c1' : e.person_id === child.c3 ? 'c3' : e.person_id}:${e.field}`);
    expect(errors.sort()).toEqual(
      [
        'person:c2:sex',
        'person:c2:ethnicity',
        'person:c2:postcode',
        'person:c2:upn', // neither a UPN nor a ULN
        'placements:c3:placement', // no placement anywhere
        'sen_needs:c1:sen_type', // no SEN2 need type in section B
        'sen_needs:c3:sen_type',
      ].sort(),
    );
    expect(body.modules.person.find((p: { person_id: string }) => p.person_id === child.c2)).toMatchObject({ surname: 'Two', sex: 'U', ethnicity: null });
  });

  it('exports each module as CSV', async () => {
    const person = await sen2('&format=csv&module=person').expect(200);
    expect(person.headers['content-type']).toMatch(/^text\/csv/);
    const rows = person.text.trim().split('\r\n');
    expect(rows[0]).toBe('person_id,surname,forename,person_birth_date,sex,ethnicity,postcode,upn,uln');
    expect(rows).toHaveLength(7);
    expect(rows).toContain(`${child.c2},Two,Sen,2016-05-05,U,,,,`);
    const errors = await sen2('&format=csv&module=errors').expect(200);
    expect(errors.text.split('\r\n')[0]).toBe('module,record_id,person_id,field,reason');
    expect(errors.text).toContain(`person,${child.c2},${child.c2},ethnicity,ethnicity not recorded`);
    const requests = await sen2('&format=csv&module=requests').expect(200);
    expect(requests.text.split('\r\n')[0]).toBe('request_id,person_id,received_date,request_source,request_outcome,request_outcome_date,request_mediation,request_tribunal,rya,exported');
    expect(requests.text).toContain(`${request['S-2']},${child.c2},2026-03-02,school,refuse,2026-04-01,Y,Y,N,N`);
  });

  it('lists every error our rules find, with the child, the SEN2 item and what to fix, by hand count', async () => {
    const { body } = await t.http.get(`/api/v1/reports/sen2/validation?censusDate=${CENSUS}`).set(bearer(manager)).expect(200);
    const name = (key: string) => ({ c1: 'Sen One', c2: 'Sen Two', c3: 'Sen Three', c5: 'Sen Five' })[key];
    const row = (key: string, module: string, recordId: string, item: string) => ({ childId: child[key], childName: name(key), module, recordId, item });
    const shape = (issues: { childId: string; childName: string; module: string; recordId: string; item: string }[]) =>
      issues.map(({ childId, childName, module, recordId, item }) => ({ childId, childName, module, recordId, item })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const sorted = (rows: object[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(shape(body.errors)).toEqual(
      sorted([
        row('c2', 'person', child.c2, 'Sex'),
        row('c2', 'person', child.c2, 'Ethnicity'),
        row('c2', 'person', child.c2, 'PostCode'),
        row('c2', 'person', child.c2, 'UPN'),
        row('c3', 'placements', request['S-3'], 'PlacementDetail'),
        row('c3', 'sen_needs', request['S-3'], 'SENtype'),
        row('c1', 'sen_needs', request['S-1'], 'SENtype'),
      ]),
    );
    expect(shape(body.warnings)).toEqual([row('c5', 'requests', request['S-5'], 'RequestSource')]);
    const sex = body.errors.find((e: { item: string }) => e.item === 'Sex');
    expect(sex.message).toBe("sex not recorded as M or F: record the child's sex as M or F on their record");
    // The same errors as the export's errors module, one for one.
    const exported = await sen2().expect(200);
    expect(body.errors).toHaveLength(exported.body.counts.errors);
    await t.http.get('/api/v1/reports/sen2/validation').set(bearer(manager)).expect(400);
  });

  it('writes the DfE XML: valid against the schema, read back by an independent parser, the same people and figures as the JSON', async () => {
    const response = await sen2('&format=xml').buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    }).expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/xml/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="sen2-${CENSUS}.xml"`);
    const xml = response.body as string;
    expect(await xsdErrors(xml)).toEqual([]);
    const doc = parseSen2(xml);
    expect(doc.Message.Header.CollectionDetails).toEqual({ Collection: 'SEN2', Year: '2027', ReferenceDate: CENSUS });
    expect(doc.Message.Header.Source.LEA).toMatch(/^\d{3}$/);
    const persons = sen2Persons(doc);
    expect(persons.map((p) => p.Surname).sort()).toEqual(['Five', 'One', 'Seven', 'Six', 'Three', 'Two']);
    const of = (surname: string) => persons.find((p) => p.Surname === surname)!;
    // Child 2: sex unknown, no ethnicity, postcode, UPN or ULN: those items are left out (and listed by the validation).
    expect(Object.keys(of('Two')).sort()).toEqual(['Forename', 'PersonBirthDate', 'Requests', 'Surname']);
    expect(of('Two').Requests).toHaveLength(1);
    expect(of('Two').Requests[0]).toMatchObject({ ReceivedDate: '2026-03-02', RequestSource: '2', RequestOutcome: 'R', RequestOutcomeDate: '2026-04-01', RequestMediation: '1', RequestTribunal: '1', Exported: '0' });
    // Child 1: two requests; the first issued with the exceptions flag (Week20 1), the second undecided as at the census.
    const [first, second] = of('One').Requests;
    expect(first).toMatchObject({ RequestSource: '1', RequestOutcome: 'A' });
    expect(first.Assessment).toMatchObject({ AssessmentOutcome: 'Y', AssessmentOutcomeDate: '2026-05-25', Week20: '1' });
    expect(first.Assessment?.NamedPlan).toMatchObject({ StartDate: '2026-05-25', PB: '0' });
    expect(first.ActivePlans?.PlacementDetail).toEqual([{ URN: '123456', PlacementRank: '1', WBP: '0' }]);
    expect(first.ActivePlans?.SENneed).toBeUndefined();
    expect(second).toMatchObject({ RequestSource: '1', RequestOutcome: 'H' });
    expect(second.Assessment).toBeUndefined();
    // Child 3: a plan from 2024 still active: its request, assessment and named plan carry it.
    expect(of('Three').Requests[0].Assessment?.NamedPlan).toMatchObject({ StartDate: '2024-05-20' });
    expect(of('Three').Requests[0].ActivePlans).toBe(''); // active, no review, no placement or need recorded (validation errors)
    // Child 5: source other (5), undecided; child 6: assessing, final plan after the census date.
    expect(of('Five').Requests[0]).toMatchObject({ RequestSource: '5', RequestOutcome: 'H' });
    expect(of('Six').Requests[0].Assessment).toMatchObject({ AssessmentOutcome: 'H' });
    expect(of('Six').Requests[0].Assessment?.NamedPlan).toBeUndefined();
    // Child 7: the live plan with a personal budget paid directly, its placement by URN and two need types.
    const seven = of('Seven').Requests[0];
    expect(seven.Assessment?.NamedPlan).toMatchObject({ StartDate: '2026-06-01', PB: '1', DP: '1', OA: '0' });
    expect(seven.Assessment?.NamedPlan?.PlanDetail).toEqual([{ URN: '100001', PlacementRank: '1' }]);
    expect(seven.ActivePlans?.SENneed).toEqual([
      { SENtype: 'ASD', SENtypeRank: '1' },
      { SENtype: 'SLCN', SENtypeRank: '2' },
    ]);
    // The same counts as the JSON export's modules.
    const { body } = await sen2().expect(200);
    const all = persons.flatMap((p) => p.Requests);
    expect(all.filter((r) => r.Assessment?.NamedPlan)).toHaveLength(body.counts.named_plans);
    expect(all.filter((r) => r.ActivePlans !== undefined)).toHaveLength(body.counts.active_plans);
    expect(all.flatMap((r) => r.ActivePlans?.PlacementDetail ?? [])).toHaveLength(body.counts.placements);
    expect(all.flatMap((r) => r.ActivePlans?.SENneed ?? [])).toHaveLength(body.counts.sen_needs);
  });

  it('is per LA, managers only, never national', async () => {
    const { body } = await t.http.get(`/api/v1/reports/sen2?censusDate=${CENSUS}`).set(bearer(otherManager)).expect(200);
    expect(body.counts.person).toBe(0);
    const la = await createLocalAuthority(t.dataSource);
    const caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const professional = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: await createOrganisation(t.dataSource, [la.id]) });
    const analyst = await createUser(t.dataSource, t.http, la.id, Role.NationalAnalyst);
    for (const user of [caseworker, professional, analyst]) {
      await t.http.get(`/api/v1/reports/sen2?censusDate=${CENSUS}`).set(bearer(user)).expect(403);
      await t.http.get(`/api/v1/reports/sen2?censusDate=${CENSUS}&format=xml`).set(bearer(user)).expect(403);
      await t.http.get(`/api/v1/reports/sen2/validation?censusDate=${CENSUS}`).set(bearer(user)).expect(403);
    }
    const other = await t.http.get(`/api/v1/reports/sen2/validation?censusDate=${CENSUS}`).set(bearer(otherManager)).expect(200);
    expect(other.body).toEqual({ censusDate: CENSUS, errors: [], warnings: [] });
    await sen2('&module=nope').expect(400);
    await t.http.get('/api/v1/reports/sen2?censusDate=2027-02-30').set(bearer(manager)).expect(400);
    const [row] = await t.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM audit_events WHERE actor_user_id = $1 AND action = 'report.sen2'`, [manager.id]);
    expect(Number(row.n)).toBeGreaterThanOrEqual(3);
  });
});
