import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(500, 0x20), Buffer.from('\n%%EOF\n')]);
const ADVICE = { summary: 'Needs speech and language support.', needs: [{ area: 'communication_and_interaction', description: 'Expressive language delay' }], outcomes: [], provision: [] };

/**
 * Organisations as an attacker tries them: an LA administrator (or caseworker) of one LA who wants to read or steer
 * another LA's advice requests through organisation records, URNs, memberships and assignees. Each LA's records,
 * inboxes and admissions are its own (docs/security.md, "Organisations"); every way across is a 404 or a 422.
 */
describe('organisations across local authorities (e2e, hostile)', () => {
  let t: TestApp;
  let a: { id: string };
  let b: { id: string };
  let adminA: TestUser;
  let adminB: TestUser;
  let caseworkerA: TestUser;
  let caseworkerB: TestUser;
  let nurseA: TestUser; // managed by A, member of A's trust
  let schoolA: { id: string; urn: string };
  let trustA: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-04-01') });
    a = await createLocalAuthority(t.dataSource);
    b = await createLocalAuthority(t.dataSource);
    adminA = await createUser(t.dataSource, t.http, a.id, Role.LaAdmin);
    adminB = await createUser(t.dataSource, t.http, b.id, Role.LaAdmin);
    caseworkerA = await createUser(t.dataSource, t.http, a.id, Role.Caseworker);
    caseworkerB = await createUser(t.dataSource, t.http, b.id, Role.Caseworker);
    const urn = String(100000 + Math.floor(Math.random() * 899999));
    const school = await t.http.post('/api/v1/organisations').set(bearer(adminA)).send({ name: 'A Primary', kind: 'school', urn, sharedInboxEmail: 'senco@a-primary.example' }).expect(201);
    schoolA = { id: school.body.id, urn };
    trustA = (await t.http.post('/api/v1/organisations').set(bearer(adminA)).send({ name: 'Shared NHS Trust', kind: 'nhs_body', sharedInboxEmail: 'advice@trust.example' }).expect(201)).body.id;
    nurseA = await createUser(t.dataSource, t.http, a.id, Role.Professional, { discipline: Discipline.Health });
    await t.http.post(`/api/v1/organisations/${trustA}/members`).set(bearer(adminA)).send({ email: nurseA.email }).expect(201);
  });
  afterAll(() => t.close());

  async function assessmentIn(caseworker: TestUser): Promise<string> {
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Private', familyName: 'Child', dateOfBirth: '2016-06-01' }).expect(201);
    const assessment = await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: child.body.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    await t.http.post(`/api/v1/assessments/${assessment.body.id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    return assessment.body.id as string;
  }

  const requestAdvice = (caseworker: TestUser, assessmentId: string, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/assessments/${assessmentId}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'health', requestedOn: '2026-02-03', ...body });

  /** Everything a professional could do with a request: all must be 404 when it is not theirs. */
  async function expectUnreachable(professional: TestUser, requestId: string): Promise<void> {
    const calls = [
      t.http.get(`/api/v1/advice-requests/${requestId}`),
      t.http.post(`/api/v1/advice-requests/${requestId}/submission`).send(ADVICE),
      t.http.post(`/api/v1/advice-requests/${requestId}/exceptions`).send({ ground: 'exceptional_circumstances', startsOn: '2026-03-01', reason: 'Probe' }),
      t.http.post(`/api/v1/advice-requests/${requestId}/attachments?fileName=a.pdf`).set('content-type', 'application/octet-stream').send(PDF),
    ];
    for (const call of calls) expect((await call.set(bearer(professional))).status).toBe(404);
    const inbox = await t.http.get('/api/v1/advice-requests').set(bearer(professional)).expect(200);
    expect(inbox.body.items.map((r: { id: string }) => r.id)).not.toContain(requestId);
  }

  it('registering a URN another LA uses creates a record of your own: never their record, inbox or requests', async () => {
    const requestToSchool = (await requestAdvice(caseworkerA, await assessmentIn(caseworkerA), { discipline: 'education', assigneeOrganisationId: schoolA.id }).expect(201)).body;

    const mine = await t.http.post('/api/v1/organisations').set(bearer(adminB)).send({ name: 'Attacker copy', kind: 'school', urn: schoolA.urn, sharedInboxEmail: 'attacker@b.example' }).expect(201);
    expect(mine.body.id).not.toBe(schoolA.id);
    expect(mine.body).toMatchObject({ localAuthorityId: b.id, urn: schoolA.urn, sharedInboxEmail: 'attacker@b.example' });
    // A's record is untouched and still A's alone.
    const theirs = await t.http.get(`/api/v1/organisations/${schoolA.id}`).set(bearer(adminA)).expect(200);
    expect(theirs.body).toMatchObject({ name: 'A Primary', sharedInboxEmail: 'senco@a-primary.example', localAuthorityId: a.id });
    await t.http.get(`/api/v1/organisations/${schoolA.id}`).set(bearer(adminB)).expect(404);
    expect((await t.http.get('/api/v1/organisations').set(bearer(adminB)).expect(200)).body.map((o: { id: string }) => o.id)).not.toContain(schoolA.id);

    // A professional B creates in its copy reaches nothing of A's.
    const insider = await t.http
      .post('/api/v1/users')
      .set(bearer(adminB))
      .send({ email: `insider-${Date.now()}@b.example`, displayName: 'Insider', role: 'professional', discipline: 'education', organisationId: mine.body.id, password: 'a-long-enough-password' })
      .expect(201);
    const login = await t.http.post('/api/v1/auth/login').send({ email: insider.body.email, password: 'a-long-enough-password' }).expect(200);
    const insiderUser: TestUser = { id: insider.body.id, email: insider.body.email, role: Role.Professional, localAuthorityId: b.id, organisationId: mine.body.id, token: login.body.accessToken };
    await expectUnreachable(insiderUser, requestToSchool.id);
    const notes = await t.http.get('/api/v1/notifications').set(bearer(insiderUser)).expect(200);
    expect(notes.body.items.map((n: { subjectId: string }) => n.subjectId)).not.toContain(requestToSchool.id);

    // The same URN twice within one LA is refused.
    const again = await t.http.post('/api/v1/organisations').set(bearer(adminA)).send({ name: 'Dup', kind: 'school', urn: schoolA.urn }).expect(409);
    expect(again.body).toMatchObject({ code: 'urn_taken' });
  });

  it("gives no way into another LA's organisation: read, members, admit, revoke, users, assignees", async () => {
    for (const call of [
      t.http.patch(`/api/v1/organisations/${trustA}`).set('if-match', '"1"').send({ sharedInboxEmail: 'attacker@b.example' }),
      t.http.get(`/api/v1/organisations/${trustA}/members`),
      t.http.post(`/api/v1/organisations/${trustA}/members`).send({ email: nurseA.email }),
      t.http.delete(`/api/v1/organisations/${trustA}/members/${nurseA.id}`),
    ]) {
      expect((await call.set(bearer(adminB))).status).toBe(404);
    }
    const trust = await t.http.get(`/api/v1/organisations/${trustA}`).set(bearer(adminA)).expect(200);
    expect(trust.body).toMatchObject({ sharedInboxEmail: 'advice@trust.example', version: 1 });
    // A user of B cannot be put in A's organisation, on creation or later; nothing is half-written.
    const email = `sneaky-${Date.now()}@b.example`;
    await t.http.post('/api/v1/users').set(bearer(adminB)).send({ email, displayName: 'Sneaky', role: 'professional', discipline: 'health', organisationId: trustA, password: 'a-long-enough-password' }).expect(404);
    await t.http.post('/api/v1/auth/login').send({ email, password: 'a-long-enough-password' }).expect(401);
    const proB = await createUser(t.dataSource, t.http, b.id, Role.Professional, { discipline: Discipline.Health });
    await t.http.patch(`/api/v1/users/${proB.id}`).set(bearer(adminB)).send({ organisationId: trustA }).expect(404);

    // A caseworker of B cannot address A's organisation, nor name A's professional whom B never admitted.
    const assessmentB = await assessmentIn(caseworkerB);
    await requestAdvice(caseworkerB, assessmentB, { assigneeOrganisationId: trustA }).expect(404);
    expect((await requestAdvice(caseworkerB, assessmentB, { assigneeEmail: nurseA.email }).expect(422)).body).toMatchObject({ code: 'assignee_not_professional' });
    // Naming B's professional together with A's organisation would show B's request to A's members: refused.
    await requestAdvice(caseworkerB, assessmentB, { assigneeEmail: proB.email, assigneeOrganisationId: trustA }).expect(404);
    const ownTrust = (await t.http.post('/api/v1/organisations').set(bearer(adminB)).send({ name: 'B trust', kind: 'nhs_body' }).expect(201)).body.id;
    expect((await requestAdvice(caseworkerB, assessmentB, { assigneeEmail: proB.email, assigneeOrganisationId: ownTrust }).expect(422)).body).toMatchObject({ code: 'assignee_not_member' });
    // The professional of B sees none of A's requests to the trust.
    const toTrustA = (await requestAdvice(caseworkerA, await assessmentIn(caseworkerA), { assigneeOrganisationId: trustA }).expect(201)).body;
    await expectUnreachable(proB, toTrustA.id);
  });

  it("lets an LA admit another LA's professional to its own record, and revoking it hides its requests at once", async () => {
    const trustB = (await t.http.post('/api/v1/organisations').set(bearer(adminB)).send({ name: 'Shared NHS Trust', kind: 'nhs_body' }).expect(201)).body.id;
    // B sets its own record's inbox; a stale ETag is refused rather than lost.
    const renamed = await t.http.patch(`/api/v1/organisations/${trustB}`).set(bearer(adminB)).set('if-match', '"1"').send({ sharedInboxEmail: 'B.Advice@Trust.example' }).expect(200);
    expect(renamed.body).toMatchObject({ sharedInboxEmail: 'b.advice@trust.example', version: 2 });
    expect(renamed.headers.etag).toBe('"2"');
    await t.http.patch(`/api/v1/organisations/${trustB}`).set(bearer(adminB)).set('if-match', '"1"').send({ name: 'Late' }).expect(412);
    await t.http.patch(`/api/v1/organisations/${trustB}`).set(bearer(adminB)).send({ name: 'No etag' }).expect(428);
    const toTrustB = (await requestAdvice(caseworkerB, await assessmentIn(caseworkerB), { assigneeOrganisationId: trustB }).expect(201)).body;
    await expectUnreachable(nurseA, toTrustB.id); // not admitted yet
    await requestAdvice(caseworkerB, await assessmentIn(caseworkerB), { assigneeEmail: nurseA.email }).expect(422);

    const admitted = await t.http.post(`/api/v1/organisations/${trustB}/members`).set(bearer(adminB)).send({ email: nurseA.email.toUpperCase() }).expect(201);
    expect(admitted.body).toMatchObject({ userId: nurseA.id, homeLocalAuthorityId: a.id });
    await t.http.post(`/api/v1/organisations/${trustB}/members`).set(bearer(adminB)).send({ email: nurseA.email }).expect(201); // idempotent
    expect((await t.http.get(`/api/v1/organisations/${trustB}/members`).set(bearer(adminB)).expect(200)).body).toHaveLength(1);
    // Admitting a caseworker, or an email nobody has, is refused.
    await t.http.post(`/api/v1/organisations/${trustB}/members`).set(bearer(adminB)).send({ email: caseworkerA.email }).expect(422);
    await t.http.post(`/api/v1/organisations/${trustB}/members`).set(bearer(adminB)).send({ email: 'nobody@nowhere.example' }).expect(422);

    // The same token now reaches B's request to its trust, and B can name the nurse.
    const seen = await t.http.get(`/api/v1/advice-requests/${toTrustB.id}`).set(bearer(nurseA)).expect(200);
    expect(seen.body.child).toMatchObject({ givenName: 'Private' });
    const named = (await requestAdvice(caseworkerB, await assessmentIn(caseworkerB), { assigneeEmail: nurseA.email, assigneeOrganisationId: trustB }).expect(201)).body;
    const me = await t.http.get('/api/v1/auth/me').set(bearer(nurseA)).expect(200);
    expect(me.body.memberships.map((m: { localAuthorityId: string }) => m.localAuthorityId).sort()).toEqual([a.id, b.id].sort());

    // Reads of B's requests land in B's audit trail, and an inbox spanning A and B is logged once in each.
    const toTrustA = (await requestAdvice(caseworkerA, await assessmentIn(caseworkerA), { assigneeOrganisationId: trustA }).expect(201)).body;
    const inbox = await t.http.get('/api/v1/advice-requests').set(bearer(nurseA)).expect(200);
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([toTrustA.id, toTrustB.id, named.id]));
    const reads = await t.dataSource.query<{ local_authority_id: string; action: string; entity_id: string | null; metadata: { results?: string[] } }[]>(
      `SELECT local_authority_id, action, entity_id, metadata FROM audit_events WHERE actor_user_id = $1 AND action IN ('advice.read', 'advice.listed') ORDER BY id`,
      [nurseA.id],
    );
    expect(reads.find((r) => r.action === 'advice.read' && r.entity_id === toTrustB.id)?.local_authority_id).toBe(b.id);
    const listedInB = reads.filter((r) => r.action === 'advice.listed' && r.local_authority_id === b.id).pop();
    const listedInA = reads.filter((r) => r.action === 'advice.listed' && r.local_authority_id === a.id).pop();
    expect(listedInB?.metadata.results).toEqual(expect.arrayContaining([toTrustB.id, named.id]));
    expect(listedInB?.metadata.results).not.toContain(toTrustA.id);
    expect(listedInA?.metadata.results).toContain(toTrustA.id);
    expect(listedInA?.metadata.results).not.toContain(toTrustB.id);

    // Her home LA resetting her password shows in B's trail too: B trusts A with the account it admitted.
    await t.http.patch(`/api/v1/users/${nurseA.id}`).set(bearer(adminA)).send({ password: 'another-long-password' }).expect(200);
    const seenByB = await t.dataSource.query(`SELECT metadata FROM audit_events WHERE action = 'user.access_changed_by_home_la' AND entity_id = $1 AND local_authority_id = $2`, [nurseA.id, b.id]);
    expect(seenByB).toEqual([{ metadata: expect.objectContaining({ homeLocalAuthorityId: a.id, passwordReset: true }) }]);
    nurseA = { ...nurseA, token: (await t.http.post('/api/v1/auth/login').send({ email: nurseA.email, password: 'another-long-password' }).expect(200)).body.accessToken };

    // Revoked: the organisation's request and the one naming her are both gone, with the same token.
    await t.http.delete(`/api/v1/organisations/${trustB}/members/${nurseA.id}`).set(bearer(adminB)).expect(204);
    await t.http.delete(`/api/v1/organisations/${trustB}/members/${nurseA.id}`).set(bearer(adminB)).expect(404);
    await expectUnreachable(nurseA, toTrustB.id);
    await expectUnreachable(nurseA, named.id);
    // What named her moves on: the name comes off (the organisation stays), the caseworker is told, and B's messages
    // to her by name are hidden from her with the rest.
    const after = await t.http.get(`/api/v1/advice-requests/${named.id}`).set(bearer(caseworkerB)).expect(200);
    expect(after.body).toMatchObject({ assigneeUserId: null, assigneeOrganisationId: trustB });
    const told = await t.http.get('/api/v1/notifications').set(bearer(caseworkerB)).expect(200);
    expect(told.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'advice_unassigned', subjectId: named.id })]));
    const hers = await t.http.get('/api/v1/notifications').set(bearer(nurseA)).expect(200);
    expect(hers.body.items.map((n: { subjectId: string }) => n.subjectId)).not.toContain(named.id);
    const unassigned = await t.dataSource.query(`SELECT local_authority_id FROM audit_events WHERE action = 'advice.unassigned' AND entity_id = $1`, [named.id]);
    expect(unassigned).toEqual([{ local_authority_id: b.id }]);
    // A's own request to its trust is still hers.
    await t.http.get(`/api/v1/advice-requests/${toTrustA.id}`).set(bearer(nurseA)).expect(200);
  });

  it("keeps an organisation's messages to its own LA's members", async () => {
    const trustB = (await t.http.post('/api/v1/organisations').set(bearer(adminB)).send({ name: 'Messages trust', kind: 'nhs_body' }).expect(201)).body.id;
    const proB = await createUser(t.dataSource, t.http, b.id, Role.Professional, { discipline: Discipline.Health, organisationId: trustB });
    const toTrustA = (await requestAdvice(caseworkerA, await assessmentIn(caseworkerA), { assigneeOrganisationId: trustA }).expect(201)).body;
    const toTrustB = (await requestAdvice(caseworkerB, await assessmentIn(caseworkerB), { assigneeOrganisationId: trustB }).expect(201)).body;
    const subjects = async (user: TestUser) => (await t.http.get('/api/v1/notifications').set(bearer(user)).expect(200)).body.items.map((n: { subjectId: string }) => n.subjectId);
    expect(await subjects(nurseA)).toContain(toTrustA.id);
    expect(await subjects(nurseA)).not.toContain(toTrustB.id);
    expect(await subjects(proB)).toContain(toTrustB.id);
    expect(await subjects(proB)).not.toContain(toTrustA.id);
  });
});
