import { ConflictError, DomainError } from '@app/core';
import type { QualityFinding } from './plan-quality';

export enum PlanErrorCode {
  QualityErrors = 'plan_quality_errors',
  AdviceNotReady = 'advice_not_ready',
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
