import { ArgumentMetadata, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { isValidIsoDate } from '@app/statutory-clock';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { FieldError, ValidationFailedError } from '../errors/domain-error';
import { MAX_VALIDATION_ERRORS, unsafeInputProblem } from './input-limits';

/** Flattens class-validator's tree into `errors: [{field, message}]` with dotted paths (`contacts.0.email`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: rewriteMessage(message, field) }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function rewriteMessage(message: string, field: string): string {
  // class-validator names the property without its parent; whitelist errors say "property x should not exist".
  if (message.startsWith('property ') && message.endsWith(' should not exist')) return `${field} is not a known field`;
  return message;
}

/** At most MAX_VALIDATION_ERRORS field errors: a body of a thousand bad items must not answer megabytes. */
export function validationFailed(errors: FieldError[]): ValidationFailedError {
  if (errors.length <= MAX_VALIDATION_ERRORS) return new ValidationFailedError(errors);
  const notShown = errors.length - MAX_VALIDATION_ERRORS;
  const error = new ValidationFailedError(errors.slice(0, MAX_VALIDATION_ERRORS), `The request is not valid: the first ${MAX_VALIDATION_ERRORS} problems are listed, ${notShown} more are not.`);
  error.extensions.errorsNotShown = notShown;
  return error;
}

/**
 * Before any transformation: text PostgreSQL cannot store (NUL) or that is not Unicode (lone surrogates), and
 * numbers beyond int4, anywhere in a body, query or path parameter, are a 400 naming the field, never a database
 * error. Then the usual whitelist validation.
 */
class GuardedValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = unsafeInputProblem(value, metadata.data ?? '');
      if (problem) throw new ValidationFailedError([problem]);
    }
    return super.transform(value, metadata);
  }
}

/** The global pipe of conventions.md: unknown fields are errors, bodies are transformed to their DTO classes. */
export function createValidationPipe(): ValidationPipe {
  return new GuardedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}

/** Path ids are UUIDs; anything else is a 400 naming the parameter, never a database error. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    version: undefined,
    exceptionFactory: () => new ValidationFailedError([{ field: name, message: `${name} must be a UUID` }]),
  });
}

/** The years a date in a request may fall in: wide enough for any date of birth or deadline, narrow enough that date arithmetic and PostgreSQL never overflow. */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 2199;

/** A calendar date `YYYY-MM-DD` that exists (2015-02-30 fails), in MIN_DATE_YEAR..MAX_DATE_YEAR. */
export function isBoundedCalendarDate(value: unknown): boolean {
  if (!isValidIsoDate(value)) return false;
  const year = Number((value as string).slice(0, 4));
  return year >= MIN_DATE_YEAR && year <= MAX_DATE_YEAR;
}

/** A calendar date `YYYY-MM-DD` that exists (2015-02-30 fails) in a sensible year range. The statutory clock owns the calendar rule. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a real calendar date in the form YYYY-MM-DD, in the years ${MIN_DATE_YEAR} to ${MAX_DATE_YEAR}`, ...options },
      validator: { validate: (value: unknown) => isBoundedCalendarDate(value) },
    });
  };
}
