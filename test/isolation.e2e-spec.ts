import { Discipline, Role } from '@app/core';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { issueFinalPlan } from './support/issued-plan';
import { startTestApp, TestApp } from './support/app';
import { familySignIn } from './support/family';

const PDF = Buffer.from('%PDF-1.7\n%%EOF\n');

/**
 * Tenancy: a user of one local authority gets 404 for every record of another, by id, by search and by listing.
 * Each endpoint that takes an id is listed here; add new ones as they are built.
 */
describe('local authority isolation (e2e)', () => {
  let t: TestApp;
  let home: { caseworker: TestUser; admin: TestUser; manager: TestUser; professional: TestUser };
  let away: { caseworker: TestUser; admin: TestUser; manager: TestUser; professional: TestUser; family: TestUser };
  let homeAccessId: string;
  let homeContributionId: string;
  let homeDocumentId: string;
  let homeFamilySessionId: string;
  let homeChildId: string;
  let homeAssessmentId: string;
  let homeAdviceId: string;
  let homeAttachmentId: string;
  let homePlanId: string;
  let homeNotificationId: string;
  let homeAppealId: string;
  let unassignedProfessional: TestUser;
  let homeContactId: string;
  let homeOrgId: string;
  let homeIssuedPlanId: string;
  let homeReviewId: string;
  let homeReviewVersion: number;
  let homeProviderId: string;
  let homeTransferId: string;
  let homeReassessmentId: string;
  let homeBudgetRequestId: string;
  let homeHealthChangeId: string;
  let homeBoardPackId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const homeLa = await createLocalAuthority(t.dataSource, 'Home LA');
    const awayLa = await createLocalAuthority(t.dataSource, 'Away LA');
    homeOrgId = await createOrganisation(t.dataSource, [homeLa.id]);
    [{ id: homeProviderId }] = await t.dataSource.query(`INSERT INTO identity_providers (local_authority_id, name, issuer, client_id, client_secret_ref) VALUES ($1, 'Home IdP', 'https://idp.home.example', 'home', 'env:HOME_IDP_SECRET') RETURNING id`, [homeLa.id]);
    home = {
      caseworker: await createUser(t.dataSource, t.http, homeLa.id, Role.Caseworker),
      admin: await createUser(t.dataSource, t.http, homeLa.id, Role.LaAdmin),
      manager: await createUser(t.dataSource, t.http, homeLa.id, Role.Manager),
      professional: await createUser(t.dataSource, t.http, homeLa.id, Role.Professional, { discipline: Discipline.Health, organisationId: homeOrgId }),
    };
    const awayOrgId = await createOrganisation(t.dataSource, [awayLa.id]);
    away = {
      caseworker: await createUser(t.dataSource, t.http, awayLa.id, Role.Caseworker),
      admin: await createUser(t.dataSource, t.http, awayLa.id, Role.LaAdmin),
      manager: await createUser(t.dataSource, t.http, awayLa.id, Role.Manager),
      professional: await createUser(t.dataSource, t.http, awayLa.id, Role.Professional, { discipline: Discipline.Health, organisationId: awayOrgId }),
      family: undefined as unknown as TestUser,
    };
    // A professional of the home LA in another organisation, to whom nothing is addressed.
    unassignedProfessional = await createUser(t.dataSource, t.http, homeLa.id, Role.Professional, { discipline: Discipline.Health, organisationId: await createOrganisation(t.dataSource, [homeLa.id]) });
    const child = await t.http
      .post('/api/v1/children')
      .set(bearer(home.caseworker))
      .send({ givenName: 'Hidden', familyName: 'Child', dateOfBirth: '2015-01-01', upn: 'D201000012340', contacts: [{ name: 'Hidden Parent', relationship: 'parent' }] })
      .expect(201);
    homeChildId = child.body.id;
    homeContactId = child.body.contacts[0].id;
    const assessment = await t.http.post('/api/v1/assessments').set(bearer(home.caseworker)).send({ childId: homeChildId, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201);
    homeAssessmentId = assessment.body.id;
    await t.http.post(`/api/v1/assessments/${homeAssessmentId}/decision-to-assess`).set(bearer(home.caseworker)).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    const advice = await t.http
      .post(`/api/v1/assessments/${homeAssessmentId}/advice-requests`)
      .set(bearer(home.caseworker))
      .send({ discipline: 'health', requestedOn: '2026-02-03', assigneeEmail: home.professional.email })
      .expect(201);
    homeAdviceId = advice.body.id;
    const attachment = await t.http
      .post(`/api/v1/advice-requests/${homeAdviceId}/attachments?fileName=letter.pdf`)
      .set(bearer(home.professional))
      .set('content-type', 'application/octet-stream')
      .send(PDF)
      .expect(201);
    homeAttachmentId = attachment.body.id;
    // A second assessment of the same child, with a plan.
    const second = await t.http.post('/api/v1/assessments').set(bearer(home.caseworker)).send({ childId: homeChildId, requestReceivedOn: '2026-01-06', requestSource: 'parent' }).expect(201);
    await t.http.post(`/api/v1/assessments/${second.body.id}/decision-to-assess`).set(bearer(home.caseworker)).send({ decision: 'assess', decidedOn: '2026-02-02' }).expect(200);
    const decided = await t.http.post(`/api/v1/assessments/${second.body.id}/decision-to-issue`).set(bearer(home.caseworker)).send({ decision: 'issue', decidedOn: '2026-02-20' }).expect(200);
    homePlanId = decided.body.planId;
    // An issued plan of the home LA with a review arranged (dates on or before the test clock's 2 March 2026).
    ({ planId: homeIssuedPlanId } = await issueFinalPlan(t.http, home.caseworker, { dateOfBirth: '2015-01-01', requestReceivedOn: '2026-01-05', finalIssuedOn: '2026-03-01' }));
    ({ id: homeReviewId, version: homeReviewVersion } = (await t.http.post(`/api/v1/plans/${homeIssuedPlanId}/reviews`).set(bearer(home.caseworker)).send({ meetingOn: '2026-04-01' }).expect(201)).body);
    // A refused case with an appeal against the refusal (issue 14).
    const refused = await t.http.post('/api/v1/assessments').set(bearer(home.caseworker)).send({ childId: homeChildId, requestReceivedOn: '2026-01-07', requestSource: 'parent' }).expect(201);
    await t.http.post(`/api/v1/assessments/${refused.body.id}/decision-to-assess`).set(bearer(home.caseworker)).send({ decision: 'refuse', decidedOn: '2026-02-02' }).expect(200);
    homeAppealId = (await t.http.post('/api/v1/appeals').set(bearer(home.caseworker)).send({ subjectType: 'assessment', subjectId: refused.body.id, decision: 'refuse_to_assess', noticeOn: '2026-02-02' }).expect(201)).body.id;
    // Families (issue 26): a parent of the home child, with a view and a document; a parent of an away child.
    homeAccessId = (await t.http.post(`/api/v1/children/${homeChildId}/family-access`).set(bearer(home.caseworker)).send({ email: 'home.parent@family.example', name: 'Home Parent', relationship: 'parent' }).expect(201)).body.id;
    const homeFamily = await familySignIn(t.http, t.dataSource, 'home.parent@family.example');
    homeContributionId = (await t.http.post(`/api/v1/family/assessments/${homeAssessmentId}/views`).set({ authorization: `Bearer ${homeFamily}` }).send({ aboutMe: { likedAndAdmired: 'Hidden words', important: 'x', support: 'x', aspirations: 'x' } }).expect(201)).body.id;
    homeDocumentId = (await t.http.post(`/api/v1/family/assessments/${homeAssessmentId}/documents?fileName=a.pdf`).set({ authorization: `Bearer ${homeFamily}` }).set('content-type', 'application/octet-stream').send(PDF).expect(201)).body.id;
    [{ id: homeFamilySessionId }] = await t.dataSource.query(`SELECT s.id FROM family_sessions s JOIN family_members m ON m.id = s.member_id WHERE m.email = 'home.parent@family.example'`);
    const awayChild = await t.http.post('/api/v1/children').set(bearer(away.caseworker)).send({ givenName: 'Away', familyName: 'Child', dateOfBirth: '2015-01-01' }).expect(201);
    await t.http.post(`/api/v1/children/${awayChild.body.id}/family-access`).set(bearer(away.caseworker)).send({ email: 'away.parent@family.example', name: 'Away Parent', relationship: 'parent' }).expect(201);
    away.family = { ...away.caseworker, role: Role.FamilyMember, email: 'away.parent@family.example', token: await familySignIn(t.http, t.dataSource, 'away.parent@family.example') };
    // A child moving away mid-assessment (issue 28): the home LA's outgoing transfer.
    homeTransferId = (await t.http.post(`/api/v1/assessments/${homeAssessmentId}/transfer-out`).set(bearer(home.caseworker)).send({ toLocalAuthorityName: 'Away LA', movesOn: '2026-03-02', learnedOn: '2026-03-01' }).expect(201)).body.id;
    homeReassessmentId = (await t.http.post(`/api/v1/plans/${homeIssuedPlanId}/reassessment-requests`).set(bearer(home.caseworker)).send({ receivedOn: '2026-03-01', requestedBy: 'parent' }).expect(201)).body.id;
    // A change of the plan's health commissioning body (Regs 16).
    await t.http.put(`/api/v1/plans/${homePlanId}/health-body`).set(bearer(home.caseworker)).send({ organisationId: homeOrgId }).expect(200);
    const nextBody = await createOrganisation(t.dataSource, [homeLa.id]);
    homeHealthChangeId = (await t.http.put(`/api/v1/plans/${homePlanId}/health-body`).set(bearer(home.caseworker)).send({ organisationId: nextBody }).expect(200)).body.bodyChanges[0].id;
    homeBudgetRequestId = (await t.http.post(`/api/v1/plans/${homePlanId}/personal-budget-requests`).set(bearer(home.caseworker)).send({ receivedOn: '2026-03-01' }).expect(201)).body.id;
    // A board pack (issue 27): the home LA's managers' document.
    homeBoardPackId = (await t.http.post('/api/v1/reports/board-packs').set(bearer(home.manager)).send({ from: '2026-01-01', to: '2026-02-28' }).expect(202)).body.id;
    [{ id: homeNotificationId }] = await t.dataSource.query(
      `INSERT INTO notifications (local_authority_id, recipient_user_id, kind, subject_type, subject_id, dedupe_key) VALUES ($1, $2, 'deadline_due_soon', 'assessment', $3, 'isolation-probe') RETURNING id`,
      [homeLa.id, home.caseworker.id, second.body.id],
    );
  });
  afterAll(() => t.close());

  const byId = () => [
    { who: 'caseworker', method: 'get', path: `/api/v1/children/${homeChildId}` },
    { who: 'caseworker', method: 'patch', path: `/api/v1/children/${homeChildId}`, body: { familyName: 'X' }, ifMatch: '"1"' },
    { who: 'caseworker', method: 'post', path: `/api/v1/children/${homeChildId}/contacts`, body: { name: 'X', relationship: 'parent' } },
    { who: 'caseworker', method: 'patch', path: `/api/v1/children/${homeChildId}/contacts/${homeContactId}`, body: { name: 'X' } },
    { who: 'caseworker', method: 'delete', path: `/api/v1/children/${homeChildId}/contacts/${homeContactId}` },
    { who: 'admin', method: 'get', path: `/api/v1/users/${home.caseworker.id}` },
    { who: 'manager', method: 'get', path: `/api/v1/reports/board-packs/${homeBoardPackId}` },
    { who: 'manager', method: 'get', path: `/api/v1/reports/board-packs/${homeBoardPackId}/pdf` },
    { who: 'admin', method: 'patch', path: `/api/v1/users/${home.caseworker.id}`, body: { active: false } },
    { who: 'admin', method: 'get', path: `/api/v1/users/${home.caseworker.id}/sessions` },
    { who: 'admin', method: 'get', path: `/api/v1/identity-providers/${homeProviderId}` },
    { who: 'admin', method: 'delete', path: `/api/v1/users/${home.caseworker.id}/sessions` },
    { who: 'admin', method: 'delete', path: `/api/v1/users/${home.caseworker.id}/second-factor` },
    { who: 'caseworker', method: 'delete', path: `/api/v1/auth/sessions/${JSON.parse(Buffer.from(home.caseworker.token.split('.')[1], 'base64url').toString('utf8')).sid}` },
    { who: 'admin', method: 'get', path: `/api/v1/organisations/${homeOrgId}` },
    { who: 'admin', method: 'patch', path: `/api/v1/organisations/${homeOrgId}`, body: { sharedInboxEmail: 'attacker@away.example' }, ifMatch: '"1"' },
    { who: 'admin', method: 'get', path: `/api/v1/organisations/${homeOrgId}/members` },
    { who: 'admin', method: 'post', path: `/api/v1/organisations/${homeOrgId}/members`, body: { email: home.professional.email } },
    { who: 'admin', method: 'delete', path: `/api/v1/organisations/${homeOrgId}/members/${home.professional.id}`, template: 'DELETE /api/v1/organisations/{id}/members/{id}' },
    { who: 'caseworker', method: 'get', path: `/api/v1/assessments/${homeAssessmentId}` },
    { who: 'caseworker', method: 'get', path: `/api/v1/assessments/${homeAssessmentId}/timeline` },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/decision-to-assess`, body: { decision: 'refuse', decidedOn: '2026-02-10' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/decision-to-issue`, body: { decision: 'not_issue', decidedOn: '2026-02-10' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/draft-plan`, body: { issuedOn: '2026-02-10' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/representations`, body: { receivedOn: '2026-02-10' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/final-plan`, body: { issuedOn: '2026-02-10' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/withdraw`, body: { withdrawnOn: '2026-02-10', reason: 'moved_away' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/exceptions`, body: { ground: 'personal_circumstances', startsOn: '2026-02-10', reason: 'Probe' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/caseworker`, body: { caseworkerId: '00000000-0000-4000-8000-000000000000' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/school-consultations`, body: { schoolName: 'Probe', consultedOn: '2026-02-10' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/school-consultations/00000000-0000-4000-8000-000000000000/response`, body: { respondedOn: '2026-02-10', response: 'agrees' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/advice-requests`, body: { discipline: 'psychology', requestedOn: '2026-02-10' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/advice-requests/${homeAdviceId}` },
    { who: 'caseworker', method: 'post', path: `/api/v1/advice-requests/${homeAdviceId}/received`, body: { receivedOn: '2026-02-10' } },
    { who: 'professional', method: 'get', path: `/api/v1/advice-requests/${homeAdviceId}` },
    { who: 'professional', method: 'post', path: `/api/v1/advice-requests/${homeAdviceId}/submission`, body: { summary: 'Probe', needs: [], outcomes: [], provision: [] } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/reused-advice`, body: { discipline: 'psychology', reusedAdvice: 'Probe', adviserAgreedOn: '2026-02-10', localAuthorityAgreedOn: '2026-02-10', familyAgreedOn: '2026-02-10' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/advice-requests/${homeAdviceId}/accept` },
    { who: 'caseworker', method: 'post', path: `/api/v1/advice-requests/${homeAdviceId}/return`, body: { reason: 'Probe' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/advice-requests/${homeAdviceId}/exceptions`, body: { ground: 'missed_appointment', startsOn: '2026-02-10', reason: 'Probe' } },
    { who: 'professional', method: 'post', path: `/api/v1/advice-requests/${homeAdviceId}/exceptions`, body: { ground: 'missed_appointment', startsOn: '2026-02-10', reason: 'Probe' } },
    { who: 'professional', method: 'post', path: `/api/v1/advice-requests/${homeAdviceId}/attachments?fileName=x.pdf`, body: PDF, contentType: 'application/octet-stream' },
    { who: 'caseworker', method: 'get', path: `/api/v1/advice-requests/${homeAdviceId}/attachments/${homeAttachmentId}` },
    { who: 'professional', method: 'get', path: `/api/v1/advice-requests/${homeAdviceId}/attachments/${homeAttachmentId}` },
    { who: 'professional', method: 'delete', path: `/api/v1/advice-requests/${homeAdviceId}/attachments/${homeAttachmentId}` },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homePlanId}` },
    { who: 'caseworker', method: 'put', path: `/api/v1/plans/${homePlanId}/sections/A`, template: 'PUT /api/v1/plans/{id}/sections/{id}', body: { text: 'Probe' }, ifMatch: '"1"' },
    { who: 'caseworker', method: 'post', path: `/api/v1/plans/${homePlanId}/from-advice`, body: { adviceRequestId: homeAdviceId }, ifMatch: '"1"' },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homePlanId}/quality` },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homePlanId}/versions` },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homePlanId}/versions/1`, template: 'GET /api/v1/plans/{id}/versions/{id}' },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homePlanId}/compare?from=1&to=1` },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homePlanId}/pdf` },
    { who: 'caseworker', method: 'get', path: `/api/v1/decision-notices/letter?subjectType=assessment&subjectId=${homeAssessmentId}&decision=refuse_to_assess&notifiedOn=2026-03-01` },
    { who: 'caseworker', method: 'get', path: `/api/v1/decision-notices/letter?subjectType=plan&subjectId=${homePlanId}&decision=plan_contents&notifiedOn=2026-05-01` },
    { who: 'caseworker', method: 'post', path: `/api/v1/notifications/${homeNotificationId}/read` },
    { who: 'caseworker', method: 'post', path: `/api/v1/plans/${homeIssuedPlanId}/reviews`, body: { meetingOn: '2026-04-02' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homeIssuedPlanId}/reviews` },
    { who: 'caseworker', method: 'put', path: `/api/v1/plans/${homeIssuedPlanId}/phase-transfer`, body: { kind: 'primary_to_secondary', transferOn: '2027-09-01' } },
    { who: 'caseworker', method: 'put', path: `/api/v1/plans/${homeIssuedPlanId}/review-interval`, body: { months: 6 } },
    { who: 'caseworker', method: 'get', path: `/api/v1/reviews/${homeReviewId}` },
    { who: 'caseworker', method: 'post', path: `/api/v1/reviews/${homeReviewId}/invitations`, body: { sentOn: '2026-03-02' } },
    { who: 'caseworker', method: 'put', path: `/api/v1/reviews/${homeReviewId}/meeting`, body: { meetingOn: '2026-03-02' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/reviews/${homeReviewId}/meeting-held`, body: {} },
    { who: 'caseworker', method: 'post', path: `/api/v1/reviews/${homeReviewId}/report`, body: { issuedOn: '2026-03-02' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/reviews/${homeReviewId}/not-amending`, body: { notifiedOn: '2026-03-02', reasons: 'No change needed' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/reviews/${homeReviewId}/decision`, body: { decision: 'cease', notifiedOn: '2026-03-02' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/reviews/${homeReviewId}/representations`, body: { receivedOn: '2026-03-02' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/reviews/${homeReviewId}/amended-plan`, body: { issuedOn: '2026-03-02' } },
    // Disagreements and endings (issue 14).
    { who: 'caseworker', method: 'post', path: '/api/v1/appeals', template: 'POST /api/v1/appeals (another LA’s subject)', body: { subjectType: 'plan', subjectId: homePlanId, decision: 'plan_contents', noticeOn: '2026-03-01' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/appeals/${homeAppealId}` },
    { who: 'caseworker', method: 'post', path: `/api/v1/appeals/${homeAppealId}/mediation`, body: { adviserContactedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/appeals/${homeAppealId}/mediation-certificate`, body: { issuedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/appeals/${homeAppealId}/lodged`, body: { lodgedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/appeals/${homeAppealId}/hearing`, body: { hearingOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/appeals/${homeAppealId}/outcome`, body: { outcome: 'withdrawn', decidedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/appeals/${homeAppealId}/orders`, body: { kind: 'dismissed', orderedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/appeals/${homeAppealId}/orders/00000000-0000-4000-8000-000000000000/compliance`, body: { duty: 'notify_assess', doneOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/appeals/${homeAppealId}/orders/00000000-0000-4000-8000-000000000000/recommendations`, body: { kind: 'health', body: 'NHS North ICB', text: 'A sensory assessment.' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/appeals/${homeAppealId}/recommendations/00000000-0000-4000-8000-000000000000/answer`, body: { text: 'Agreed.', answeredOn: '2026-03-01', answeredBy: 'DCO' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/plans/${homePlanId}/cease`, body: { reason: 2, notifiedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/plans/${homePlanId}/cease/consultations`, body: { consultee: 'family', consultedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homePlanId}/cessation` },
    // Families (issue 26): another LA's caseworker, and a family member of another child, reach nothing.
    { who: 'caseworker', method: 'post', path: `/api/v1/children/${homeChildId}/family-access`, body: { email: 'intruder@family.example', name: 'Intruder', relationship: 'parent' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/children/${homeChildId}/family-access` },
    { who: 'caseworker', method: 'delete', path: `/api/v1/family-access/${homeAccessId}` },
    { who: 'caseworker', method: 'post', path: `/api/v1/family-access/${homeAccessId}/consent`, body: { consentedOn: '2026-02-10' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/assessments/${homeAssessmentId}/family-contributions` },
    { who: 'caseworker', method: 'post', path: `/api/v1/family-contributions/${homeContributionId}/answer`, body: { reflected: true, reason: 'Probe' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/family-contributions/${homeDocumentId}/document` },
    { who: 'caseworker', method: 'post', path: `/api/v1/family-contributions/${homeContributionId}/section-a`, ifMatch: '"1"' },
    { who: 'family', method: 'get', path: `/api/v1/family/assessments/${homeAssessmentId}` },
    { who: 'family', method: 'get', path: `/api/v1/family/assessments/${homeAssessmentId}/contributions` },
    { who: 'family', method: 'post', path: `/api/v1/family/assessments/${homeAssessmentId}/views`, body: { aboutMe: { likedAndAdmired: 'Probe', important: 'x', support: 'x', aspirations: 'x' } } },
    { who: 'family', method: 'post', path: `/api/v1/family/assessments/${homeAssessmentId}/documents?fileName=x.pdf`, body: PDF, contentType: 'application/octet-stream' },
    { who: 'family', method: 'post', path: `/api/v1/family/assessments/${homeAssessmentId}/representations`, body: { comments: [{ section: 'B', text: 'Probe' }], meetingRequested: true } },
    { who: 'family', method: 'post', path: `/api/v1/family/assessments/${homeAssessmentId}/mediation`, body: { issues: ['Probe'] } },
    { who: 'family', method: 'get', path: `/api/v1/family/plans/${homePlanId}` },
    { who: 'family', method: 'get', path: `/api/v1/family/plans/${homePlanId}/pdf` },
    { who: 'family', method: 'delete', path: `/api/v1/family/sessions/${homeFamilySessionId}` },
    // Across boundaries (issue 28).
    { who: 'caseworker', method: 'post', path: `/api/v1/plans/${homePlanId}/transfer-out`, body: { toLocalAuthorityName: 'Away LA', movesOn: '2026-03-02', learnedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/assessments/${homeAssessmentId}/transfer-out`, body: { toLocalAuthorityName: 'Away LA', movesOn: '2026-03-02', learnedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/transfers/${homeTransferId}` },
    { who: 'caseworker', method: 'get', path: `/api/v1/transfers/${homeTransferId}/package` },
    { who: 'caseworker', method: 'post', path: `/api/v1/transfers/${homeTransferId}/sent`, body: { sentOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/transfers/${homeTransferId}/cancel`, body: {} },
    { who: 'caseworker', method: 'post', path: `/api/v1/transfers/${homeTransferId}/notice`, body: { sentOn: '2026-03-01', willAssess: false } },
    { who: 'caseworker', method: 'post', path: `/api/v1/plans/${homeIssuedPlanId}/reassessment-requests`, body: { receivedOn: '2026-03-01', requestedBy: 'parent' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homeIssuedPlanId}/reassessment-requests` },
    { who: 'caseworker', method: 'get', path: `/api/v1/reassessment-requests/${homeReassessmentId}` },
    { who: 'caseworker', method: 'post', path: `/api/v1/reassessment-requests/${homeReassessmentId}/decision`, body: { decision: 'reassess', notifiedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/reassessment-requests/${homeReassessmentId}/exceptions`, body: { ground: 'personal_circumstances', startsOn: '2026-03-01', endsOn: '2026-03-02', reason: 'x' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/reassessment-requests/${homeReassessmentId}/outcome`, body: { kind: 'notice_not_to_amend', issuedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/plans/${homePlanId}/health-sign-off`, body: { agreedOn: '2026-03-01', overrideReason: 'Agreed by letter, portal down' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homePlanId}/health-sign-off` },
    { who: 'caseworker', method: 'put', path: `/api/v1/plans/${homePlanId}/health-body`, body: { organisationId: homeOrgId } },
    { who: 'caseworker', method: 'post', path: `/api/v1/health-body-changes/${homeHealthChangeId}/answer`, template: 'POST /api/v1/health-body-changes/{id}/answer', body: { answer: 'secures_provision', answeredOn: '2026-03-01' } },
    { who: 'professional', method: 'post', path: `/api/v1/plans/${homePlanId}/health-sign-off`, template: 'POST /api/v1/plans/{id}/health-sign-off (a health user of another LA)', body: { agreedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/assessments/${homeAssessmentId}/body-notices` },
    { who: 'caseworker', method: 'post', path: `/api/v1/plans/${homePlanId}/personal-budget-requests`, body: { receivedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homePlanId}/personal-budget-requests` },
    { who: 'caseworker', method: 'get', path: `/api/v1/personal-budget-requests/${homeBudgetRequestId}` },
    { who: 'caseworker', method: 'post', path: `/api/v1/personal-budget-requests/${homeBudgetRequestId}/decision`, body: { decision: 'agree', amount: 10, notifiedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'post', path: `/api/v1/personal-budget-requests/${homeBudgetRequestId}/direct-payment-reviews`, body: { reviewedOn: '2026-03-01' } },
    { who: 'caseworker', method: 'put', path: `/api/v1/plans/${homeIssuedPlanId}/provision/p1/delivery`, template: 'PUT /api/v1/plans/{id}/provision/{id}/delivery', body: { inPlace: false, reason: 'x' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homeIssuedPlanId}/provision` },
    { who: 'caseworker', method: 'put', path: `/api/v1/reviews/${homeReviewId}/preparing-for-adulthood`, body: { employment: 'e', independentLiving: 'i', community: 'c', health: 'h' } },
    { who: 'caseworker', method: 'get', path: `/api/v1/plans/${homeIssuedPlanId}/preparing-for-adulthood` },
    { who: 'caseworker', method: 'put', path: `/api/v1/plans/${homeIssuedPlanId}/adult-social-care-transition`, body: { notes: 'n' } },
  ] as const;

  /** Every operation with a path parameter, as `METHOD /template`: each must have a row above. */
  const covered = () =>
    new Set(byId().map((r) => ('template' in r ? r.template : `${r.method.toUpperCase()} ${r.path.split('?')[0].replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}')}`)));

  it('answers 404, never 403 or the record, for every id of another LA', async () => {
    for (const request of byId()) {
      const user = away[request.who];
      let call = t.http[request.method](request.path).set(bearer(user));
      if ('ifMatch' in request) call = call.set('if-match', request.ifMatch);
      if ('contentType' in request) call = call.set('content-type', request.contentType);
      const response = await ('body' in request ? call.send(request.body) : call);
      expect({ path: request.path, method: request.method, status: response.status }).toEqual({ path: request.path, method: request.method, status: 404 });
      expect(JSON.stringify(response.body)).not.toContain('Hidden');
    }
    // Nothing was changed by those attempts (no letter was frozen for another LA's case either).
    expect((await t.dataSource.query(`SELECT count(*)::int AS count FROM notice_documents WHERE assessment_id = $1`, [homeAssessmentId]))[0].count).toBe(0);
    const read = await t.http.get(`/api/v1/children/${homeChildId}`).set(bearer(home.caseworker)).expect(200);
    expect(read.body).toMatchObject({ familyName: 'Child', version: 1 });
    expect(read.body.contacts).toHaveLength(1);
    const assessment = await t.http.get(`/api/v1/assessments/${homeAssessmentId}`).set(bearer(home.caseworker)).expect(200);
    expect(assessment.body).toMatchObject({ status: 'assessing', exceptions: [] });
    expect(assessment.body.adviceRequests).toHaveLength(1);
    const advice = await t.http.get(`/api/v1/advice-requests/${homeAdviceId}`).set(bearer(home.caseworker)).expect(200);
    expect(advice.body).toMatchObject({ status: 'requested', exceptions: [], attachments: [expect.objectContaining({ id: homeAttachmentId })] });
    const review = await t.http.get(`/api/v1/reviews/${homeReviewId}`).set(bearer(home.caseworker)).expect(200);
    expect(review.body).toMatchObject({ status: 'scheduled', meetingOn: '2026-04-01', invitationsSentOn: null, version: homeReviewVersion });
    const plan = await t.http.get(`/api/v1/plans/${homeIssuedPlanId}`).set(bearer(home.caseworker)).expect(200);
    expect(plan.body.deadlines.map((d: { kind: string }) => d.kind)).toEqual(['review_due']);
    const family = await t.http.get(`/api/v1/assessments/${homeAssessmentId}/family-contributions`).set(bearer(home.caseworker)).expect(200);
    expect(family.body.map((c: { id: string; answered: boolean }) => [c.id, c.answered])).toEqual([
      [homeContributionId, false],
      [homeDocumentId, false],
    ]);
    const grants = await t.http.get(`/api/v1/children/${homeChildId}/family-access`).set(bearer(home.caseworker)).expect(200);
    expect(grants.body.map((g: { id: string; status: string }) => [g.id, g.status])).toEqual([[homeAccessId, 'active']]);
  });

  it('gives a family member 0 reads of another child: nothing listed, nothing audited as read', async () => {
    const children = await t.http.get('/api/v1/family/children').set(bearer(away.family)).expect(200);
    expect(children.body.map((c: { givenName: string }) => c.givenName)).toEqual(['Away']);
    const [{ reads }] = await t.dataSource.query(
      `SELECT count(*)::int AS reads FROM audit_events WHERE actor_role = 'family_member' AND actor_user_id = (SELECT id FROM family_members WHERE email = 'away.parent@family.example')
          AND (entity_id = $1 OR metadata->>'childId' = $1 OR local_authority_id = $2)`,
      [homeChildId, home.caseworker.localAuthorityId],
    );
    expect(reads).toBe(0);
    const reassessment = await t.http.get(`/api/v1/reassessment-requests/${homeReassessmentId}`).set(bearer(home.caseworker)).expect(200);
    expect(reassessment.body).toMatchObject({ status: 'awaiting_decision', decision: null });
    const budget = await t.http.get(`/api/v1/personal-budget-requests/${homeBudgetRequestId}`).set(bearer(home.caseworker)).expect(200);
    expect(budget.body.status).toBe('requested');
    expect((await t.http.get(`/api/v1/plans/${homeIssuedPlanId}/provision`).set(bearer(home.caseworker)).expect(200)).body.provision[0].latest).toBeNull();
  });

  it('covers every endpoint that takes an id (a new one without an isolation row fails here)', async () => {
    const openapi = await t.http.get('/docs-json').expect(200);
    const withIds = Object.entries(openapi.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.includes('{'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{id}')}`));
    expect(withIds.length).toBeGreaterThan(20);
    // The OpenID Connect sign-in steps are public and take any LA's provider by design: the sign-in lands in that
    // provider's LA (test/oidc.e2e-spec.ts refuses a user of another LA there).
    const publicSignIn = ['POST /api/v1/auth/oidc/{id}/authorize-url', 'POST /api/v1/auth/oidc/{id}/callback'];
    // Its {id} names a measure (a fixed list), not a record: each LA sets its own target, so nothing of another LA's to reach.
    const notRecords = ['PUT /api/v1/reports/scorecard/targets/{id}'];
    const missing = withIds.filter((operation) => !covered().has(operation) && !publicSignIn.includes(operation) && !notRecords.includes(operation));
    expect(missing).toEqual([]);
  });

  it('never lists or finds another LA’s records', async () => {
    for (const query of ['q=hidden', 'identifier=D201000012340', 'dateOfBirth=2015-01-01', '']) {
      const response = await t.http.get(`/api/v1/children?${query}`).set(bearer(away.caseworker)).expect(200);
      expect(response.body.items.map((c: { id: string }) => c.id)).not.toContain(homeChildId);
    }
    const users = await t.http.get('/api/v1/users?limit=200').set(bearer(away.admin)).expect(200);
    expect(users.body.items.every((u: { localAuthorityId: string }) => u.localAuthorityId === away.admin.localAuthorityId)).toBe(true);
    const organisations = await t.http.get('/api/v1/organisations').set(bearer(away.caseworker)).expect(200);
    expect(organisations.body.map((o: { id: string }) => o.id)).not.toContain(homeOrgId);
    const audit = await t.http.get(`/api/v1/audit?entityType=child&entityId=${homeChildId}`).set(bearer(away.manager)).expect(200);
    expect(audit.body.items).toEqual([]);
    const assessmentAudit = await t.http.get(`/api/v1/audit?entityType=assessment&entityId=${homeAssessmentId}`).set(bearer(away.manager)).expect(200);
    expect(assessmentAudit.body.items).toEqual([]);
    for (const query of ['', 'status=assessing', 'overdue=true', `caseworkerId=${home.caseworker.id}`, 'dueBefore=2030-01-01']) {
      const assessments = await t.http.get(`/api/v1/assessments?${query}`).set(bearer(away.caseworker)).expect(200);
      expect(assessments.body.items).toEqual([]);
    }
    for (const who of [away.caseworker, away.professional]) {
      const inbox = await t.http.get('/api/v1/advice-requests').set(bearer(who)).expect(200);
      expect(inbox.body.items).toEqual([]);
    }
    const byAssessment = await t.http.get(`/api/v1/advice-requests?assessmentId=${homeAssessmentId}`).set(bearer(away.caseworker)).expect(200);
    expect(byAssessment.body.items).toEqual([]);
  });

  it('lets the home LA see its own records', async () => {
    await t.http.get(`/api/v1/children/${homeChildId}`).set(bearer(home.caseworker)).expect(200);
    const audit = await t.http.get(`/api/v1/audit?entityType=child&entityId=${homeChildId}`).set(bearer(home.manager)).expect(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
  });

  it('gives a professional 404 for a child with no work addressed to them, even in their own LA', async () => {
    await t.http.get(`/api/v1/children/${homeChildId}`).set(bearer(unassignedProfessional)).expect(404);
    await t.http.get('/api/v1/children').set(bearer(unassignedProfessional)).expect(403);
    await t.http.get(`/api/v1/advice-requests/${homeAdviceId}`).set(bearer(unassignedProfessional)).expect(404);
    await t.http.post(`/api/v1/advice-requests/${homeAdviceId}/submission`).set(bearer(unassignedProfessional)).send({ summary: 'Not mine', needs: [], outcomes: [], provision: [] }).expect(404);
    await t.http.get(`/api/v1/assessments/${homeAssessmentId}`).set(bearer(unassignedProfessional)).expect(403);
    const inbox = await t.http.get('/api/v1/advice-requests').set(bearer(unassignedProfessional)).expect(200);
    expect(inbox.body.items).toEqual([]);
  });

  it('lets the assigned professional reach their advice request, and only through it', async () => {
    const request = await t.http.get(`/api/v1/advice-requests/${homeAdviceId}`).set(bearer(home.professional)).expect(200);
    expect(request.body).toMatchObject({ id: homeAdviceId, child: { givenName: 'Hidden' } });
    const inbox = await t.http.get('/api/v1/advice-requests').set(bearer(home.professional)).expect(200);
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toEqual([homeAdviceId]);
    // Professionals have no assessment endpoints at all (403 for the endpoint, so nothing about the record leaks).
    await t.http.get(`/api/v1/assessments/${homeAssessmentId}`).set(bearer(home.professional)).expect(403);
    await t.http.get('/api/v1/assessments').set(bearer(home.professional)).expect(403);
    await t.http.get(`/api/v1/assessments/${homeAssessmentId}/timeline`).set(bearer(home.professional)).expect(403);
  });
});
