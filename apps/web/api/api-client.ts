import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import createClient, { type Client } from 'openapi-fetch';
import type { FastifyRequest } from 'fastify';
import { WEB_CONFIG, WebConfig } from '../web-config';
import { ApiUnavailableError, PageNotFoundError, SessionEndedError, UnexpectedApiAnswerError } from '../core/web-errors';
import type { paths } from './openapi';
import { ApiRequest, ApiTransport, createApiTransport } from './api-transport';
import { SessionStore, WebSession } from '../session/session.store';

/** Refresh the API's access token this long before it expires. */
const REFRESH_AHEAD_MS = 60_000;

/** The typed client over docs/openapi.json (apps/web/api/openapi.d.ts, generated: `npm run openapi:web-types`). */
export type Api = Client<paths>;

/**
 * The web's only way to the domain: the API's published contract, through openapi-fetch. A call that cannot reach the
 * API, or takes longer than WEB_API_TIMEOUT_MS, raises ApiUnavailableError (the "service unavailable" page, never a
 * hang); a 401 on a signed-in call ends the web session (SessionEndedError: sign in again).
 */
@Injectable()
export class ApiClient implements OnModuleDestroy {
  /** Where the API's paths (which start /api/v1) are resolved from: API_BASE_URL without its /api/v1. */
  readonly origin: string;

  /** One refresh at a time per web session in this process: a second one would spend a rotated refresh token. */
  private readonly refreshing = new Map<string, Promise<void>>();

  /** Kept-alive connections to the API, each call limited to WEB_API_TIMEOUT_MS (api-transport.ts). */
  private readonly transport: ApiTransport;

  constructor(
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    private readonly store: SessionStore,
  ) {
    this.origin = config.apiBaseUrl.replace(/\/api\/v1$/, '');
    this.transport = createApiTransport(this.origin, config.apiTimeoutMs);
  }

  onModuleDestroy(): void {
    this.transport.close();
  }

  private fetcher(signedIn: boolean): (request: ApiRequest) => Promise<Response> {
    return async (request: ApiRequest) => {
      let response: Response;
      try {
        response = await this.transport(request);
      } catch (error) {
        throw new ApiUnavailableError(error);
      }
      if (signedIn && response.status === 401) throw new SessionEndedError();
      if (response.status === 502 || response.status === 503 || response.status === 504) throw new ApiUnavailableError(response.status);
      return response;
    };
  }

  /** openapi-fetch over the transport: it builds an ApiRequest per call, which `fetch` sends. */
  private client(fetch: (request: ApiRequest) => Promise<Response>, headers?: Record<string, string>): Api {
    return createClient<paths>({ baseUrl: this.origin, Request: ApiRequest as unknown as typeof Request, fetch: fetch as unknown as (request: Request) => Promise<Response>, headers });
  }

  /** Calls without a token: sign-in, health. */
  anonymous(): Api {
    return this.client(this.fetcher(false));
  }

  /** Calls as the signed-in person of this request (their token from the server-side session). */
  as(request: FastifyRequest): Api {
    const session = request.session;
    if (!session?.data.apiToken) throw new SessionEndedError();
    const signedIn = this.fetcher(true);
    // The access token lives 15 minutes: shortly before it expires, the refresh token (rotated, kept in the session)
    // gets a new one, so the person stays signed in within the web's idle and absolute limits and the API's session.
    // The token is read at each call, after any refresh.
    const fetchAs = async (call: ApiRequest): Promise<Response> => {
      await this.freshen(session);
      call.headers.set('authorization', `Bearer ${session.data.apiToken}`);
      return signedIn(call);
    };
    return this.client(fetchAs);
  }

  private async freshen(session: WebSession): Promise<void> {
    const { refreshToken, accessExpiresAt } = session.data;
    if (!refreshToken || !accessExpiresAt || Date.now() < accessExpiresAt - REFRESH_AHEAD_MS) return;
    let pending = this.refreshing.get(session.id);
    if (!pending) {
      pending = this.refresh(session).finally(() => this.refreshing.delete(session.id));
      this.refreshing.set(session.id, pending);
    }
    await pending;
  }

  private async refresh(session: WebSession): Promise<void> {
    const result = await this.anonymous().POST('/api/v1/auth/refresh', { body: { refreshToken: session.data.refreshToken! } });
    if (!result.data) throw new SessionEndedError();
    session.data.apiToken = result.data.accessToken;
    session.data.refreshToken = result.data.refreshToken;
    session.data.accessExpiresAt = Date.now() + result.data.expiresIn * 1000;
    // Written at once, not only at the end of the response: another request of this person must see the new token.
    await this.store.save(session);
  }

  /** Calls with a token that is not a signed-in session's (a sign-in step's mfaToken): a 401 is the caller's to show. */
  withTokenAnonymous(token: string): Api {
    return this.client(this.fetcher(false), { authorization: `Bearer ${token}` });
  }

  withToken(token: string): Api {
    return this.client(this.fetcher(true), { authorization: `Bearer ${token}` });
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
