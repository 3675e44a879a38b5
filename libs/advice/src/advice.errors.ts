import { ConflictError, RuleViolationError } from '@app/core';

export enum AdviceErrorCode {
  AssigneeNotProfessional = 'assignee_not_professional',
  AlreadySubmitted = 'advice_already_submitted',
  RequestClosed = 'advice_request_closed',
}

export class AssigneeNotProfessionalError extends RuleViolationError {
  constructor() {
    super(AdviceErrorCode.AssigneeNotProfessional, 'assigneeEmail must be an active professional whose organisation serves your local authority.', undefined, { field: 'assigneeEmail' });
  }
}

export class AdviceRequestNotOpenError extends ConflictError {
  constructor(status: string) {
    super(AdviceErrorCode.RequestClosed, `This advice request is already ${status}.`);
  }
}

export class AdviceAlreadySubmittedError extends ConflictError {
  constructor() {
    super(AdviceErrorCode.AlreadySubmitted, 'This advice was already submitted and is frozen: send a correctionReason to submit a corrected version.');
  }
}

export class AdviceRequestClosedError extends ConflictError {
  constructor(reason: string) {
    super(AdviceErrorCode.RequestClosed, `This advice request is closed: ${reason}.`);
  }
}
