import { ASSESSMENT_OUTCOME_CODES, flag, REQUEST_OUTCOME_CODES, REQUEST_SOURCE_CODES, SEN2_TAGS as T } from './sen2-codes';
import type { Sen2PersonRecord, Sen2RequestRecord, Sen2Row } from './sen2.service';

/**
 * Writes the SEN2 2026 return as XML (modules 0-5, /work/shared/docs/sen2-2026.md; schema: sen2-2026.xsd beside this
 * file). Pure string building, one person at a time, so the service can stream a batch as it is read. An item we
 * do not hold is left out rather than written empty; flags are 1/0; dates YYYY-MM-DD. No namespace: the readers of
 * real councils' files look elements up by their bare names.
 */
export interface Sen2Header {
  censusDate: string;
  laCode: string;
  generatedAt: Date;
}

export const SEN2_SOFTWARE_CODE = 'EHCP-CM';
export const SEN2_RELEASE = '2026.1';

const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** `<Tag>value</Tag>`, or nothing for a value we do not hold. */
function el(tag: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return `<${tag}>${escape(String(value))}</${tag}>`;
}

const wrap = (tag: string, inner: string) => `<${tag}>${inner}</${tag}>`;
const str = (row: Sen2Row | null, key: string): string | null => (row && row[key] !== null && row[key] !== undefined ? String(row[key]) : null);

/** The moment the file was made, as London wall-clock time without an offset (CBDS DateTime). */
export function londonDateTime(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The XML declaration, the root, module 0 (the header) and the opening of Persons. */
export function xmlOpening(h: Sen2Header): string {
  const header = wrap(
    T.header,
    wrap(T.collectionDetails, el(T.collection, 'SEN2') + el(T.year, h.censusDate.slice(0, 4)) + el(T.referenceDate, h.censusDate)) +
      wrap(T.source, el(T.sourceLevel, 'L') + el(T.lea, h.laCode) + el(T.softwareCode, SEN2_SOFTWARE_CODE) + el(T.release, SEN2_RELEASE) + el(T.serialNo, '1') + el(T.dateTime, londonDateTime(h.generatedAt))),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${T.root}>${header}<${T.persons}>\n`;
}

export function xmlClosing(): string {
  return `</${T.persons}></${T.root}>\n`;
}

/** SEN2 ranks: 1 primary, 2 secondary (a third placement or need is secondary too). */
const rank = (value: string | number | null) => (Number(value) === 1 ? '1' : '2');

/** PlanDetail (4b) or PlacementDetail (5b): we hold no UKPRN, unit or resourced-provision indicators, entry or leaving dates yet. */
function placementXml(tag: string, row: Sen2Row): string {
  const items = el(T.urn, str(row, 'urn')) + el(T.ukprn, str(row, 'ukprn')) + el(T.senSetting, str(row, 'sen_setting')) + el(T.placementRank, rank(row.placement_rank));
  // 5b carries the placement's own RES and WBP after the indicators; 4b has neither (4a's PlanRes and PlanWBP hold them).
  return wrap(tag, tag === T.placementDetail ? items + el(T.res, str(row, 'residential')) + el(T.wbp, flag(row.work_based)) : items);
}

function requestXml(r: Sen2RequestRecord): string {
  const q = r.request;
  const requestOutcome = (str(q, 'request_outcome') ?? 'pending') as keyof typeof REQUEST_OUTCOME_CODES;
  let inner =
    el(T.receivedDate, str(q, 'received_date')) +
    el(T.requestSource, REQUEST_SOURCE_CODES[str(q, 'request_source') ?? ''] ?? null) +
    el(T.rya, flag(q.rya)) +
    el(T.requestOutcomeDate, str(q, 'request_outcome_date')) +
    el(T.requestOutcome, REQUEST_OUTCOME_CODES[requestOutcome]) +
    el(T.requestMediation, flag(q.request_mediation)) +
    el(T.requestTribunal, flag(q.request_tribunal)) +
    el(T.exported, flag(q.exported));
  const a = r.assessment;
  if (a) {
    const outcome = (str(a, 'assessment_outcome') ?? 'pending') as keyof typeof ASSESSMENT_OUTCOME_CODES;
    let assessment =
      el(T.assessmentOutcome, ASSESSMENT_OUTCOME_CODES[outcome]) +
      el(T.assessmentOutcomeDate, str(a, 'assessment_outcome_date')) +
      el(T.assessmentMediation, flag(a.assessment_mediation)) +
      el(T.assessmentTribunal, flag(a.assessment_tribunal)) +
      el(T.otherMediation, flag(a.other_mediation)) +
      el(T.otherTribunal, flag(a.other_tribunal)) +
      el(T.week20, flag(a.week20));
    const n = r.namedPlan;
    if (n) {
      assessment += wrap(
        T.namedPlan,
        el(T.startDate, str(n, 'start_date')) +
          el(T.planRes, str(n, 'plan_residential')) +
          el(T.planWbp, flag(n.plan_work_based)) +
          el(T.pb, flag(n.personal_budget)) +
          el(T.oa, flag(n.organised_arrangements)) +
          el(T.dp, flag(n.direct_payment)) +
          el(T.ceaseDate, str(n, 'cease_date')) +
          el(T.ceaseReason, str(n, 'cease_reason')) +
          r.planDetails.map((p) => placementXml(T.planDetail, p)).join(''),
      );
    }
    inner += wrap(T.assessment, assessment);
  }
  const p = r.activePlan;
  if (p) {
    inner += wrap(
      T.activePlans,
      el(T.transferLa, str(p, 'transfer_la')) +
        el(T.res, str(p, 'residential')) +
        el(T.wbp, flag(p.work_based)) +
        el(T.reviewMeeting, str(p, 'review_meeting_date')) +
        el(T.reviewOutcome, str(p, 'review_outcome')) +
        el(T.lastReview, str(p, 'review_decision_date')) +
        el(T.reviewDraft, str(p, 'draft_amended_plan_date')) +
        el(T.phaseTransferDueDate, str(p, 'phase_transfer_due_date')) +
        el(T.phaseTransferFinalDate, str(p, 'phase_transfer_final_date')) +
        r.placements.map((row) => placementXml(T.placementDetail, row)).join('') +
        r.needs.map((n) => wrap(T.senNeed, el(T.senType, str(n, 'sen_type')) + el(T.senTypeRank, rank(n.sen_type_rank)))).join(''),
    );
  }
  return wrap(T.requests, inner);
}

/** One Person (module 1) with its Requests (2), Assessment (3), NamedPlan and PlanDetail (4a, 4b), ActivePlans (5a-c). */
export function personXml(p: Sen2PersonRecord): string {
  const row = p.person;
  const sex = str(row, 'sex');
  const uln = str(row, 'uln');
  return (
    wrap(
      T.person,
      el(T.surname, str(row, 'surname')) +
        el(T.forename, str(row, 'forename')) +
        el(T.personBirthDate, str(row, 'person_birth_date')) +
        el(T.sex, sex === 'M' || sex === 'F' ? sex : null) +
        el(T.ethnicity, str(row, 'ethnicity')) +
        el(T.postCode, str(row, 'postcode')) +
        el(T.upn, str(row, 'upn')) +
        el(T.uln, uln && /^[1-9]\d{9}$/.test(uln) ? uln : null) +
        p.requests.map(requestXml).join(''),
    ) + '\n'
  );
}
