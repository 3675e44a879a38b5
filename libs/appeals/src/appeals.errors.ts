import { ConflictError, RuleViolationError } from '@app/core';

export enum AppealErrorCode {
  SubjectUnsupported = 'appeal_subject_unsupported',
  DecisionNotOnSubject = 'appeal_decision_not_on_subject',
  OrderNotApplicable = 'appeal_order_not_applicable',
  AlreadyDecided = 'appeal_already_decided',
  UnknownDuty = 'appeal_order_duty_unknown',
  NotLodged = 'appeal_not_lodged',
  AlreadyRegistered = 'appeal_already_registered',
  RecommendationNotApplicable = 'appeal_recommendation_not_applicable',
}

/** Only the Tribunal recommends (Recommendations Power Regulations 2017): an LA's concession carries none. */
export class RecommendationNotApplicableError extends RuleViolationError {
  constructor(detail: string) {
    super(AppealErrorCode.RecommendationNotApplicable, detail, 'SEND (First-tier Tribunal Recommendations Power) Regulations 2017', { field: 'recommendations' });
  }
}

/** One decision, one live appeal: the second registration names the first (issue 24). */
export class AppealAlreadyRegisteredError extends ConflictError {
  constructor(existingAppealId: string, decision: string) {
    super(AppealErrorCode.AlreadyRegistered, `An appeal against this ${decision} decision is already registered and live (${existingAppealId}): record its mediation, lodging and outcome there.`, { existingAppealId });
  }
}

export class AppealSubjectUnsupportedError extends RuleViolationError {
  constructor(subjectType: string) {
    super(
      AppealErrorCode.SubjectUnsupported,
      `Appeals on a ${subjectType} cannot be registered yet: no context has registered a resolver for subjectType "${subjectType}". Register the appeal on the plan (subjectType "plan") in the meantime.`,
      'Children and Families Act 2014, s51',
      { field: 'subjectType' },
    );
  }
}

export class DecisionNotOnSubjectError extends RuleViolationError {
  constructor(decision: string, detail: string) {
    super(AppealErrorCode.DecisionNotOnSubject, `"${decision}" cannot be appealed on this subject: ${detail}`, 'Children and Families Act 2014, s51(2)', { field: 'decision' });
  }
}

export class OrderNotApplicableError extends RuleViolationError {
  constructor(kind: string, decision: string, detail?: string) {
    super(AppealErrorCode.OrderNotApplicable, `An order "${kind}" does not answer an appeal against "${decision}"${detail ? `: ${detail}` : ''}.`, 'SEND Regulations 2014, regs 44 and 45', { field: 'kind' });
  }
}

export class AppealAlreadyDecidedError extends ConflictError {
  constructor(outcome: string) {
    super(AppealErrorCode.AlreadyDecided, `The appeal is already decided (${outcome}).`);
  }
}

export class UnknownDutyError extends RuleViolationError {
  constructor(duty: string, known: string[]) {
    super(AppealErrorCode.UnknownDuty, `This order creates no duty "${duty}"; its duties are ${known.join(', ') || 'none'}.`, 'SEND Regulations 2014, regs 44 and 45', { field: 'duty' });
  }
}

export class AppealNotLodgedError extends ConflictError {
  constructor(step: string) {
    super(AppealErrorCode.NotLodged, `A ${step} needs the appeal lodged with the Tribunal first (POST /appeals/:id/lodged).`);
  }
}
