import { RuleViolationError } from '@app/core';
import { IsoDate } from '@app/statutory-clock';
import { AdviceRequestSummary } from './assessment-advice.port';
import { AssessmentErrorCode } from './assessments.errors';

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
export function draftAdviceState(requests: readonly Pick<AdviceRequestSummary, 'id' | 'discipline' | 'status' | 'requestedOn'>[]): { notSought: AdviceNotSought[]; outstanding: AdviceStillOwed[] } {
  const notSought = REQUIRED_ADVICE.filter((kind) => !requests.some((r) => r.discipline === kind.discipline && SOUGHT.includes(r.status))).map((k) => ({ ...k }));
  const outstanding = requests
    .filter((r) => OWED.includes(r.status))
    .map((r) => ({ adviceRequestId: r.id, discipline: r.discipline, regulation: regulationOf(r.discipline), requestedOn: r.requestedOn, status: r.status }));
  return { notSought, outstanding };
}

export class AdviceNotSoughtError extends RuleViolationError {
  constructor(notSought: AdviceNotSought[], outstanding: AdviceStillOwed[]) {
    super(
      AssessmentErrorCode.AdviceNotSought,
      `The draft plan cannot be issued before the LA has sought ${notSought.map((k) => `${k.label} (${k.regulation.replace('SEND Regulations 2014, ', '')})`).join(', ')}. ` +
        'Request it (POST /assessments/{id}/advice-requests), record existing advice reused with the agreement of the adviser, the LA and the parent or young person (POST /assessments/{id}/reused-advice, Regs 6(4)), ' +
        'or give `overrideReason` (at least 10 characters) to issue without it: the reason is recorded and audited.',
      ADVICE_BEFORE_DRAFT_RULE,
      { field: 'overrideReason', missing: notSought, outstanding },
    );
  }
}

export class AdviceOutstandingError extends RuleViolationError {
  constructor(outstanding: AdviceStillOwed[]) {
    super(
      AssessmentErrorCode.AdviceOutstanding,
      `Advice sought for this assessment has not been received: ${outstanding.map((r) => `${r.discipline} requested on ${r.requestedOn}`).join(', ')}. ` +
        'Send `confirmOutstandingAdvice: true` to issue the draft without it: the draft is recorded as issued with this advice outstanding.',
      'SEND Regulations 2014, regs 6(1), 7 and 8',
      { field: 'confirmOutstandingAdvice', outstanding },
    );
  }
}

/**
 * Before a draft plan (Regs 6, 7): every Regs 6(1)(a)-(e) kind of advice sought or reused ("tell us once", Regs 6(4)),
 * unless the caseworker documents why not; advice still owed only with the caseworker's confirmation. Returns what the
 * draft went out with (null when nothing was missing), or throws a 422. Pure.
 */
export function checkAdviceBeforeDraft(requests: readonly Pick<AdviceRequestSummary, 'id' | 'discipline' | 'status' | 'requestedOn'>[], choice: DraftAdviceChoice): DraftAdviceRecord | null {
  const { notSought, outstanding } = draftAdviceState(requests);
  const overrideReason = choice.overrideReason?.trim() ?? '';
  if (notSought.length > 0 && overrideReason.length < 10) throw new AdviceNotSoughtError(notSought, outstanding);
  if (outstanding.length > 0 && choice.confirmOutstandingAdvice !== true) throw new AdviceOutstandingError(outstanding);
  if (notSought.length === 0 && outstanding.length === 0) return null;
  return { notSought, overrideReason: notSought.length > 0 ? overrideReason : null, outstanding, outstandingConfirmed: outstanding.length > 0 };
}
