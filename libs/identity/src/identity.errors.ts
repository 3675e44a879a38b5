import { ConflictError, DomainError, RuleViolationError } from '@app/core';

export enum IdentityErrorCode {
  InvalidCredentials = 'invalid_credentials',
  EmailTaken = 'email_taken',
  DisciplineRequired = 'discipline_required',
  DisciplineNotAllowed = 'discipline_not_allowed',
  CannotChangeOwnAccess = 'cannot_change_own_access',
  UrnTaken = 'urn_taken',
  NotAProfessional = 'not_a_professional',
}

export class InvalidCredentialsError extends DomainError {
  constructor() {
    super(401, IdentityErrorCode.InvalidCredentials, 'Unauthenticated', 'The email or password is not right, or the account is locked for a while after too many attempts. Try again later or ask your administrator.');
  }
}

export class EmailTakenError extends ConflictError {
  constructor() {
    super(IdentityErrorCode.EmailTaken, 'A user with this email already exists.');
  }
}

export class UrnTakenError extends ConflictError {
  constructor(existingId: string) {
    super(IdentityErrorCode.UrnTaken, `Your local authority already has an organisation with this URN (${existingId}).`, { existingId });
  }
}

export class DisciplineRequiredError extends RuleViolationError {
  constructor() {
    super(IdentityErrorCode.DisciplineRequired, 'A professional needs a discipline (education, health, social_care, psychology or other).');
  }
}

export class DisciplineNotAllowedError extends RuleViolationError {
  constructor() {
    super(IdentityErrorCode.DisciplineNotAllowed, 'Only professionals have a discipline.');
  }
}

export class CannotChangeOwnAccessError extends RuleViolationError {
  constructor() {
    super(IdentityErrorCode.CannotChangeOwnAccess, 'You cannot change your own role or deactivate yourself; ask another administrator.');
  }
}

export class NotAProfessionalError extends RuleViolationError {
  constructor() {
    super(IdentityErrorCode.NotAProfessional, 'Only an active professional can be admitted to an organisation: check the email, or ask their local authority to create or reactivate them.');
  }
}
