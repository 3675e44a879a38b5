import { ConflictError, PreconditionRequiredError, RuleViolationError, StaleVersionError, ValidationFailedError } from '@app/core';

export enum ChildrenErrorCode {
  DuplicateNhsNumber = 'duplicate_nhs_number',
  DuplicateUpn = 'duplicate_upn',
  DateOfBirthInFuture = 'date_of_birth_in_future',
}

export class DuplicateChildError extends ConflictError {
  constructor(identifier: 'nhsNumber' | 'upn', existingId: string) {
    super(
      identifier === 'nhsNumber' ? ChildrenErrorCode.DuplicateNhsNumber : ChildrenErrorCode.DuplicateUpn,
      `A child with this ${identifier === 'nhsNumber' ? 'NHS number' : 'UPN'} is already recorded in your local authority: ${existingId}.`,
      { existingId, field: identifier },
    );
  }
}

export class DateOfBirthInFutureError extends ValidationFailedError {
  constructor() {
    super([{ field: 'dateOfBirth', message: 'dateOfBirth cannot be in the future' }]);
  }
}

export { PreconditionRequiredError, RuleViolationError, StaleVersionError };
