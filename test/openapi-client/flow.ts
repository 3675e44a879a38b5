/**
 * An integrator's client, as a council's case system would write it: types generated from the published OpenAPI
 * document by openapi-typescript (./generated/schema.d.ts, written by test/openapi-client.e2e-spec.ts), requests made
 * with openapi-fetch. It drives one assessment from the request to the final plan's PDF. It must compile under
 * `tsc --strict` with no casts, no non-null assertions and no `any`: the e2e test checks the source for them, then
 * compiles and runs it against the real API. Excluded from the repo's tsconfig (the generated file is not committed).
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './generated/schema';

type Schemas = components['schemas'];
type NeedItem = Schemas['NeedItemDto'];
type ProvisionItem = Schemas['ProvisionItemDto'];
type PlacementItem = Schemas['PlacementItemDto'];
type Problem = Schemas['ProblemDetailsDto'];

const baseUrl = required('API_BASE_URL');
const password = required('PASSWORD');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

/** The data of a successful answer, or a failure that says which step and what the API answered. */
function ok<T>(step: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new Error(`${step}: HTTP ${result.response.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

function etagOf(step: string, response: Response): string {
  const etag = response.headers.get('etag');
  if (!etag) throw new Error(`${step}: no ETag`);
  return etag;
}

async function signIn(email: string) {
  const anonymous = createClient<paths>({ baseUrl });
  const token = ok('sign in', await anonymous.POST('/api/v1/auth/login', { body: { email, password } }));
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token.accessToken}` } });
}

async function main(): Promise<void> {
  const api = await signIn(required('CASEWORKER_EMAIL'));
  const adviser = await signIn(required('ADVISER_EMAIL'));

  const child = ok('create child', await api.POST('/api/v1/children', { body: { givenName: 'Zoë', familyName: 'Client-Example', dateOfBirth: '2016-03-14' } }));
  const requested = ok('request', await api.POST('/api/v1/assessments', { body: { childId: child.id, requestReceivedOn: '2026-01-05', requestSource: 'parent' } }));
  const assessment = { params: { path: { id: requested.id } } };
  const finalDue = requested.deadlines.find((deadline) => deadline.kind === 'final_plan');
  if (!finalDue) throw new Error('request: no final_plan deadline');

  ok('decision to assess', await api.POST('/api/v1/assessments/{id}/decision-to-assess', { ...assessment, body: { decision: 'assess', decidedOn: '2026-02-02' } }));

  const adviceRequest = ok(
    'request advice',
    await api.POST('/api/v1/assessments/{id}/advice-requests', { ...assessment, body: { discipline: 'health', requestedOn: '2026-02-03', assigneeEmail: required('ADVISER_EMAIL') } }),
  );
  ok(
    'submit advice',
    await adviser.POST('/api/v1/advice-requests/{id}/submission', {
      params: { path: { id: adviceRequest.id } },
      body: {
        summary: 'Health advice',
        needs: [{ area: 'sensory_and_physical', description: 'Hearing loss in the left ear' }],
        outcomes: [{ description: 'Follows class instructions', timescale: 'by July 2027' }],
        provision: [{ description: 'Audiology review', frequency: 'every 6 months', duration: 'ongoing', deliveredBy: 'NHS audiology' }],
      },
    }),
  );

  const decided = ok('decision to issue', await api.POST('/api/v1/assessments/{id}/decision-to-issue', { ...assessment, body: { decision: 'issue', decidedOn: '2026-03-20' } }));
  const planId = decided.planId;
  if (!planId) throw new Error('decision to issue: no planId');
  const plan = { params: { path: { id: planId } } };

  const read = await api.GET('/api/v1/plans/{id}', plan);
  ok('read plan', read);
  const fromAdvice = await api.POST('/api/v1/plans/{id}/from-advice', {
    params: { path: { id: planId }, header: { 'If-Match': etagOf('read plan', read.response) } },
    body: { adviceRequestId: adviceRequest.id },
  });
  const imported = ok('from advice', fromAdvice);
  const outcomeIds = imported.sections.E.items.map((outcome) => outcome.id);
  const source = imported.sections.C.items[0]?.source;
  if (outcomeIds.length === 0 || !source || source.adviceRequestId !== adviceRequest.id) throw new Error('from advice: outcomes and attribution not imported');

  let etag = etagOf('from advice', fromAdvice.response);
  const put = async (code: 'A' | 'B' | 'F' | 'I', text: string, items: NeedItem[] | ProvisionItem[] | PlacementItem[] = []) => {
    const result = await api.PUT('/api/v1/plans/{id}/sections/{code}', { params: { path: { id: planId, code }, header: { 'If-Match': etag } }, body: { text, items } });
    const updated = ok(`section ${code}`, result);
    etag = etagOf(`section ${code}`, result.response);
    return updated;
  };
  await put('A', 'Zoë loves drawing and wants to be a vet.');
  await put('B', 'Communication', [{ id: 'n1', area: 'communication_and_interaction', description: 'Expressive language delay' }]);
  const withProvision = await put('F', 'Support in class.', [{ id: 'p1', description: 'Speech and language therapy', frequency: '30 minutes weekly', duration: '12 months', deliveredBy: 'NHS SLT', outcomeIds }]);
  const provision: ProvisionItem | undefined = withProvision.sections.F.items[0];
  if (provision?.frequency !== '30 minutes weekly') throw new Error('section F: provision not kept');

  const findings = ok('quality', await api.GET('/api/v1/plans/{id}/quality', { params: { path: { id: planId }, query: { stage: 'draft' } } }));
  const blocking = findings.filter((finding) => finding.severity === 'error');
  if (blocking.length > 0) throw new Error(`quality: ${JSON.stringify(blocking)}`);

  // A draft needs the Regs 6(1)(a)-(e) advice sought: the others reuse existing advice ("tell us once", Regs 6(4)).
  for (const discipline of ['parent', 'education', 'psychology', 'social_care'] as const) {
    ok(
      `reuse ${discipline} advice`,
      await api.POST('/api/v1/assessments/{id}/reused-advice', { ...assessment, body: { discipline, reusedAdvice: `Existing ${discipline} advice`, adviserAgreedOn: '2026-04-01', localAuthorityAgreedOn: '2026-04-01', familyAgreedOn: '2026-04-01' } }),
    );
  }
  const draft = ok('draft', await api.POST('/api/v1/assessments/{id}/draft-plan', { ...assessment, body: { issuedOn: '2026-04-20' } }));
  ok('representations', await api.POST('/api/v1/assessments/{id}/representations', { ...assessment, body: { receivedOn: '2026-04-30' } }));

  // Without a placement the final plan is refused, and the problem's findings say why.
  const refused = await api.POST('/api/v1/assessments/{id}/final-plan', { ...assessment, body: { issuedOn: '2026-05-01' } });
  const problem: Problem | undefined = refused.error;
  if (refused.response.status !== 422 || !problem?.findings?.some((finding) => finding.code === 'placement_missing' && finding.section === 'I')) {
    throw new Error(`final without placement: HTTP ${refused.response.status} ${JSON.stringify(problem)}`);
  }
  const current = await api.GET('/api/v1/plans/{id}', plan);
  ok('re-read plan', current);
  etag = etagOf('re-read plan', current.response);
  await put('I', '', [{ name: 'Demo Primary School', urn: '990001', type: 'Mainstream primary school' }]);

  // Section G holds the health advice's provision and this flow sets up no health body to sign it off: the caseworker
  // records the documented override (issue 28), which the API audits.
  const final = ok('final', await api.POST('/api/v1/assessments/{id}/final-plan', { ...assessment, body: { issuedOn: '2026-05-01', overrideReason: 'Agreed with the health body by email on 30 April 2026.' } }));
  if (final.status !== 'plan_issued' || final.finalIssuedOn !== '2026-05-01') throw new Error(`final: ${final.status}`);
  const issued = ok('issued plan', await api.GET('/api/v1/plans/{id}', plan));
  const versions = ok('versions', await api.GET('/api/v1/plans/{id}/versions', plan));

  // The PDF: 202 with Retry-After while the worker renders it, then the document.
  let pdf: ArrayBuffer | undefined;
  let waits = 0;
  for (let attempt = 0; attempt < 150 && !pdf; attempt += 1) {
    const answer = await api.GET('/api/v1/plans/{id}/pdf', { ...plan, parseAs: 'arrayBuffer' });
    if (answer.response.status === 200 && answer.data) pdf = answer.data;
    else if (answer.response.status === 202) {
      const retryAfter = Number(answer.response.headers.get('retry-after'));
      if (!(retryAfter >= 1)) throw new Error('pdf: 202 without Retry-After');
      waits += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } else throw new Error(`pdf: HTTP ${answer.response.status}`);
  }
  if (!pdf || Buffer.from(pdf).subarray(0, 5).toString() !== '%PDF-') throw new Error('pdf: not rendered');

  console.log(
    JSON.stringify({
      assessmentId: requested.id,
      childId: child.id,
      planId,
      adviceRequestId: adviceRequest.id,
      finalPlanDueOn: finalDue.dueOn,
      draftStatus: draft.status,
      finalStatus: final.status,
      planStatus: issued.status,
      nextReviewDueOn: issued.nextReviewDueOn,
      placement: issued.sections.I.items[0]?.name ?? null,
      versions: versions.map((version) => `${version.number}:${version.stage}`),
      pdfBytes: pdf.byteLength,
      pdfWaits: waits,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
