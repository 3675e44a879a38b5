import { ConflictError, DomainError, RuleViolationError } from '@app/core';
import type { QualityFinding } from './plan-quality';

export enum PlanErrorCode {
  QualityErrors = 'plan_quality_errors',
  AmendmentChangesNothing = 'amendment_changes_nothing',
  AdviceNotReady = 'advice_not_ready',
  PdfRenderFailed = 'pdf_render_failed',
}

/** Issuing refused: the plan has errors the quality checks found (422, each finding listed). */
export class PlanQualityError extends DomainError {
  constructor(stage: 'draft' | 'final', findings: QualityFinding[]) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(422, PlanErrorCode.QualityErrors, 'The plan is not ready to issue', `The ${stage} plan cannot be issued: ${errors.map((f) => f.message).join(' ')}`, {
      rule: 'Children and Families Act 2014 ss37-40; SEND Regulations 2014, reg 12',
      findings,
    });
  }
}

export class AdviceNotReadyError extends ConflictError {
  constructor(status: string) {
    super(PlanErrorCode.AdviceNotReady, `Only received or accepted advice can be used in the plan; this advice is ${status}.`);
  }
}

/**
 * The worker gave up on a version's PDF (PDF_RENDER_MAX_ATTEMPTS): answered instead of 202 forever. The plan and
 * the version are safe; only their document is missing.
 */
export class PlanDocumentFailedError extends ConflictError {
  constructor(versionNumber: number, attempts: number, reason: string | null, failedAt: Date | null) {
    super(
      PlanErrorCode.PdfRenderFailed,
      `The PDF of version ${versionNumber} could not be produced after ${attempts} attempt${attempts === 1 ? '' : 's'}${reason ? `: ${reason}` : '.'} ` +
        'The plan and this version are saved; only the document is missing. The usual cause is very long text without spaces (a pasted link, a ' +
        'long run of characters) or an extremely long section: shorten or fix it, then issue the next version, which gets a new PDF. ' +
        'If it keeps happening, give your administrator the plan id and version number.',
      { versionNumber, attempts, reason, failedAt: failedAt?.toISOString() ?? null },
    );
  }
}

/** An amended plan whose sections are those of the version before: warned first, issued only when confirmed. */
export class AmendmentChangesNothingError extends RuleViolationError {
  constructor(versionNumber: number) {
    super(
      PlanErrorCode.AmendmentChangesNothing,
      `The amended plan changes no section of version ${versionNumber}. Edit the sections the review decided to amend, or, if no amendment is needed, notify the decision not to amend (POST /reviews/{id}/not-amending, Regs 22(4)); send \`confirmNoChanges: true\` to issue it unchanged.`,
      'SEND Regulations 2014, regs 22(2), 22(3) and 22(4)',
      { field: 'confirmNoChanges', versionNumber },
    );
  }
}
