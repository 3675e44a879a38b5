import { RuleViolationError } from '@app/core';
import { ADVICE_BEFORE_DRAFT_RULE, ADVICE_OUTSTANDING_RULE, AdviceNotSought, AdviceRequestFacts, AdviceStillOwed, DraftAdviceChoice, DraftAdviceRecord, draftAdviceState } from '@app/statutory-clock';
import { AssessmentErrorCode } from './assessments.errors';

// The rule (which advice, its regulations, what counts as sought or owed) is the statutory clock's (draft-advice.ts):
// this context refuses or records the draft with it.

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
      ADVICE_OUTSTANDING_RULE,
      { field: 'confirmOutstandingAdvice', outstanding },
    );
  }
}

/**
 * Before a draft plan (Regs 6, 7): every Regs 6(1)(a)-(e) kind of advice sought or reused ("tell us once", Regs 6(4)),
 * unless the caseworker documents why not; advice still owed only with the caseworker's confirmation. Returns what the
 * draft went out with (null when nothing was missing), or throws a 422. Pure.
 */
export function checkAdviceBeforeDraft(requests: readonly AdviceRequestFacts[], choice: DraftAdviceChoice): DraftAdviceRecord | null {
  const { notSought, outstanding } = draftAdviceState(requests);
  const overrideReason = choice.overrideReason?.trim() ?? '';
  if (notSought.length > 0 && overrideReason.length < 10) throw new AdviceNotSoughtError(notSought, outstanding);
  if (outstanding.length > 0 && choice.confirmOutstandingAdvice !== true) throw new AdviceOutstandingError(outstanding);
  if (notSought.length === 0 && outstanding.length === 0) return null;
  return { notSought, overrideReason: notSought.length > 0 ? overrideReason : null, outstanding, outstandingConfirmed: outstanding.length > 0 };
}
