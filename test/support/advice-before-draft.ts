import TestAgent from 'supertest/lib/agent';

interface NotSought {
  discipline: string;
}

/**
 * Before a draft plan the Regs 6(1)(a)-(e) advice must be sought or reused (issue 24, point 13): records each kind the
 * assessment has not yet sought as existing advice reused under Regs 6(4) ("tell us once"), the adviser, the LA and the
 * family agreeing on `agreedOn` (default: the decision to assess). Returns the kinds it recorded.
 * `auth`: the caseworker's Authorization header, e.g. bearer(caseworker).
 */
export async function seekAdviceForDraft(http: TestAgent, auth: Record<string, string>, assessmentId: string, agreedOn?: string): Promise<string[]> {
  const assessment = await http.get(`/api/v1/assessments/${assessmentId}`).set(auth).expect(200);
  const body = assessment.body as { decisionToAssessOn: string; adviceBeforeDraft: { notSought: NotSought[] } };
  const on = agreedOn ?? body.decisionToAssessOn;
  const kinds = body.adviceBeforeDraft.notSought.map((k) => k.discipline);
  for (const discipline of kinds) {
    await http
      .post(`/api/v1/assessments/${assessmentId}/reused-advice`)
      .set(auth)
      .send({ discipline, reusedAdvice: `Existing ${discipline} advice, agreed as sufficient`, adviserAgreedOn: on, localAuthorityAgreedOn: on, familyAgreedOn: on })
      .expect(201);
  }
  return kinds;
}
