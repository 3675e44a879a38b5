import { Inject, Injectable } from '@nestjs/common';
import createClient, { type Client } from 'openapi-fetch';
import type { FastifyRequest } from 'fastify';
import { WEB_CONFIG, WebConfig } from '../web-config';
import { ApiUnavailableError, PageNotFoundError, SessionEndedError, UnexpectedApiAnswerError } from '../core/web-errors';
import type { paths } from './openapi';

/** The typed client over docs/openapi.json (apps/web/api/openapi.d.ts, generated: `npm run openapi:web-types`). */
export type Api = Client<paths>;

/**
 * The web's only way to the domain: the API's published contract, through openapi-fetch. A call that cannot reach the
 * API, or takes longer than WEB_API_TIMEOUT_MS, raises ApiUnavailableError (the "service unavailable" page, never a
 * hang); a 401 on a signed-in call ends the web session (SessionEndedError: sign in again).
 */
@Injectable()
export class ApiClient {
  /** Where the API's paths (which start /api/v1) are resolved from: API_BASE_URL without its /api/v1. */
  readonly origin: string;

  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {
    this.origin = config.apiBaseUrl.replace(/\/api\/v1$/, '');
  }

  private fetcher(signedIn: boolean): (request: Request) => Promise<Response> {
    return async (request: Request) => {
      let response: Response;
      try {
        response = await fetch(request, { signal: AbortSignal.timeout(this.config.apiTimeoutMs) });
      } catch (error) {
        throw new ApiUnavailableError(error);
      }
      if (signedIn && response.status === 401) throw new SessionEndedError();
      if (response.status === 502 || response.status === 503 || response.status === 504) throw new ApiUnavailableError(response.status);
      return response;
    };
  }

  /** Calls without a token: sign-in, health. */
  anonymous(): Api {
    return createClient<paths>({ baseUrl: this.origin, fetch: this.fetcher(false) });
  }

  /** Calls as the signed-in person of this request (their token from the server-side session). */
  as(request: FastifyRequest): Api {
    const token = request.session?.data.apiToken;
    if (!token) throw new SessionEndedError();
    return this.withToken(token);
  }

  withToken(token: string): Api {
    return createClient<paths>({ baseUrl: this.origin, fetch: this.fetcher(true), headers: { authorization: `Bearer ${token}` } });
  }
}

/**
 * The data of a read the page cannot do without: a 404 becomes the web's 404 page (what the person may not see does
 * not exist, as in the API), anything else unexpected the 500 page.
 */
export function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  if (result.response.status === 404 || result.response.status === 403) throw new PageNotFoundError();
  throw new UnexpectedApiAnswerError(result.response.status, result.error);
}

/** Whether a failed command is the person's to fix (bad input, a rule refused, a stale version): shown on the form. */
export function isUserError(response: Response): boolean {
  return [400, 409, 412, 413, 415, 422, 428].includes(response.status);
}
