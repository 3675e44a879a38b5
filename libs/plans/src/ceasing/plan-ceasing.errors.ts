import { ConflictError, RuleViolationError } from '@app/core';

export enum CeasingErrorCode {
  NotCeasable = 'plan_not_ceasable',
  ConsultationMissing = 'cease_consultation_missing',
  Regs30Missing = 'cease_regs30_conditions_missing',
  NotCeasing = 'plan_not_ceasing',
  ReasonNotForUnder18 = 'cease_reason_not_for_under_18',
}

/** Regs 29(1): for a child or young person under 18 the LA may not cease for higher education, employment or not engaging. */
export class CeaseReasonUnder18Error extends RuleViolationError {
  constructor(reason: number, age: number, label: string) {
    super(
      CeasingErrorCode.ReasonNotForUnder18,
      `The child or young person is ${age} on the notice: an LA may not cease to maintain the plan of someone under 18 because they have ${label} (SEN2 reason ${reason}). If they are not in education or training, review and amend the plan instead (Regs 29(2)).`,
      'SEND Regulations 2014, reg 29',
      { field: 'reason', reason, age },
    );
  }
}

export class PlanNotCeasableError extends ConflictError {
  constructor(status: string) {
    super(CeasingErrorCode.NotCeasable, `Only an issued plan can be ceased; this plan is ${status}.`, { rule: 'Children and Families Act 2014, s45', currentStatus: status });
  }
}

export class CeaseConsultationMissingError extends RuleViolationError {
  constructor(missing: string[], notifiedOn: string) {
    super(
      CeasingErrorCode.ConsultationMissing,
      `Before deciding to cease a plan the LA consults the parent or young person and the institution named in it: record the consultation with ${missing.join(' and ')} on or before ${notifiedOn} (POST /plans/:id/cease/consultations).`,
      'SEND Regulations 2014, reg 31(1)',
      { missing },
    );
  }
}

export class Regs30MissingError extends RuleViolationError {
  constructor(age: number) {
    super(
      CeasingErrorCode.Regs30Missing,
      `The young person is ${age} on the notice: record what the LA considered under Regs 30 (regs30.educationOrTrainingOutcomesAchieved and regs30.youngPersonWishes).`,
      'SEND Regulations 2014, reg 30',
    );
  }
}

export class PlanNotCeasingError extends ConflictError {
  constructor(status: string) {
    super(CeasingErrorCode.NotCeasing, `The plan is ${status}: there is no decision to cease to act on.`);
  }
}
