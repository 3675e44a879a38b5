import { ConflictError, RuleViolationError } from '@app/core';
import { CLOSURE_EXCEPTION_RULE } from '@app/statutory-clock';
import { AssessmentStatus } from './entities/assessment.entity';

export enum AssessmentErrorCode {
  InvalidTransition = 'invalid_transition',
  DateInFuture = 'date_in_future',
  DateBeforePreviousStep = 'date_before_previous_step',
  InsideRepresentationsWindow = 'inside_representations_window',
  ExceptionEndsBeforeStart = 'exception_ends_before_start',
  ExceptionPeriodTooShort = 'exception_period_too_short',
  CaseworkerNotEligible = 'caseworker_not_eligible',
  ClosureExceptionNotQualified = 'closure_exception_not_qualified',
  SchoolNotConsulted = 'school_not_consulted',
  AdviceNotSought = 'advice_not_sought',
  AdviceOutstanding = 'advice_outstanding',
}

/** A step taken out of order: deciding twice, a final plan before a draft, anything on a closed case. */
export class InvalidTransitionError extends ConflictError {
  constructor(step: string, status: AssessmentStatus, allowedFrom: readonly AssessmentStatus[], rule: string) {
    super(
      AssessmentErrorCode.InvalidTransition,
      `Cannot record "${step}" while the assessment is ${status}: it is only possible when the assessment is ${allowedFrom.join(' or ')}. ${rule}`,
      { rule, currentStatus: status, allowedFrom },
    );
  }
}

export class DateInFutureError extends RuleViolationError {
  constructor(field: string, date: string, today: string) {
    super(AssessmentErrorCode.DateInFuture, `${field} ${date} is in the future (today is ${today} in England): record steps once they have happened.`, 'Steps are recorded on the date they happened (Europe/London).', { field });
  }
}

export class DateBeforePreviousStepError extends RuleViolationError {
  constructor(field: string, date: string, previousStep: string, previousDate: string) {
    super(
      AssessmentErrorCode.DateBeforePreviousStep,
      `${field} ${date} is before ${previousStep} (${previousDate}), which it follows.`,
      'Each step of the assessment follows the one before it (SEND Regulations 2014, regs 3-13).',
      { field, previousStep, previousDate },
    );
  }
}

export class InsideRepresentationsWindowError extends RuleViolationError {
  constructor(issuedOn: string, draftIssuedOn: string, earliest: string) {
    super(
      AssessmentErrorCode.InsideRepresentationsWindow,
      `The final plan cannot be issued on ${issuedOn}: the parent or young person has at least 15 days from the draft served on ${draftIssuedOn} to make representations, so the earliest date is ${earliest} unless their representations are recorded first.`,
      'SEND Regulations 2014, reg 13(1)',
      { field: 'issuedOn', earliestIssueOn: earliest },
    );
  }
}

export class ExceptionEndsBeforeStartError extends RuleViolationError {
  constructor() {
    super(AssessmentErrorCode.ExceptionEndsBeforeStart, 'endsOn is before startsOn.', undefined, { field: 'endsOn' });
  }
}

export class ExceptionPeriodTooShortError extends RuleViolationError {
  constructor(problem: string) {
    super(AssessmentErrorCode.ExceptionPeriodTooShort, `${problem}.`, 'SEND Regulations 2014, regs 5(4), 10(4) and 13(3)', { field: 'endsOn' });
  }
}

export class CaseworkerNotEligibleError extends RuleViolationError {
  constructor() {
    super(AssessmentErrorCode.CaseworkerNotEligible, 'Assessments can only be assigned to an active caseworker or manager of your local authority.', undefined, { field: 'caseworkerId' });
  }
}

export class RepresentationsAlreadyRecordedError extends ConflictError {
  constructor(receivedOn: string) {
    super(AssessmentErrorCode.InvalidTransition, `Representations on this draft were already recorded on ${receivedOn}.`, { rule: 'SEND Regulations 2014, reg 13(1)' });
  }
}

/** Grounds (a)/(b) without a qualifying educational advice request: a closure alone is never an exception. */
export class ClosureExceptionNotQualifiedError extends RuleViolationError {
  constructor(problem: string, field: string) {
    super(AssessmentErrorCode.ClosureExceptionNotQualified, `This closure is not an exception: ${problem}.`, CLOSURE_EXCEPTION_RULE, { field });
  }
}

export class SchoolNotConsultedError extends RuleViolationError {
  constructor(school: string) {
    super(
      AssessmentErrorCode.SchoolNotConsulted,
      `The family asked for ${school} to be named: record its consultation (POST /assessments/{id}/school-consultations) before issuing the final plan.`,
      'Children and Families Act 2014, s39(3); SEND Code of Practice 2015, para 9.83',
      { field: 'issuedOn' },
    );
  }
}

export class ConsultationAlreadyAnsweredError extends ConflictError {
  constructor(respondedOn: string) {
    super(AssessmentErrorCode.InvalidTransition, `The school already answered this consultation on ${respondedOn}.`, { rule: 'Children and Families Act 2014, s39' });
  }
}
