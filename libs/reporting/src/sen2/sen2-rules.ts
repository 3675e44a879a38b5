import { isValidUln, isValidUpn } from '@app/children';
import { remapResidentialCode, residentialCode } from './sen2-codes';

/** SEN2 primary and secondary need types (statutory-rules.md section 7). */
export const SEN2_NEED_TYPES = ['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH'] as const;
/** Setting codes for a placement with no URN or UKPRN. */
export const SEN2_SETTING_CODES = ['OLA', 'OPA', 'EHE', 'EYP', 'OTH', 'NEET', 'NIEC', 'NIEO'] as const;

export interface Sen2Problem {
  field: string;
  reason: string;
}

export interface Sen2PersonFacts {
  surname: string;
  forename: string;
  birthDate: string;
  sex: string;
  ethnicity: string | null;
  postcode: string | null;
  upn: string | null;
  uln: string | null;
}

/** Why a person record would fail the return (it is still exported, with these listed). */
export function personProblems(p: Sen2PersonFacts, censusDate: string): Sen2Problem[] {
  const problems: Sen2Problem[] = [];
  if (p.birthDate > censusDate) problems.push({ field: 'person_birth_date', reason: 'born after the census date' });
  if (p.sex !== 'M' && p.sex !== 'F') problems.push({ field: 'sex', reason: 'sex not recorded as M or F' });
  if (!p.ethnicity) problems.push({ field: 'ethnicity', reason: 'ethnicity not recorded' });
  if (!p.postcode) problems.push({ field: 'postcode', reason: 'postcode not recorded' });
  if (p.upn && !isValidUpn(p.upn)) problems.push({ field: 'upn', reason: 'UPN fails its check letter' });
  if (p.uln && !isValidUln(p.uln)) problems.push({ field: 'uln', reason: 'ULN is not 10 digits starting 1-9' });
  if (!p.upn && !p.uln) problems.push({ field: 'upn', reason: 'neither a UPN nor a ULN recorded' });
  return problems;
}

export interface Sen2Placement {
  rank: number;
  urn: string | null;
  senSetting: string | null;
  name: string;
  /** PlanRes / RES after CBDS RFC 1299 (A up to 38 weeks a year, B 39 to 52), null when not residential. */
  residential: 'A' | 'B' | null;
  /** PlanWBP / WBP: a work-based placement (supported internship, apprenticeship, traineeship). */
  workBased: boolean;
}

/** A section I item as the plans context stores it (PlacementItemDto), with its residential facts when it is residential. */
export interface PlacementItem {
  name?: string;
  urn?: string | null;
  type?: string;
  residentialWeeksPerYear?: number | null;
  legacyResidentialCode?: string | null;
  workBased?: boolean;
}

/**
 * Placements of a plan, ranked in the order section I names them: a 6 or 7-digit URN, or a SEN2 setting code in the
 * URN or type; the child's recorded setting when section I names none. A residential placement is coded by RFC 1299
 * from its weeks a year; a code recorded under the old list is re-mapped (old A needs the weeks: a problem without).
 */
export function placementsOf(items: PlacementItem[], childSetting: string | null): { placements: Sen2Placement[]; problems: Sen2Problem[] } {
  const sources =
    items.length > 0
      ? items.map((i) => ({ name: i.name ?? '', code: (i.urn ?? '').trim().toUpperCase(), type: (i.type ?? '').trim().toUpperCase(), weeks: i.residentialWeeksPerYear ?? null, legacy: i.legacyResidentialCode ?? null, workBased: i.workBased === true }))
      : childSetting
        ? [{ name: '', code: childSetting.trim().toUpperCase(), type: '', weeks: null, legacy: null, workBased: false }]
        : [];
  if (sources.length === 0) return { placements: [], problems: [{ field: 'placement', reason: 'no placement: section I names none and the child has no setting' }] };
  const placements: Sen2Placement[] = [];
  const problems: Sen2Problem[] = [];
  sources.forEach((s, index) => {
    const setting = (SEN2_SETTING_CODES as readonly string[]).includes(s.code) ? s.code : (SEN2_SETTING_CODES as readonly string[]).includes(s.type) ? s.type : null;
    const urn = /^\d{6,7}$/.test(s.code) ? s.code : null;
    if (!urn && !setting) problems.push({ field: 'urn', reason: `placement ${index + 1} has neither a URN nor a SEN2 setting code` });
    let residential: 'A' | 'B' | null = null;
    if (s.weeks !== null) residential = residentialCode(s.weeks);
    else if (s.legacy !== null) {
      residential = remapResidentialCode(s.legacy, null);
      if (residential === null) problems.push({ field: 'residential', reason: `placement ${index + 1} has the old residential code ${s.legacy.toUpperCase()}, which RFC 1299 re-maps only with the weeks a year` });
    }
    placements.push({ rank: index + 1, urn, senSetting: urn ? null : setting, name: s.name, residential, workBased: s.workBased });
  });
  return { placements, problems };
}

/** SEN needs ranked from section B: needs whose area is a SEN2 need type, in plan order, at most one per type. */
export function needsOf(items: { area?: string }[]): { needs: { senType: string; rank: number }[]; problems: Sen2Problem[] } {
  const types: string[] = [];
  for (const item of items) {
    const code = (item.area ?? '').trim().toUpperCase();
    if ((SEN2_NEED_TYPES as readonly string[]).includes(code) && !types.includes(code)) types.push(code);
  }
  return {
    needs: types.map((senType, index) => ({ senType, rank: index + 1 })),
    problems: types.length === 0 ? [{ field: 'sen_type', reason: 'no SEN2 need type (SPLD, MLD, ... OTH) among the needs in section B' }] : [],
  };
}

/** The SEN2 item each of our checks is about and what a caseworker does to clear it (the validation endpoint's message). */
export const SEN2_FIXES: Record<string, { item: string; fix: string }> = {
  person_birth_date: { item: 'PersonBirthDate', fix: "correct the date of birth on the child's record" },
  sex: { item: 'Sex', fix: "record the child's sex as M or F on their record" },
  ethnicity: { item: 'Ethnicity', fix: "record the child's ethnicity (the DfE four-letter code, e.g. WBRI) on their record" },
  postcode: { item: 'PostCode', fix: "record the child's home postcode on their record" },
  upn: { item: 'UPN', fix: "record the child's UPN (or ULN for a young person beyond school) on their record, checking the check letter" },
  uln: { item: 'UniqueLearnerNumber', fix: "correct the ULN on the child's record (10 digits, not starting with 0)" },
  placement: { item: 'PlacementDetail', fix: "name the setting in section I of the plan, or record the child's setting (URN or SEN2 setting code)" },
  residential: { item: 'PlanRes', fix: 'record the weeks a year of the residential placement in section I: RFC 1299 codes A up to 38 weeks and B from 39, so the old code A cannot be re-mapped without them' },
  transfer_la: { item: 'TransferLA', fix: "record the three-digit code of the LA the plan came from on the transfer (ask the old LA or see the DfE's LA codes)" },
  urn: { item: 'URN', fix: 'give the placement in section I a 6 or 7-digit URN, or a SEN2 setting code (OLA, OPA, EHE, EYP, OTH, NEET, NIEC, NIEO)' },
  sen_type: { item: 'SENtype', fix: 'give at least one need in section B of the plan a SEN2 need type as its area (SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, DS, OTH)' },
  request_source: { item: 'RequestSource', fix: 'record who made the request (parent, young person, school); code 5 (other) is queried by the DfE when used often' },
  request_outcome_date: { item: 'RequestOutcomeDate', fix: 'correct the decision-to-assess or withdrawal date: it cannot be before the request was received' },
  assessment_outcome_date: { item: 'AssessmentOutcomeDate', fix: 'correct the final plan, no-plan decision or withdrawal date: it cannot be before the decision to assess' },
  start_date: { item: 'StartDate', fix: 'correct the final plan issue date: it cannot be before the request was received' },
  cease_reason: { item: 'CeaseReason', fix: 'record the SEN2 reason (1-9) the plan ceased' },
  cease_date: { item: 'CeaseDate', fix: 'correct the cease date: it cannot be before the plan started' },
  review_decision_date: { item: 'LastReview', fix: 'correct the review decision date: it cannot be before the review meeting' },
};

export interface Sen2CaseFacts {
  receivedDate: string;
  requestSource: string;
  requestOutcomeDate: string | null;
  assessmentOutcomeDate: string | null;
  startDate: string | null;
  ceaseDate: string | null;
  ceaseReason: number | null;
  reviewMeetingDate: string | null;
  reviewDecisionDate: string | null;
}

/** The date-order, mandatory-item and code checks of one request, its assessment and plan (errors) and what the DfE queries (warnings). */
export function caseProblems(c: Sen2CaseFacts): { errors: Sen2Problem[]; warnings: Sen2Problem[] } {
  const errors: Sen2Problem[] = [];
  const warnings: Sen2Problem[] = [];
  if (!c.requestSource) errors.push({ field: 'request_source', reason: 'request source not recorded (mandatory from 2026)' });
  else if (c.requestSource === 'other') warnings.push({ field: 'request_source', reason: 'request source is 5 (other)' });
  if (c.requestOutcomeDate && c.requestOutcomeDate < c.receivedDate) errors.push({ field: 'request_outcome_date', reason: 'request outcome dated before the request was received' });
  if (c.assessmentOutcomeDate && c.requestOutcomeDate && c.assessmentOutcomeDate < c.requestOutcomeDate) errors.push({ field: 'assessment_outcome_date', reason: 'assessment outcome dated before the decision to assess' });
  if (c.startDate && c.startDate < c.receivedDate) errors.push({ field: 'start_date', reason: 'plan start date before the request was received' });
  if (c.ceaseDate && c.ceaseReason === null) errors.push({ field: 'cease_reason', reason: 'plan ceased without a cease reason' });
  if (c.ceaseDate && c.startDate && c.ceaseDate < c.startDate) errors.push({ field: 'cease_date', reason: 'plan ceased before it started' });
  if (c.reviewDecisionDate && c.reviewMeetingDate && c.reviewDecisionDate < c.reviewMeetingDate) errors.push({ field: 'review_decision_date', reason: 'review decision dated before the meeting' });
  return { errors, warnings };
}
