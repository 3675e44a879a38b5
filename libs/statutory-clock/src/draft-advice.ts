import { IsoDate } from './dates';

/**
 * Advice before the draft plan (SEND Regulations 2014, regs 6(1), 6(4) and 7): which of the Regs 6(1)(a)-(e) kinds of
 * advice an assessment has not sought (nor reused under "tell us once"), and which requests are still owed. Pure; the
 * assessments context refuses or records the draft from this.
 */

/** An advice request as this rule needs it: its kind (discipline), where it stands and when it was asked for. */
export interface AdviceRequestFacts {
  id: string;
  discipline: string;
  /** requested, received, accepted, returned, reused or cancelled. */
  status: string;
  requestedOn: IsoDate;
}

/** The advice the LA must seek before it drafts the plan (Regs 6(1)(a)-(e)), in the order of the regulation. */
export const REQUIRED_ADVICE: readonly { discipline: string; regulation: string; label: string }[] = [
  { discipline: 'parent', regulation: 'SEND Regulations 2014, reg 6(1)(a)', label: 'advice and information from the parent or young person' },
  { discipline: 'education', regulation: 'SEND Regulations 2014, reg 6(1)(b)', label: 'educational advice' },
  { discipline: 'health', regulation: 'SEND Regulations 2014, reg 6(1)(c)', label: 'medical advice and information from a health care professional' },
  { discipline: 'psychology', regulation: 'SEND Regulations 2014, reg 6(1)(d)', label: 'psychological advice from an educational psychologist' },
  { discipline: 'social_care', regulation: 'SEND Regulations 2014, reg 6(1)(e)', label: 'social care advice' },
];

export const ADVICE_BEFORE_DRAFT_RULE = 'SEND Regulations 2014, regs 6(1), 6(4) and 7';

/** Statuses in which advice counts as sought: asked for (owed, in, accepted, returned) or reused under Regs 6(4). */
const SOUGHT = ['requested', 'received', 'accepted', 'returned', 'reused'];
/** Statuses in which the adviser still owes the advice. */
const OWED = ['requested', 'returned'];

export interface AdviceNotSought {
  discipline: string;
  regulation: string;
  label: string;
}

export interface AdviceStillOwed {
  adviceRequestId: string;
  discipline: string;
  /** Its letter under Regs 6(1) for (a)-(e); otherwise the regulation the request falls under. */
  regulation: string;
  requestedOn: IsoDate;
  status: string;
}

/** What the draft went out with, kept on the assessment (null: every Regs 6(1)(a)-(e) kind sought and all advice in). */
export interface DraftAdviceRecord {
  notSought: AdviceNotSought[];
  /** The caseworker's documented reason to draft without the advice not sought (at least 10 characters). */
  overrideReason: string | null;
  outstanding: AdviceStillOwed[];
  /** The caseworker confirmed drafting while advice was outstanding. */
  outstandingConfirmed: boolean;
}

export interface DraftAdviceChoice {
  overrideReason?: string;
  confirmOutstandingAdvice?: boolean;
}

function regulationOf(discipline: string): string {
  const required = REQUIRED_ADVICE.find((r) => r.discipline === discipline);
  if (required) return required.regulation;
  return discipline === 'preparing_for_adulthood' ? 'SEND Regulations 2014, reg 6(1)(g)' : 'SEND Regulations 2014, reg 6(1)(f)';
}

/** The Regs 6(1)(a)-(e) kinds with no request sought or reused, and the requests still owed. Pure. */
export function draftAdviceState(requests: readonly AdviceRequestFacts[]): { notSought: AdviceNotSought[]; outstanding: AdviceStillOwed[] } {
  const notSought = REQUIRED_ADVICE.filter((kind) => !requests.some((r) => r.discipline === kind.discipline && SOUGHT.includes(r.status))).map((k) => ({ ...k }));
  const outstanding = requests
    .filter((r) => OWED.includes(r.status))
    .map((r) => ({ adviceRequestId: r.id, discipline: r.discipline, regulation: regulationOf(r.discipline), requestedOn: r.requestedOn, status: r.status }));
  return { notSought, outstanding };
}

/** The rule cited when a draft goes out with advice asked for and not received. */
export const ADVICE_OUTSTANDING_RULE = 'SEND Regulations 2014, regs 6(1), 7 and 8';
