/**
 * The SEN2 2026 return's codes and tag names (/work/shared/docs/sen2-2026.md; docs/sen2.md lists which are
 * assumptions). Every tag is named once here, so a tag the year's technical specification spells differently is one
 * line to change (and the same line in sen2-2026.xsd).
 */
export const SEN2_TAGS = {
  root: 'Message',
  header: 'Header',
  collectionDetails: 'CollectionDetails',
  collection: 'Collection',
  year: 'Year',
  referenceDate: 'ReferenceDate',
  source: 'Source',
  sourceLevel: 'SourceLevel',
  lea: 'LEA',
  softwareCode: 'SoftwareCode',
  release: 'Release',
  serialNo: 'SerialNo',
  dateTime: 'DateTime',
  persons: 'Persons',
  person: 'Person',
  surname: 'Surname',
  forename: 'Forename',
  personBirthDate: 'PersonBirthDate',
  sex: 'Sex',
  ethnicity: 'Ethnicity',
  postCode: 'PostCode',
  upn: 'UPN',
  uln: 'UniqueLearnerNumber',
  upnUnknown: 'UPNunknown',
  requests: 'Requests',
  receivedDate: 'ReceivedDate',
  requestSource: 'RequestSource',
  rya: 'RYA',
  requestOutcomeDate: 'RequestOutcomeDate',
  requestOutcome: 'RequestOutcome',
  requestMediation: 'RequestMediation',
  requestTribunal: 'RequestTribunal',
  exported: 'Exported',
  assessment: 'Assessment',
  assessmentOutcome: 'AssessmentOutcome',
  assessmentOutcomeDate: 'AssessmentOutcomeDate',
  assessmentMediation: 'AssessmentMediation',
  assessmentTribunal: 'AssessmentTribunal',
  otherMediation: 'OtherMediation',
  otherTribunal: 'OtherTribunal',
  week20: 'Week20',
  namedPlan: 'NamedPlan',
  startDate: 'StartDate',
  planRes: 'PlanRes',
  planWbp: 'PlanWBP',
  pb: 'PB',
  oa: 'OA',
  dp: 'DP',
  ceaseDate: 'CeaseDate',
  ceaseReason: 'CeaseReason',
  planDetail: 'PlanDetail',
  urn: 'URN',
  ukprn: 'UKPRN',
  senSetting: 'SENSetting',
  senSettingOther: 'SENSettingOther',
  placementRank: 'PlacementRank',
  senUnitIndicator: 'SENunitIndicator',
  resourcedProvisionIndicator: 'ResourcedProvisionIndicator',
  activePlans: 'ActivePlans',
  transferLa: 'TransferLA',
  res: 'RES',
  wbp: 'WBP',
  reviewMeeting: 'ReviewMeeting',
  reviewOutcome: 'ReviewOutcome',
  lastReview: 'LastReview',
  reviewDraft: 'ReviewDraft',
  phaseTransferDueDate: 'PhaseTransferDueDate',
  phaseTransferFinalDate: 'PhaseTransferFinalDate',
  placementDetail: 'PlacementDetail',
  entryDate: 'EntryDate',
  leavingDate: 'LeavingDate',
  senNeed: 'SENneed',
  senType: 'SENtype',
  senTypeRank: 'SENtypeRank',
} as const;

/**
 * RequestSource (mandatory from 2026): 1 young person or parent, 2 school or other education setting, 3 health care
 * professionals, 4 social care professionals, 5 other. We record parent, young person, school or other, so 3 and 4
 * are never produced (a request a health or social care professional made is recorded as `other` today).
 */
export const REQUEST_SOURCE_CODES: Record<string, 1 | 2 | 3 | 4 | 5> = { parent: 1, young_person: 1, school: 2, health: 3, social_care: 4, other: 5 };

/** RequestOutcome (assumed codes, docs/sen2.md): A assess, R refuse, W withdrawn before a decision, H not yet decided. */
export const REQUEST_OUTCOME_CODES: Record<'assess' | 'refuse' | 'withdrawn' | 'pending', string> = { assess: 'A', refuse: 'R', withdrawn: 'W', pending: 'H' };

/** AssessmentOutcome (assumed codes): Y plan issued, N decided not to issue, W withdrawn, H not yet decided. */
export const ASSESSMENT_OUTCOME_CODES: Record<'issue_plan' | 'no_plan' | 'withdrawn' | 'pending', string> = { issue_plan: 'Y', no_plan: 'N', withdrawn: 'W', pending: 'H' };

/**
 * PlanRes / RES after CBDS RFC 1299 (late 2024): A = a residential placement of up to 38 weeks a year, B = 39 to 52
 * weeks. The codes before it were A = 38 to 51 weeks, B = 52 weeks.
 */
export function residentialCode(weeksPerYear: number): 'A' | 'B' | null {
  if (!Number.isFinite(weeksPerYear) || weeksPerYear <= 0) return null;
  return weeksPerYear <= 38 ? 'A' : weeksPerYear <= 52 ? 'B' : null;
}

/**
 * Re-maps a residential code recorded under the old list (A = 38-51 weeks, B = 52 weeks) to RFC 1299's. Old B is
 * new B; old A is new A only at exactly 38 weeks and new B from 39: without the weeks it cannot be re-mapped (null:
 * the validation asks for the weeks).
 */
export function remapResidentialCode(oldCode: string, weeksPerYear: number | null): 'A' | 'B' | null {
  const code = oldCode.trim().toUpperCase();
  if (code === 'B') return 'B';
  if (code !== 'A') return null;
  return weeksPerYear === null ? null : weeksPerYear <= 38 ? 'A' : 'B';
}

/** SEN2 flags are 1/0; our JSON and CSV keep Y/N (as Week20 always has). */
export const flag = (value: string | number | null | undefined): '1' | '0' | null => (value === 'Y' ? '1' : value === 'N' ? '0' : null);
