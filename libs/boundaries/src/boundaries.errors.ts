import { ConflictError, DomainError, RuleViolationError } from '@app/core';

export enum BoundariesErrorCode {
  TransferNotAllowed = 'transfer_not_allowed',
  TransferClosed = 'transfer_closed',
  PackageNotForThisLa = 'transfer_package_mismatch',
  ReassessmentNotAllowed = 'reassessment_not_allowed',
  ReassessmentStepOutOfOrder = 'reassessment_step_out_of_order',
  HealthSignOffMissing = 'health_sign_off_missing',
  HealthSignOffNotAllowed = 'health_sign_off_not_allowed',
  PersonalBudgetStepOutOfOrder = 'personal_budget_step_out_of_order',
  ProvisionNotInPlan = 'provision_not_in_plan',
  HealthBodyChangeSuperseded = 'health_body_change_superseded',
}

/** A plan or case that cannot move now (not issued, already moving, ceased). */
export class TransferNotAllowedError extends ConflictError {
  constructor(detail: string) {
    super(BoundariesErrorCode.TransferNotAllowed, detail);
  }
}

export class TransferClosedError extends ConflictError {
  constructor(status: string) {
    super(BoundariesErrorCode.TransferClosed, `The transfer is ${status}: nothing more can be recorded on it.`);
  }
}

/** A package whose content does not fit (a plan package without its plan, an assessment one without the assessment). */
export class PackageMismatchError extends RuleViolationError {
  constructor(detail: string) {
    super(BoundariesErrorCode.PackageNotForThisLa, detail, 'docs/transfer-package.md');
  }
}

export class ReassessmentNotAllowedError extends ConflictError {
  constructor(detail: string) {
    super(BoundariesErrorCode.ReassessmentNotAllowed, detail);
  }
}

export class ReassessmentStepOutOfOrderError extends ConflictError {
  constructor(step: string, status: string) {
    super(BoundariesErrorCode.ReassessmentStepOutOfOrder, `Cannot ${step}: the re-assessment request is ${status}.`);
  }
}

export class PersonalBudgetStepOutOfOrderError extends ConflictError {
  constructor(step: string, why: string) {
    super(BoundariesErrorCode.PersonalBudgetStepOutOfOrder, `Cannot ${step}: ${why}.`);
  }
}

export class ProvisionNotInPlanError extends DomainError {
  constructor(provisionId: string) {
    super(404, BoundariesErrorCode.ProvisionNotInPlan, 'Not found', `The plan has no section F or G provision with id ${provisionId}.`);
  }
}
