import { isValidUln, isValidUpn } from '@app/children';

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
}

/**
 * Placements of a plan, ranked in the order section I names them: a 6 or 7-digit URN, or a SEN2 setting code in the
 * URN or type; the child's recorded setting when section I names none.
 */
export function placementsOf(items: { name?: string; urn?: string | null; type?: string }[], childSetting: string | null): { placements: Sen2Placement[]; problems: Sen2Problem[] } {
  const sources = items.length > 0 ? items.map((i) => ({ name: i.name ?? '', code: (i.urn ?? '').trim().toUpperCase(), type: (i.type ?? '').trim().toUpperCase() })) : childSetting ? [{ name: '', code: childSetting.trim().toUpperCase(), type: '' }] : [];
  if (sources.length === 0) return { placements: [], problems: [{ field: 'placement', reason: 'no placement: section I names none and the child has no setting' }] };
  const placements: Sen2Placement[] = [];
  const problems: Sen2Problem[] = [];
  sources.forEach((s, index) => {
    const setting = (SEN2_SETTING_CODES as readonly string[]).includes(s.code) ? s.code : (SEN2_SETTING_CODES as readonly string[]).includes(s.type) ? s.type : null;
    const urn = /^\d{6,7}$/.test(s.code) ? s.code : null;
    if (!urn && !setting) problems.push({ field: 'urn', reason: `placement ${index + 1} has neither a URN nor a SEN2 setting code` });
    placements.push({ rank: index + 1, urn, senSetting: urn ? null : setting, name: s.name });
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
