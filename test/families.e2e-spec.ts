import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { familySignIn, latestMail, mailCount } from './support/family';
import { issueFinalPlan } from './support/issued-plan';
import { londonNoon } from './support/london';
import { seekAdviceForDraft } from './support/advice-before-draft';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n');
const fam = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Families in the process (issue 26), end to end over the real API: a caseworker invites a parent, the parent signs in
 * with the emailed code, sees the stage and dates, gives views, sends a document, responds to the draft with comments
 * and a school preference, and the caseworker answers each comment before the final plan issues within the 15 days.
 */
describe('families: co-production (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let otherLaCaseworker: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-01') });
    const la = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    otherLaCaseworker = await createUser(t.dataSource, t.http, (await createLocalAuthority(t.dataSource)).id, Role.Caseworker);
  });
  afterAll(() => t.close());

  /** A case with its draft plan issued on `draftOn`; answers the child's and the case's ids and the plan's. */
  async function draftCase(options: { dateOfBirth?: string; draftOn?: string; givenName?: string } = {}): Promise<{ childId: string; assessmentId: string; planId: string }> {
    const cw = bearer(caseworker);
    const child = await t.http.post('/api/v1/children').set(cw).send({ givenName: options.givenName ?? 'Robin', familyName: 'Family', dateOfBirth: options.dateOfBirth ?? '2016-05-01' }).expect(201);
    const a = await t.http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    const id = a.body.id as string;
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(cw).send({ discipline: 'psychology', requestedOn: '2026-02-03' }).expect(201);
    const decided = await t.http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(cw).send({ decision: 'issue', decidedOn: '2026-03-20' }).expect(200);
    const planId = decided.body.planId as string;
    const sections: [string, unknown][] = [
      ['A', { text: 'Views' }],
      ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
      ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
      ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] }],
    ];
    for (const [index, [code, body]] of sections.entries()) {
      await t.http.put(`/api/v1/plans/${planId}/sections/${code}`).set(cw).set('if-match', `"${index + 1}"`).send(body as object).expect(200);
    }
    await seekAdviceForDraft(t.http, cw, id);
    await t.http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: options.draftOn ?? '2026-03-30', confirmOutstandingAdvice: true }).expect(200);
    return { childId: child.body.id, assessmentId: id, planId };
  }

  async function invite(childId: string, email: string, relationship = 'parent'): Promise<{ id: string; status: string }> {
    const response = await t.http.post(`/api/v1/children/${childId}/family-access`).set(bearer(caseworker)).send({ email, name: 'Alex Family', relationship }).expect(201);
    return response.body;
  }

  it('walks the whole path: invite, emailed code, stage and dates, views, document, representations, answers, final plan within the 15 days', async () => {
    const cw = bearer(caseworker);
    const { childId, assessmentId, planId } = await draftCase({ givenName: 'Juniper' });
    const email = 'Parent.One@Family.example';
    const access = await invite(childId, email);
    expect(access).toMatchObject({ email: 'parent.one@family.example', relationship: 'parent', status: 'active' });
    // The invitation waits in the outbox with a greeting and a link, never the child's name.
    const [invitation] = await t.dataSource.query(`SELECT subject, body FROM email_outbox WHERE notification_id = $1`, [access.id]);
    expect(invitation.body).toMatch(/^Hello,/);
    expect(invitation.body).toContain('/family/sign-in');
    expect(`${invitation.subject} ${invitation.body}`).not.toMatch(/Juniper|Family example|Alex/);

    const token = await familySignIn(t.http, t.dataSource, 'parent.one@family.example');
    const mail = await latestMail(t.dataSource, 'parent.one@family.example');
    expect(mail.body).not.toContain('Juniper');
    expect(mail.body).toMatch(/\/family\/sign-in\?token=[A-Za-z0-9_-]{40,}/);

    const children = await t.http.get('/api/v1/family/children').set(fam(token)).expect(200);
    expect(children.body).toEqual([expect.objectContaining({ id: childId, givenName: 'Juniper', relationship: 'parent', rightsHolder: 'parent', assessments: [expect.objectContaining({ id: assessmentId, planId, stage: 'Draft plan ready for your comments' })] })]);

    const view = await t.http.get(`/api/v1/family/assessments/${assessmentId}`).set(fam(token)).expect(200);
    expect(view.body).toMatchObject({ id: assessmentId, stage: 'Draft plan ready for your comments', nextStep: { dueOn: '2026-04-13' } });
    expect(view.body.stageDescription).toMatch(/comment/);
    const deadlines = Object.fromEntries(view.body.deadlines.map((d: { kind: string }) => [d.kind, d]));
    // 15 days beginning with the day the draft was served (30 March): the last day is 13 April (Regs 13(1)).
    expect(deadlines.draft_representations).toMatchObject({ dueOn: '2026-04-13', binds: 'family', status: 'open' });
    expect(deadlines.final_plan).toMatchObject({ dueOn: '2026-05-25', binds: 'council' });
    expect(view.body.adviceRequests).toContainEqual({ discipline: 'psychology', status: 'requested', statusDescription: 'asked for' });
    // The other Regs 6(1)(a)-(e) kinds were reused before the draft (Regs 6(4)): the family sees them as existing advice used.
    expect(view.body.adviceRequests).toContainEqual({ discipline: 'parent', status: 'reused', statusDescription: 'existing advice used' });
    expect(JSON.stringify(view.body)).not.toContain(caseworker.email);
    expect(JSON.stringify(view.body)).not.toContain(caseworker.id);

    const views = await t.http
      .post(`/api/v1/family/assessments/${assessmentId}/views`)
      .set(fam(token))
      .send({ aboutMe: { likedAndAdmired: 'Kind and funny', important: 'Her friends', support: 'Short instructions', aspirations: 'To be a vet' } })
      .expect(201);
    expect(views.body).toEqual({ id: expect.any(String), kind: 'view', section: 'A', version: 1, caseStep: 'draft', createdAt: expect.any(String) });
    const again = await t.http
      .post(`/api/v1/family/assessments/${assessmentId}/views`)
      .set(fam(token))
      .send({ aboutMe: { likedAndAdmired: 'Kind and funny', important: 'Her friends and her dog', support: 'Short instructions', aspirations: 'To be a vet' } })
      .expect(201);
    expect(again.body.version).toBe(2);

    await t.http.post(`/api/v1/family/assessments/${assessmentId}/documents?fileName=GP letter.pdf`).set(fam(token)).set('content-type', 'application/octet-stream').send(PDF).expect(201);
    await t.http.post(`/api/v1/family/assessments/${assessmentId}/documents?fileName=virus.exe`).set(fam(token)).set('content-type', 'application/octet-stream').send(Buffer.from('MZ not a document')).expect(415);

    const response = await t.http
      .post(`/api/v1/family/assessments/${assessmentId}/representations`)
      .set(fam(token))
      .send({
        comments: [
          { section: 'B', text: 'Her anxiety at school is not mentioned.' },
          { section: 'F', text: 'Phonics every day is too much; three times a week please.' },
        ],
        meetingRequested: true,
        preferredInstitution: { urn: '990001', name: 'Demo Secondary Academy' },
      })
      .expect(201);
    expect(response.body).toMatchObject({ assessmentId, receivedOn: '2026-04-01' });
    expect(response.body.contributions.map((c: { kind: string }) => c.kind)).toEqual(['comment', 'comment', 'meeting_request', 'school_preference']);

    // On the clock: the representations are in, so the final plan may issue before the 15 days are up.
    const staffView = await t.http.get(`/api/v1/assessments/${assessmentId}`).set(cw).expect(200);
    expect(staffView.body).toMatchObject({ representationsReceivedOn: '2026-04-01', representationsMeetingRequested: true, representationsSchoolRequested: 'Demo Secondary Academy (URN 990001)', earliestFinalPlanOn: '2026-04-01' });
    expect(staffView.body.deadlines.find((d: { kind: string }) => d.kind === 'draft_representations')).toMatchObject({ status: 'met', completedOn: '2026-04-01' });

    const listed = await t.http.get(`/api/v1/assessments/${assessmentId}/family-contributions`).set(cw).expect(200);
    const comments = listed.body.filter((c: { kind: string }) => c.kind === 'comment');
    expect(comments).toEqual([
      expect.objectContaining({ kind: 'comment', section: 'B', text: 'Her anxiety at school is not mentioned.', answered: false, answer: null }),
      expect.objectContaining({ kind: 'comment', section: 'F', answered: false, answer: null }),
    ]);
    expect(listed.body.map((c: { kind: string }) => c.kind)).toEqual(['view', 'view', 'document', 'comment', 'comment', 'meeting_request', 'school_preference']);

    // Section A starts from the family's own words (their latest views).
    const before = await t.http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
    const latestViews = listed.body.filter((c: { kind: string }) => c.kind === 'view').pop();
    const withA = await t.http.post(`/api/v1/family-contributions/${latestViews.id}/section-a`).set(cw).set('if-match', before.headers.etag as string).expect(200);
    expect(withA.body.sections.A.text).toContain('What people like and admire about me:\nKind and funny');
    expect(withA.body.sections.A.text).toContain('Her friends and her dog');
    await t.http.post(`/api/v1/family-contributions/${comments[0].id}/section-a`).set(cw).set('if-match', withA.headers.etag as string).expect(409);

    // The school the family asked for is consulted and named; the final plan still waits for the answers.
    await t.http.post(`/api/v1/assessments/${assessmentId}/school-consultations`).set(cw).send({ schoolName: 'Demo Secondary Academy', consultedOn: '2026-04-01' }).expect(201);
    const plan = await t.http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
    await t.http.put(`/api/v1/plans/${planId}/sections/I`).set(cw).set('if-match', plan.headers.etag as string).send({ text: '', items: [{ name: 'Demo Secondary Academy', urn: '990001', type: 'Mainstream school' }] }).expect(200);
    const refused = await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(cw).send({ issuedOn: '2026-04-01' }).expect(422);
    expect(refused.body).toMatchObject({ code: 'family_comments_unanswered', unanswered: 4 });

    for (const c of listed.body.filter((x: { needsAnswer: boolean }) => x.needsAnswer)) {
      const reflected = c.section !== 'F';
      const answered = await t.http.post(`/api/v1/family-contributions/${c.id}/answer`).set(cw).send({ reflected, reason: reflected ? 'Added to the plan.' : 'The psychologist advises daily practice.' }).expect(200);
      expect(answered.body).toMatchObject({ id: c.id, answered: true, answer: { reflected } });
    }
    // A view is not answered; a different second answer is refused; the same one again is fine.
    const viewRow = listed.body.find((c: { kind: string }) => c.kind === 'view');
    await t.http.post(`/api/v1/family-contributions/${viewRow.id}/answer`).set(cw).send({ reflected: true, reason: 'x' }).expect(409);
    await t.http.post(`/api/v1/family-contributions/${comments[0].id}/answer`).set(cw).send({ reflected: true, reason: 'Added to the plan.' }).expect(200);
    await t.http.post(`/api/v1/family-contributions/${comments[0].id}/answer`).set(cw).send({ reflected: false, reason: 'Changed my mind' }).expect(409);

    // Final plan on 1 April: within the 15 days (they end on 13 April), allowed because the representations are in.
    await t.http.post(`/api/v1/assessments/${assessmentId}/final-plan`).set(cw).send({ issuedOn: '2026-04-01' }).expect(200);
    const after = await t.http.get(`/api/v1/family/assessments/${assessmentId}`).set(fam(token)).expect(200);
    expect(after.body).toMatchObject({ stage: 'EHC plan issued', finalIssuedOn: '2026-04-01' });
    expect(after.body.coveringNotice.issuedOn).toBe('2026-04-01');
    expect(after.body.coveringNotice.answers).toEqual(
      expect.arrayContaining([expect.objectContaining({ section: 'F', reflected: false, reason: 'The psychologist advises daily practice.' }), expect.objectContaining({ section: 'B', reflected: true })]),
    );
    expect(after.body.notices).toEqual([expect.objectContaining({ decision: 'plan_contents', notifiedOn: '2026-04-01', appealDeadline: '2026-06-01' })]);
    expect(after.body.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'appeal', binds: 'family', dueOn: '2026-06-01' })]));
    const familyPlan = await t.http.get(`/api/v1/family/plans/${planId}`).set(fam(token)).expect(200);
    expect(familyPlan.body).toMatchObject({ id: planId, status: 'issued', finalIssuedOn: '2026-04-01' });
    expect(familyPlan.body.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'review_due', dueOn: '2027-03-31' })]));
    const pdf = await t.http.get(`/api/v1/family/plans/${planId}/pdf`).set(fam(token));
    expect([200, 202]).toContain(pdf.status);

    // Audited with the owning LA, as the family member.
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE actor_role = 'family_member' AND local_authority_id = $1 AND action LIKE 'family_contribution.%'`, [caseworker.localAuthorityId]);
    expect(n).toBe(7);
  });

  it('shows a family member nothing of another child, and nothing of the staff API', async () => {
    const mine = await draftCase();
    const theirs = await draftCase({ givenName: 'Other' });
    await invite(mine.childId, 'isolated@family.example');
    const token = await familySignIn(t.http, t.dataSource, 'isolated@family.example');
    const probes: [string, string, object?][] = [
      ['get', `/api/v1/family/assessments/${theirs.assessmentId}`],
      ['get', `/api/v1/family/assessments/${theirs.assessmentId}/contributions`],
      ['post', `/api/v1/family/assessments/${theirs.assessmentId}/views`, { aboutMe: { likedAndAdmired: 'x', important: 'x', support: 'x', aspirations: 'x' } }],
      ['post', `/api/v1/family/assessments/${theirs.assessmentId}/representations`, { comments: [], meetingRequested: false }],
      ['post', `/api/v1/family/assessments/${theirs.assessmentId}/mediation`, { issues: ['x'] }],
      ['get', `/api/v1/family/plans/${theirs.planId}`],
      ['get', `/api/v1/family/plans/${theirs.planId}/pdf`],
    ];
    for (const [method, path, body] of probes) {
      const call = (t.http as unknown as Record<string, (p: string) => import('supertest').Test>)[method](path).set(fam(token));
      const response = await (body ? call.send(body) : call);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(JSON.stringify(response.body)).not.toContain('Other');
    }
    const upload = await t.http.post(`/api/v1/family/assessments/${theirs.assessmentId}/documents?fileName=a.pdf`).set(fam(token)).set('content-type', 'application/octet-stream').send(PDF);
    expect(upload.status).toBe(404);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM family_contributions WHERE assessment_id = $1`, [theirs.assessmentId]);
    expect(n).toBe(0);
    const [{ reads }] = await t.dataSource.query(`SELECT count(*)::int AS reads FROM audit_events WHERE actor_role = 'family_member' AND (entity_id = $1 OR entity_id = $2 OR metadata->>'childId' = $3)`, [theirs.assessmentId, theirs.planId, theirs.childId]);
    expect(reads).toBe(0);
    // The staff API refuses a family token; the family API refuses a staff token.
    await t.http.get(`/api/v1/children/${mine.childId}`).set(fam(token)).expect(403);
    await t.http.get(`/api/v1/assessments/${mine.assessmentId}`).set(fam(token)).expect(403);
    await t.http.get('/api/v1/notifications').set(fam(token)).expect(403);
    await t.http.get('/api/v1/auth/me').set(fam(token)).expect(403);
    await t.http.get('/api/v1/family/children').set(bearer(caseworker)).expect(403);
    // Another LA's caseworker sees neither the grants nor the contributions.
    await t.http.get(`/api/v1/children/${mine.childId}/family-access`).set(bearer(otherLaCaseworker)).expect(404);
    await t.http.get(`/api/v1/assessments/${mine.assessmentId}/family-contributions`).set(bearer(otherLaCaseworker)).expect(404);
  });

  it('passes the rights to the young person at the end of compulsory school age; the parent keeps access only with their consent', async () => {
    // Born 1 March 2010: compulsory school age ends on Friday 26 June 2026.
    const { childId, assessmentId } = await draftCase({ dateOfBirth: '2010-03-01', draftOn: '2026-03-30' });
    const parent = await invite(childId, 'rights.parent@family.example');
    const yp = await invite(childId, 'rights.yp@family.example', 'young_person');
    expect(yp.status).toBe('awaiting_rights');
    const parentToken = await familySignIn(t.http, t.dataSource, 'rights.parent@family.example');
    const ypToken = await familySignIn(t.http, t.dataSource, 'rights.yp@family.example');
    expect((await t.http.get('/api/v1/family/children').set(fam(parentToken)).expect(200)).body.map((c: { id: string }) => c.id)).toEqual([childId]);
    expect((await t.http.get('/api/v1/family/children').set(fam(ypToken)).expect(200)).body).toEqual([]);
    await t.http.get(`/api/v1/family/assessments/${assessmentId}`).set(fam(ypToken)).expect(404);

    t.clock.set(londonNoon('2026-06-27'));
    try {
      const ypChildren = await t.http.get('/api/v1/family/children').set(fam(ypToken)).expect(200);
      expect(ypChildren.body).toEqual([expect.objectContaining({ id: childId, relationship: 'young_person', rightsHolder: 'young_person' })]);
      await t.http.get(`/api/v1/family/assessments/${assessmentId}`).set(fam(ypToken)).expect(200);
      expect((await t.http.get('/api/v1/family/children').set(fam(parentToken)).expect(200)).body).toEqual([]);
      await t.http.get(`/api/v1/family/assessments/${assessmentId}`).set(fam(parentToken)).expect(404);
      const grants = await t.http.get(`/api/v1/children/${childId}/family-access`).set(bearer(caseworker)).expect(200);
      expect(Object.fromEntries(grants.body.map((g: { id: string; status: string }) => [g.id, g.status]))).toEqual({ [parent.id]: 'needs_consent', [yp.id]: 'active' });
      const consent = await t.http.post(`/api/v1/family-access/${parent.id}/consent`).set(bearer(caseworker)).send({ consentedOn: '2026-06-27' }).expect(200);
      expect(consent.body.status).toBe('active');
      await t.http.get(`/api/v1/family/assessments/${assessmentId}`).set(fam(parentToken)).expect(200);
      // Revoking the parent's (last) grant ends their sessions at once.
      await t.http.delete(`/api/v1/family-access/${parent.id}`).set(bearer(caseworker)).expect(204);
      await t.http.get('/api/v1/family/children').set(fam(parentToken)).expect(401);
      const [{ ended }] = await t.dataSource.query(`SELECT count(*)::int AS ended FROM family_sessions s JOIN family_members m ON m.id = s.member_id WHERE m.email = 'rights.parent@family.example' AND s.revoked_reason = 'access_revoked'`);
      expect(ended).toBe(1);
    } finally {
      t.clock.set(londonNoon('2026-04-01'));
    }
  });

  it('never tells whether an address is known, and a flood sends at most a few emails', async () => {
    const unknown = await t.http.post('/api/v1/family/sign-in').send({ email: 'nobody@family.example' }).expect(202);
    const { childId } = await draftCase();
    await invite(childId, 'flooded@family.example');
    const known = await t.http.post('/api/v1/family/sign-in').send({ email: 'flooded@family.example' }).expect(202);
    expect(known.body).toEqual(unknown.body);
    for (let i = 0; i < 9; i += 1) await t.http.post('/api/v1/family/sign-in').send({ email: 'flooded@family.example' }).expect(202);
    await latestMail(t.dataSource, 'flooded@family.example', 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailCount(t.dataSource, 'flooded@family.example')).toBe(3);
    expect(await mailCount(t.dataSource, 'nobody@family.example')).toBe(0);
    await t.http.post('/api/v1/family/sign-in/verify').send({ email: 'nobody@family.example', code: '123456' }).expect(401);
  });

  it('locks a guessed code (not the account), refuses spent and expired codes, and takes the emailed link once', async () => {
    const { childId } = await draftCase();
    await invite(childId, 'guessed@family.example');
    await t.http.post('/api/v1/family/sign-in').send({ email: 'guessed@family.example' }).expect(202);
    const code = /\b(\d{6})\b/.exec((await latestMail(t.dataSource, 'guessed@family.example')).body)![1];
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) await t.http.post('/api/v1/family/sign-in/verify').send({ email: 'guessed@family.example', code: wrong }).expect(401);
    await t.http.post('/api/v1/family/sign-in/verify').send({ email: 'guessed@family.example', code }).expect(401);
    // A new code works: the account was never locked. Used once, it is spent.
    await t.http.post('/api/v1/family/sign-in').send({ email: 'guessed@family.example' }).expect(202);
    const fresh = /\b(\d{6})\b/.exec((await latestMail(t.dataSource, 'guessed@family.example', 1)).body)![1];
    await t.http.post('/api/v1/family/sign-in/verify').send({ email: 'guessed@family.example', code: fresh }).expect(200);
    await t.http.post('/api/v1/family/sign-in/verify').send({ email: 'guessed@family.example', code: fresh }).expect(401);
    // After 10 minutes a code is dead.
    await t.http.post('/api/v1/family/sign-in').send({ email: 'guessed@family.example' }).expect(202);
    const mail = await latestMail(t.dataSource, 'guessed@family.example', 2);
    const late = /\b(\d{6})\b/.exec(mail.body)![1];
    const linkToken = /token=([A-Za-z0-9_-]+)/.exec(mail.body)![1];
    t.clock.set(new Date(londonNoon('2026-04-01').getTime() + 11 * 60_000));
    try {
      await t.http.post('/api/v1/family/sign-in/verify').send({ email: 'guessed@family.example', code: late }).expect(401);
      await t.http.post('/api/v1/family/sign-in/verify').send({ token: linkToken }).expect(401);
    } finally {
      t.clock.set(londonNoon('2026-04-01'));
    }
    // Three codes in 15 minutes were sent: the next one waits for the window. The link signs in once.
    await t.http.post('/api/v1/family/sign-in').send({ email: 'guessed@family.example' }).expect(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailCount(t.dataSource, 'guessed@family.example')).toBe(3);
    t.clock.set(new Date(londonNoon('2026-04-01').getTime() + 16 * 60_000));
    let link: string;
    try {
      await t.http.post('/api/v1/family/sign-in').send({ email: 'guessed@family.example' }).expect(202);
      link = /token=([A-Za-z0-9_-]+)/.exec((await latestMail(t.dataSource, 'guessed@family.example', 3)).body)![1];
    } finally {
      t.clock.set(londonNoon('2026-04-01'));
    }
    const session = await t.http.post('/api/v1/family/sign-in/verify').send({ token: link }).expect(200);
    await t.http.post('/api/v1/family/sign-in/verify').send({ token: link }).expect(401);
    // Sessions are listed and end on sign-out.
    const sessions = await t.http.get('/api/v1/family/sessions').set(fam(session.body.accessToken)).expect(200);
    expect(sessions.body.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    await t.http.post('/api/v1/family/sign-out').set(fam(session.body.accessToken)).expect(204);
    await t.http.get('/api/v1/family/me').set(fam(session.body.accessToken)).expect(401);
    const [{ codes }] = await t.dataSource.query(`SELECT count(*)::int AS codes FROM family_sign_in_codes WHERE code_hash = $1 OR code_hash = $2`, [code, fresh]);
    expect(codes).toBe(0); // stored hashed
  });

  it('bounds every field', async () => {
    const { childId, assessmentId } = await draftCase();
    await t.http.post(`/api/v1/children/${childId}/family-access`).set(bearer(caseworker)).send({ email: 'x@family.example', name: 'X', relationship: 'uncle' }).expect(400);
    await t.http.post(`/api/v1/children/${childId}/family-access`).set(bearer(caseworker)).send({ email: 'not-an-email', name: 'X', relationship: 'parent' }).expect(400);
    await invite(childId, 'bounds@family.example');
    await t.http.post(`/api/v1/children/${childId}/family-access`).set(bearer(caseworker)).send({ email: 'bounds@family.example', name: 'Again', relationship: 'parent' }).expect(409);
    const token = await familySignIn(t.http, t.dataSource, 'bounds@family.example');
    const send = (path: string, body: object) => t.http.post(`/api/v1/family/assessments/${assessmentId}/${path}`).set(fam(token)).send(body);
    expect((await send('views', { aboutMe: { likedAndAdmired: 'x'.repeat(5001), important: '', support: '', aspirations: '' } })).status).toBe(400);
    expect((await send('views', { aboutMe: { likedAndAdmired: ' ', important: '', support: '', aspirations: '' } })).status).toBe(400);
    expect((await send('views', { aboutMe: { likedAndAdmired: 'x', important: 'x', support: 'x', aspirations: 'x', extra: 'x' } })).status).toBe(400);
    expect((await send('representations', { comments: [{ section: 'Z', text: 'x' }], meetingRequested: false })).status).toBe(400);
    expect((await send('representations', { comments: [{ section: 'B', text: '   ' }], meetingRequested: false })).status).toBe(400);
    expect((await send('representations', { comments: Array.from({ length: 51 }, () => ({ section: 'B', text: 'x' })), meetingRequested: false })).status).toBe(400);
    expect((await send('representations', { comments: [], meetingRequested: false, preferredInstitution: { urn: '12', name: 'X' } })).status).toBe(400);
    expect((await send('representations', { comments: [], meetingRequested: 'yes' })).status).toBe(400);
    expect((await send('mediation', { issues: [] })).status).toBe(400);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM family_contributions WHERE assessment_id = $1`, [assessmentId]);
    expect(n).toBe(0);
    await t.http.post('/api/v1/family/sign-in').send({ email: `${'x'.repeat(320)}@family.example` }).expect(400);
    await t.http.post('/api/v1/family/sign-in/verify').send({ email: 'bounds@family.example', code: '12345' }).expect(400);
    await t.http.post('/api/v1/family/sign-in/verify').send({ email: 'bounds@family.example' }).expect(401);
  });

  it('links the family’s wish to go to mediation to the case’s live appeal (the appeals context records the request)', async () => {
    const cw = bearer(caseworker);
    const { childId, assessmentId, planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2015-10-01', requestReceivedOn: '2025-11-03', finalIssuedOn: '2026-03-20' });
    const appeal = await t.http.post('/api/v1/appeals').set(cw).send({ subjectType: 'plan', subjectId: planId, decision: 'plan_contents', noticeOn: '2026-03-20' }).expect(201);
    expect(appeal.body.mediation.mediationRequestedOn).toBeNull();
    await invite(childId, 'mediation.parent@family.example');
    const token = await familySignIn(t.http, t.dataSource, 'mediation.parent@family.example');
    const wish = await t.http.post(`/api/v1/family/assessments/${assessmentId}/mediation`).set(fam(token)).send({ issues: ['Speech and language therapy is missing'] }).expect(201);
    const after = await t.http.get(`/api/v1/appeals/${appeal.body.id}`).set(cw).expect(200);
    // Told on 1 April: the mediation must take place within 30 days (Regs 37), by 1 May.
    expect(after.body).toMatchObject({ status: 'mediation', mediation: { mediationRequestedOn: '2026-04-01', mediationBy: '2026-05-01' } });
    // A replay of the same words is the same record and changes nothing more.
    const again = await t.http.post(`/api/v1/family/assessments/${assessmentId}/mediation`).set(fam(token)).send({ issues: ['Speech and language therapy is missing'] }).expect(201);
    expect(again.body.id).toBe(wish.body.id);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'appeal.mediation_requested_by_family' AND entity_id = $1`, [appeal.body.id]);
    expect(n).toBe(1);
  });

  it('shows the family the plan’s reviews: the meeting, the advice circulated before it, the report (through the reviews context)', async () => {
    const cw = bearer(caseworker);
    const { childId, planId } = await issueFinalPlan(t.http, caseworker, { dateOfBirth: '2015-09-01', requestReceivedOn: '2025-09-01', finalIssuedOn: '2026-01-09' });
    await invite(childId, 'reviews.parent@family.example');
    const token = await familySignIn(t.http, t.dataSource, 'reviews.parent@family.example');
    const before = await t.http.get(`/api/v1/family/plans/${planId}`).set(fam(token)).expect(200);
    expect(before.body.reviews).toEqual([]);
    const review = await t.http.post(`/api/v1/plans/${planId}/reviews`).set(cw).send({ meetingOn: '2026-05-20' }).expect(201);
    await t.http.post(`/api/v1/reviews/${review.body.id}/invitations`).set(cw).send({ sentOn: '2026-04-01', adviceCirculatedOn: '2026-04-01' }).expect(200);
    const after = await t.http.get(`/api/v1/family/plans/${planId}`).set(fam(token)).expect(200);
    expect(after.body.reviews).toEqual([expect.objectContaining({ id: review.body.id, meetingOn: '2026-05-20', invitationsSentOn: '2026-04-01', adviceCirculatedOn: '2026-04-01', reportIssuedOn: null, decision: null })]);
    // Nobody's contact details or the staff's working notes: only the fields the family reads.
    expect(Object.keys(after.body.reviews[0]).sort()).toEqual(['adviceCirculatedOn', 'decision', 'decisionNotifiedOn', 'id', 'invitationsSentOn', 'meetingOn', 'proposedChanges', 'reportIssuedOn', 'status']);
  });
});

describe('families: sign-in rate limit per client (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-01'), config: { loginRateLimitPerMinute: 3 } });
  });
  afterAll(() => t.close());

  it('answers a client’s flood of sign-in requests or code guesses, whatever the addresses, with 429 after the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await t.http.post('/api/v1/family/sign-in').send({ email: `flood-${i}@family.example` })).status);
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    // Guessing codes from one client is limited the same way (each sign-in route counts on its own).
    const guesses: number[] = [];
    for (let i = 0; i < 4; i += 1) guesses.push((await t.http.post('/api/v1/family/sign-in/verify').send({ email: 'flood-0@family.example', code: '123456' })).status);
    expect(guesses).toEqual([401, 401, 401, 429]);
  });
});
