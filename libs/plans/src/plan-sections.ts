/**
 * The sections of an EHC plan (SEND Regulations 2014, reg 12(1)) and their structure. Narrative everywhere; items
 * where the golden thread matters: needs (B, C, D) -> outcomes (E, linked to needs) -> provision (F, G, H1, H2,
 * linked to outcomes). Pure data and functions: no Nest, no I/O.
 */
export const SECTION_CODES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'] as const;
export type SectionCode = (typeof SECTION_CODES)[number];

export const SECTION_TITLES: Record<SectionCode, string> = {
  A: 'The views, interests and aspirations of the child and their parents, or of the young person',
  B: 'Special educational needs',
  C: 'Health care needs relating to the special educational needs',
  D: 'Social care needs relating to the special educational needs or a disability',
  E: 'Outcomes sought',
  F: 'Special educational provision',
  G: 'Health provision',
  H1: 'Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970',
  H2: 'Other social care provision',
  I: 'Placement: the school or other institution',
  J: 'Personal budget',
  K: 'Advice and information gathered during the assessment',
};

export type SectionKind = 'narrative' | 'needs' | 'outcomes' | 'provision' | 'placement' | 'budget' | 'advice';

export const SECTION_KINDS: Record<SectionCode, SectionKind> = {
  A: 'narrative',
  B: 'needs',
  C: 'needs',
  D: 'needs',
  E: 'outcomes',
  F: 'provision',
  G: 'provision',
  H1: 'provision',
  H2: 'provision',
  I: 'placement',
  J: 'budget',
  K: 'advice',
};

/** Where a piece of content came from ("from the health advice of 3 March 2026"). */
export interface Attribution {
  adviceRequestId: string;
  discipline: string;
  receivedOn: string | null;
}

export interface NeedItem {
  id: string;
  area: string;
  description: string;
  source?: Attribution | null;
}

export interface OutcomeItem {
  id: string;
  description: string;
  timescale?: string | null;
  needIds: string[];
  /** From Year 9: the preparing-for-adulthood area it serves (Regs 12(3)). */
  preparingForAdulthood?: string | null;
  source?: Attribution | null;
}

export interface ProvisionItem {
  id: string;
  description: string;
  frequency?: string | null;
  duration?: string | null;
  deliveredBy?: string | null;
  outcomeIds: string[];
  /** From Year 9: the preparing-for-adulthood area it serves (Regs 12(3)). */
  preparingForAdulthood?: string | null;
  source?: Attribution | null;
}

export interface PlacementItem {
  name: string;
  urn?: string | null;
  type: string;
  /** A work-based placement (a supported internship, apprenticeship or traineeship): SEN2 PlanWBP and WBP. */
  workBased?: boolean;
}

export interface BudgetItem {
  description: string;
  annualAmountPence?: number | null;
  directPayment?: boolean;
  /** The provision the budget covers: ids of items in sections F, G, H1 or H2 (CFA s49; section J). */
  provisionIds?: string[];
  /** How the budget (and any direct payment) is monitored. */
  monitoring?: string | null;
}

export interface AdviceListItem {
  description: string;
  date?: string | null;
  adviceRequestId?: string | null;
}

export type SectionItem = NeedItem | OutcomeItem | ProvisionItem | PlacementItem | BudgetItem | AdviceListItem;

export interface Section {
  text: string;
  items: SectionItem[];
}

export type Sections = Record<SectionCode, Section>;

export function emptySections(): Sections {
  return Object.fromEntries(SECTION_CODES.map((code) => [code, { text: '', items: [] }])) as unknown as Sections;
}

export function isSectionCode(value: string): value is SectionCode {
  return (SECTION_CODES as readonly string[]).includes(value);
}

/** Section by section: which sections differ between two versions. */
export function changedSections(before: Sections, after: Sections): SectionCode[] {
  return SECTION_CODES.filter((code) => JSON.stringify(before[code]) !== JSON.stringify(after[code]));
}
