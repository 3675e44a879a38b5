import TestAgent from 'supertest/lib/agent';
import { seekAdviceForDraft } from './advice-before-draft';
import { bearer, TestUser } from './factories';

export interface IssuedPlan {
  childId: string;
  assessmentId: string;
  planId: string;
}

/**
 * A case taken through the API from the request to the final plan (the statutory steps, the four required sections,
 * a draft, then the placement in section I). Every date must be on or before the test clock's today.
 */
export async function issueFinalPlan(
  http: TestAgent,
  caseworker: TestUser,
  dates: { dateOfBirth: string; requestReceivedOn: string; finalIssuedOn: string; placement?: { name: string; urn?: string; residentialWeeksPerYear?: number; legacyResidentialCode?: string; workBased?: boolean } },
): Promise<IssuedPlan> {
  const cw = bearer(caseworker);
  const child = await http.post('/api/v1/children').set(cw).send({ givenName: 'Review', familyName: 'Child', dateOfBirth: dates.dateOfBirth }).expect(201);
  const assessment = await http.post('/api/v1/assessments').set(cw).send({ childId: child.body.id, requestReceivedOn: dates.requestReceivedOn, requestSource: 'parent' }).expect(201);
  const id = assessment.body.id as string;
  await http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(cw).send({ decision: 'assess', decidedOn: dates.requestReceivedOn }).expect(200);
  const decided = await http.post(`/api/v1/assessments/${id}/decision-to-issue`).set(cw).send({ decision: 'issue', decidedOn: dates.requestReceivedOn }).expect(200);
  const planId = decided.body.planId as string;
  const sections: [string, unknown][] = [
    ['A', { text: 'Loves football and wants to be a coach.' }],
    ['B', { text: 'Needs', items: [{ id: 'n1', area: 'cognition_and_learning', description: 'Reading' }] }],
    ['E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Reads fluently', needIds: ['n1'] }] }],
    ['F', { text: 'Provision', items: [{ id: 'p1', description: 'Phonics', frequency: 'daily', duration: '1 year', deliveredBy: 'Teacher', outcomeIds: ['o1'] }] }],
  ];
  for (const [index, [code, body]] of sections.entries()) {
    await http.put(`/api/v1/plans/${planId}/sections/${code}`).set(cw).set('if-match', `"${index + 1}"`).send(body as object).expect(200);
  }
  await seekAdviceForDraft(http, cw, id);
  await http.post(`/api/v1/assessments/${id}/draft-plan`).set(cw).send({ issuedOn: dates.requestReceivedOn }).expect(200);
  const plan = await http.get(`/api/v1/plans/${planId}`).set(cw).expect(200);
  const placement = dates.placement ?? { name: 'Demo Secondary School' };
  await http.put(`/api/v1/plans/${planId}/sections/I`).set(cw).set('if-match', plan.headers.etag as string).send({ text: '', items: [{ type: 'Mainstream school', ...placement, urn: placement.urn ?? null }] }).expect(200);
  await http.post(`/api/v1/assessments/${id}/representations`).set(cw).send({ receivedOn: dates.requestReceivedOn }).expect(200);
  await http.post(`/api/v1/assessments/${id}/final-plan`).set(cw).send({ issuedOn: dates.finalIssuedOn }).expect(200);
  return { childId: child.body.id as string, assessmentId: id, planId };
}

/**
 * Writes the sections a plan needs before its draft (A, B, E, F; the placement in I when `withPlacement`: a final plan
 * must name one, a draft must not), each with the plan's current ETag. `auth`: e.g. bearer(caseworker).
 */
export async function writePlanSections(http: TestAgent, auth: Record<string, string>, planId: string, withPlacement: boolean): Promise<void> {
  let etag = (await http.get(`/api/v1/plans/${planId}`).set(auth).expect(200)).headers.etag as string;
  const put = async (code: string, body: object) => {
    etag = (await http.put(`/api/v1/plans/${planId}/sections/${code}`).set(auth).set('if-match', etag).send(body).expect(200)).headers.etag as string;
  };
  await put('A', { text: 'Loves trains.' });
  await put('B', { text: 'Needs', items: [{ id: 'n1', area: 'communication_and_interaction', description: 'Expressive language delay' }] });
  await put('E', { text: 'Outcomes', items: [{ id: 'o1', description: 'Asks for help in class', needIds: ['n1'] }] });
  await put('F', { text: 'Provision', items: [{ id: 'p1', description: 'Speech and language therapy', frequency: '30 minutes weekly', duration: '12 months', deliveredBy: 'NHS SLT', outcomeIds: ['o1'] }] });
  if (withPlacement) await put('I', { text: '', items: [{ name: 'Demo Primary School', urn: '990001', type: 'Mainstream primary school' }] });
}
