import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUserError, must } from '../api/api-client';
import { readDateInput } from './dates';
import { ErrorMapOptions, fieldError, FieldError, problemToErrors } from './form-errors';
import { redirect } from './views';

/** What a person sees when their post carried an old version (the API's 412). */
export const STALE_MESSAGE = 'This case changed since you opened it. The page now shows the newer version: check it and try again.';

/** The If-Match header for a form that carried the version of the record it was read at (a hidden `version`). */
export function ifMatch(body: Record<string, unknown>): { 'if-match'?: string } {
  const version = typeof body.version === 'string' && /^[0-9]{1,9}$/.test(body.version) ? body.version : undefined;
  return version ? { 'if-match': `"${version}"` } : {};
}

/** What a failed or successful post leaves for the page it redirects back to (post/redirect/get). */
export function failForm(request: FastifyRequest, reply: FastifyReply, back: string, form: string, errors: FieldError[], values: Record<string, unknown>): FastifyReply {
  request.session!.setFlash({ errors, values, form });
  return redirect(reply, `${back}#${form}`);
}

/**
 * The end of every form post that called the API: success -> the notice and back; the person's error (400, 409,
 * 412, 422...) -> the errors on the form, what they typed kept; anything else -> the 404 or 500 page.
 */
export function finishForm(
  request: FastifyRequest,
  reply: FastifyReply,
  result: { error?: unknown; response: Response },
  options: { back: string; form: string; values: Record<string, unknown>; notice: string; next?: string } & ErrorMapOptions,
): FastifyReply {
  if (result.response.ok) {
    request.session!.setFlash({ notice: options.notice });
    return redirect(reply, options.next ?? options.back);
  }
  if (!isUserError(result.response)) must({ ...result, data: undefined });
  // 412: someone changed the record since the page was read. The page re-reads it, so it shows the newer version.
  const errors = result.response.status === 412 ? [fieldError(options.fallbackField, STALE_MESSAGE, options.dateFields)] : problemToErrors(result.error, options);
  return failForm(request, reply, options.back, options.form, errors, options.values);
}

/**
 * Reads the usual pair of a step's form: one choice (radios or a select) from `options`, and one GOV.UK date input;
 * the errors name each missing or wrong answer, in the order of the form.
 */
export function readChoiceAndDate<T extends string>(
  body: Record<string, unknown>,
  choice: { field: string; options: readonly T[]; error: string },
  date: { field: string; label: string },
): { choice?: T; date?: string; errors: FieldError[] } {
  const picked = choice.options.find((option) => option === body[choice.field]);
  const read = readDateInput(body, date.field, date.label);
  const errors = [...(picked ? [] : [fieldError(choice.field, choice.error)]), ...(read.error ? [read.error] : [])];
  return { choice: picked, date: read.value, errors };
}
