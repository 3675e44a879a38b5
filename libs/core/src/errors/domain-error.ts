/** One field-level problem in a request, as problem+json `errors[]` carries it. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A refusal the caller can act on. Services throw these with a stable `code`; the problem+json filter turns them
 * into RFC 9457 responses. `type` is derived from the code so clients can switch on either.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  /** Used for anything the caller may not see as well as what does not exist: no existence leaks. */
  constructor(entity: string, id?: string) {
    super(404, 'not_found', 'Not found', id ? `No ${entity} ${id} is available to you.` : `No such ${entity} is available to you.`);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], detail = 'The request is not valid.') {
    super(400, 'validation_failed', 'Invalid request', detail, { errors });
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, detail: string, extensions: Record<string, unknown> = {}) {
    super(409, code, 'Conflict', detail, extensions);
  }
}

/** A business rule refused the command; `rule` cites where the rule comes from. */
export class RuleViolationError extends DomainError {
  constructor(code: string, detail: string, rule?: string, extensions: Record<string, unknown> = {}) {
    super(422, code, 'Rule violated', detail, rule ? { rule, ...extensions } : extensions);
  }
}

export class StaleVersionError extends DomainError {
  constructor(entity: string, expected: unknown, actual: unknown) {
    super(412, 'stale_version', 'Precondition failed', `The ${entity} was changed by someone else (you sent version ${String(expected)}, it is now ${String(actual)}). Reload it and apply your change again.`, { currentVersion: actual });
  }
}

export class PreconditionRequiredError extends DomainError {
  constructor(detail = 'This update needs an If-Match header with the ETag you last read, so that concurrent edits are not lost.') {
    super(428, 'precondition_required', 'Precondition required', detail);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(detail = 'Sign in: send `Authorization: Bearer <accessToken>` from POST /api/v1/auth/login.') {
    super(401, 'unauthenticated', 'Unauthenticated', detail);
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail = 'Your role does not allow this action.') {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}
