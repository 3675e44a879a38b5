import { ConflictError, RuleViolationError } from '@app/core';

export enum CeasingErrorCode {
  NotCeasable = 'plan_not_ceasable',
  ConsultationMissing = 'cease_consultation_missing',
  Regs30Missing = 'cease_regs30_conditions_missing',
  NotCeasing = 'plan_not_ceasing',
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
