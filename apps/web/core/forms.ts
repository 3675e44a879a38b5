import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUserError, must } from '../api/api-client';
import { ErrorMapOptions, FieldError, problemToErrors } from './form-errors';
import { redirect } from './views';

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
  return failForm(request, reply, options.back, options.form, problemToErrors(result.error, options), options.values);
}
