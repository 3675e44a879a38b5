import { ConflictError, DomainError, RuleViolationError } from '@app/core';

export enum FamiliesErrorCode {
  AlreadyInvited = 'family_member_already_invited',
  NoDraftToRespondTo = 'no_draft_to_respond_to',
  CommentsUnanswered = 'family_comments_unanswered',
  AlreadyAnswered = 'family_contribution_already_answered',
  NotAnswerable = 'family_contribution_not_answerable',
  NoPlanYet = 'no_plan_yet',
  ConsentNotNeeded = 'young_person_consent_not_needed',
  SignInFailed = 'sign_in_failed',
}

export class AlreadyInvitedError extends ConflictError {
  constructor(accessId: string) {
    super(FamiliesErrorCode.AlreadyInvited, 'This person already has access to this child: revoke it first to invite them again.', { accessId });
  }
}

export class NoDraftToRespondToError extends ConflictError {
  constructor(status: string) {
    super(FamiliesErrorCode.NoDraftToRespondTo, `There is no draft plan out for comment on this case (it is ${status}).`);
  }
}

export class CommentsUnansweredError extends RuleViolationError {
  constructor(unanswered: number) {
    super(
      FamiliesErrorCode.CommentsUnanswered,
      `${unanswered} of the family’s comments on the draft plan have no answer yet: answer each (reflected in the plan or not, with a reason) before issuing the final plan, so the answers go with its covering notice.`,
      'SEND Regulations 2014, reg 13(1) and 14; CFA 2014 s19',
      { unanswered },
    );
  }
}

export class AlreadyAnsweredError extends ConflictError {
  constructor() {
    super(FamiliesErrorCode.AlreadyAnswered, 'This contribution was answered with a different answer already.');
  }
}

export class NotAnswerableError extends ConflictError {
  constructor(kind: string, detail = `A ${kind.replace('_', ' ')} is not answered: answers are for comments, preferences, meeting requests and mediation wishes.`) {
    super(FamiliesErrorCode.NotAnswerable, detail);
  }
}

export class NoPlanYetError extends ConflictError {
  constructor() {
    super(FamiliesErrorCode.NoPlanYet, 'There is no plan on this case yet: section A can start from the family’s views once the council decides to issue one.');
  }
}

export class ConsentNotNeededError extends ConflictError {
  constructor() {
    super(FamiliesErrorCode.ConsentNotNeeded, 'Only a parent’s access is kept by the young person’s consent.');
  }
}

/** Wrong, spent, locked or expired code, or an unknown address: one answer for all (no enumeration). */
export class SignInFailedError extends DomainError {
  constructor() {
    super(401, FamiliesErrorCode.SignInFailed, 'Unauthenticated', 'That code is not right or is no longer valid. Check the latest email we sent, or ask for a new code.');
  }
}
