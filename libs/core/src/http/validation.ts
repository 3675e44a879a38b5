import { ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { isValidIsoDate } from '@app/statutory-clock';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { FieldError, ValidationFailedError } from '../errors/domain-error';

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

/** The global pipe of conventions.md: unknown fields are errors, bodies are transformed to their DTO classes. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}

/** Path ids are UUIDs; anything else is a 400 naming the parameter, never a database error. */
export function uuidParam(name = 'id'): ParseUUIDPipe {
  return new ParseUUIDPipe({
    version: undefined,
    exceptionFactory: () => new ValidationFailedError([{ field: name, message: `${name} must be a UUID` }]),
  });
}

/** A calendar date `YYYY-MM-DD` that exists (2015-02-30 fails). The statutory clock owns the rule. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a real calendar date in the form YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isValidIsoDate(value) },
    });
  };
}
