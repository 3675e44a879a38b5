/**
 * npm run bench:web-render [-- 50]   (renders per figure)
 *
 * The CPU cost of rendering the web's case page and caseload templates, through the web's own nunjucks environment
 * (apps/web/core/views.ts: production template cache, the web's filters), without a server, a database or the API:
 * ms of CPU per render, warm, for a case at each stage. `npm run bench:web` measures the pages under load; this says how much
 * of a page is its template (node --cpu-prof on this script shows where inside the template).
 */
import { Views } from '../apps/web/core/views';
import { loadWebConfig } from '../apps/web/web-config';

const RENDERS = Number(process.argv[2] ?? '50');
const views = new Views(loadWebConfig({ NODE_ENV: 'production' }));

function caseContext(status: string) {
  const open = !['refused', 'not_issuing', 'plan_issued', 'withdrawn'].includes(status);
  return {
    serviceName: 'EHCP case management',
    cspNonce: 'nonce',
    csrfToken: 'csrf-token',
    person: { id: 'p1', displayName: 'Caseworker One', role: 'caseworker' },
    navigation: [],
    currentPath: '/cases/a1',
    errorList: [],
    fieldErrors: {},
    values: {},
    pageTitle: 'Bench Child Aa',
    childName: 'Bench Child Aa',
    child: { dateOfBirth: '2016-06-01', upn: null },
    assessment: { id: 'a1', reference: 'EHC-998-00001', status, version: 5, requestReceivedOn: '2026-10-07', exceptionsApply: true, planId: status === 'assessing' ? null : 'p1', representationsReceivedOn: null, earliestFinalPlanOn: null },
    stage: status,
    deadlines: ['Decision to assess', 'Advice', 'Draft plan', 'Final plan'].map((label) => ({ label, dueOn: '2026-12-20', tag: { text: 'Due soon', classes: 'govuk-tag--yellow' }, regulation: 'Regulation 13(2)' })),
    adviceRequests: [{ id: 'r1', disciplineLabel: 'Health', dueOn: '2026-12-01', status: 'requested', statusLabel: 'Requested' }],
    timeline: Array.from({ length: 6 }, (_, i) => ({ summary: `Step ${i}`, at: '2026-12-01T10:00:00Z', actorName: 'Caseworker One' })),
    exceptions: [{ groundLabel: 'Exceptional personal circumstances', startsOn: '2026-11-06', endsOn: '2026-11-26', reason: 'Family illness' }],
    exceptionGrounds: [
      { value: 'personal_circumstances', text: 'Exceptional personal circumstances of the child or family', hint: { text: 'Regulation 10(4)(c)' } },
      { value: 'absence_from_area', text: 'The child or parent is away from the area for at least 4 weeks', hint: { text: 'Regulation 10(4)(d)' } },
    ],
    withdrawalReasons: [
      { value: 'request_withdrawn', text: 'The request was withdrawn' },
      { value: 'moved_away', text: 'The child moved to another local authority' },
    ],
    decisionNotices: [],
    schoolConsultations: [],
    open,
    disciplines: ['education', 'health', 'psychology'].map((value) => ({ value, text: value })),
  };
}

function time(template: string, context: Record<string, unknown>): number {
  for (let i = 0; i < 5; i++) views.env.render(template, context);
  // CPU time, not wall time: on a shared machine another process's turn on the core is not the template's cost.
  const t0 = process.cpuUsage();
  for (let i = 0; i < RENDERS; i++) views.env.render(template, context);
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / 1000 / RENDERS;
}

for (const status of ['awaiting_decision', 'assessing', 'drafting', 'draft_issued', 'plan_issued']) {
  console.log(`cases/case.njk (${status}): ${time('cases/case.njk', caseContext(status)).toFixed(2)} ms CPU per render`);
}
// The stage filter as the caseload's controller gives it (stageItems), and as it did before (stages).
const stages = [{ value: 'assessing', text: 'Assessing' }, { value: 'drafting', text: 'Drafting' }];
const stageFilter = { stages, stageItems: [{ value: '', text: 'All stages' }, ...stages] };
const rows = Array.from({ length: 25 }, (_, i) => ({ assessmentId: `a${i}`, childName: `Bench Child ${i}`, reference: `EHC-${i}`, stage: 'Assessing', nextLabel: 'Final plan', nextDeadline: { dueOn: '2026-12-20' }, tag: { text: 'Due soon', classes: 'govuk-tag--yellow' } }));
console.log(`cases/caseload.njk (25 rows): ${time('cases/caseload.njk', { ...caseContext('assessing'), pageTitle: 'All cases', rows, q: '', stage: '', all: true, ...stageFilter }).toFixed(2)} ms CPU per render`);
