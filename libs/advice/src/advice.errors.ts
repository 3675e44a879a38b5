import { ConflictError, DomainError, RuleViolationError } from '@app/core';

export enum AdviceErrorCode {
  AssigneeNotProfessional = 'assignee_not_professional',
  AssigneeNotMember = 'assignee_not_member',
  AlreadySubmitted = 'advice_already_submitted',
  RequestClosed = 'advice_request_closed',
  NotReceived = 'advice_not_received',
  ExceptionPeriod = 'advice_exception_period',
  UnsupportedAttachment = 'unsupported_attachment_type',
  AttachmentTooLarge = 'attachment_too_large',
  AttachmentFrozen = 'attachment_frozen',
}

export class AdviceNotReceivedError extends ConflictError {
  constructor(status: string) {
    super(AdviceErrorCode.NotReceived, `Only received advice can be accepted or returned; this request is ${status}.`);
  }
}

export class AdviceExceptionPeriodError extends RuleViolationError {
  constructor(problem: string) {
    super(AdviceErrorCode.ExceptionPeriod, `${problem}.`, 'SEND Regulations 2014, reg 8(2)', { field: 'endsOn' });
  }
}

export class UnsupportedAttachmentError extends DomainError {
  constructor() {
    super(415, AdviceErrorCode.UnsupportedAttachment, 'Unsupported attachment', 'Attachments must be PDF, DOCX, PNG or JPEG; the type is read from the file content, not its name.');
  }
}

export class AttachmentTooLargeError extends DomainError {
  constructor(limit: number) {
    super(413, AdviceErrorCode.AttachmentTooLarge, 'Attachment too large', `Attachments may be at most ${limit / (1024 * 1024)} MB.`);
  }
}

export class AttachmentFrozenError extends ConflictError {
  constructor() {
    super(AdviceErrorCode.AttachmentFrozen, 'This file belongs to submitted advice and is frozen with it.');
  }
}

export class AssigneeNotProfessionalError extends RuleViolationError {
  constructor() {
    super(AdviceErrorCode.AssigneeNotProfessional, 'assigneeEmail must be an active professional your local authority manages or has admitted to one of its organisations.', undefined, { field: 'assigneeEmail' });
  }
}

export class AssigneeNotMemberError extends RuleViolationError {
  constructor() {
    super(AdviceErrorCode.AssigneeNotMember, 'The professional named by assigneeEmail is not a member of assigneeOrganisationId: admit them to it first, or leave one of the two out.', undefined, { field: 'assigneeOrganisationId' });
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
