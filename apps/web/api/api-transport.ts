import http from 'node:http';
import https from 'node:https';

/**
 * How the typed client's calls reach the API: node's http client over kept-alive connections, under openapi-fetch
 * (its `Request` and `fetch` options), instead of the global `fetch`.
 *
 * Why: a page's API call cost the web about twice the CPU of the same call made with `http.request`
 * (docs/benchmarks.md, the caseload): openapi-fetch built a `Request`, the token was added by cloning it into a second
 * one, and `fetch` built a third and ran the response through web streams. Here openapi-fetch builds an `ApiRequest`
 * (its URL, method, headers and body, nothing else), the call goes out with `http.request`, and the answer comes back
 * as an `ApiResponse`: the whole body in memory, read as a `Response` is (`json()`, `text()`, `arrayBuffer()`,
 * `blob()`, `body` as a stream, once), with standard `Headers`; a `Response` made from the same bytes would build a
 * web stream for every answer only for openapi-fetch to read it back at once.
 *
 * What stays as it was with `fetch`: connections are kept alive and reused; redirects are not the API's (it answers
 * none), so a 3xx is returned as it is; the body is not compressed (the API does not compress, and no
 * `accept-encoding` is sent); `user-agent` is `node`, which the API records with a session (the "Your sessions" page);
 * the whole call, answer included, is limited to `timeoutMs`, after which it fails as a network error does.
 */
export class ApiRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | Uint8Array | null;

  constructor(input: string | URL, init: { method?: string; headers?: ConstructorParameters<typeof Headers>[0]; body?: unknown } = {}) {
    this.url = String(input);
    this.method = (init.method ?? 'GET').toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    const body = init.body;
    if (body === undefined || body === null) this.body = null;
    else if (typeof body === 'string' || body instanceof Uint8Array) this.body = body;
    else if (body instanceof ArrayBuffer) this.body = new Uint8Array(body);
    else throw new TypeError(`The API client sends strings and bytes; got ${Object.prototype.toString.call(body)}`);
  }
}

/** The API's answer, read as a fetch `Response` is: status, headers, and the body once (what openapi-fetch and pages use). */
export class ApiResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  private used = false;

  constructor(
    private readonly bytes: Buffer | null,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    readonly url: string,
  ) {
    this.ok = status >= 200 && status <= 299;
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  /** The body as a web stream (openapi-fetch's `parseAs: 'stream'`), or null when the answer has none. */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.bytes === null) return null;
    const bytes = this.take();
    return new ReadableStream<Uint8Array>({
      start(controller) {
        if (bytes.byteLength > 0) controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        controller.close();
      },
    });
  }

  private take(): Buffer {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read');
    this.used = true;
    return this.bytes ?? Buffer.alloc(0);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return this.take().toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.take().toString('utf8'));
  }

  async blob(): Promise<Blob> {
    return new Blob([this.take()], { type: this.headers.get('content-type') ?? '' });
  }

  clone(): ApiResponse {
    if (this.used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new ApiResponse(this.bytes, this.status, this.statusText, new Headers(this.headers), this.url);
  }
}

/** Raised when the API cannot be reached, or does not answer in time (the caller shows "service unavailable"). */
export class ApiTransportError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

const USER_AGENT = 'node';

export interface ApiTransport {
  (request: ApiRequest): Promise<Response>;
  /** Closes the kept-alive connections (at shutdown). */
  close(): void;
}

/** A transport to `origin` (http or https), every call limited to `timeoutMs` from start to the last byte. */
export function createApiTransport(origin: string, timeoutMs: number): ApiTransport {
  const secure = new URL(origin).protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const send = secure ? https.request : http.request;

  const transport = (request: ApiRequest): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = { accept: '*/*', 'user-agent': USER_AGENT };
      for (const [name, value] of request.headers) headers[name] = value;
      if (request.body !== null) headers['content-length'] = String(typeof request.body === 'string' ? Buffer.byteLength(request.body) : request.body.byteLength);
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error instanceof ApiTransportError ? error : new ApiTransportError(error instanceof Error ? error.message : String(error), error));
      };
      const call = send(request.url, { method: request.method, headers, agent }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', fail);
        answer.on('aborted', () => fail(new ApiTransportError('The API closed the connection before the end of its answer')));
        answer.on('end', () => {
          if (settled) return;
          if (!answer.complete) return fail(new ApiTransportError('The API closed the connection before the end of its answer'));
          settled = true;
          clearTimeout(timer);
          const answerHeaders = new Headers();
          for (let i = 0; i < answer.rawHeaders.length; i += 2) answerHeaders.append(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
          const status = answer.statusCode ?? 500;
          // No body with these statuses, as a fetch Response has none.
          const body = status === 204 || status === 205 || status === 304 || request.method === 'HEAD' ? null : Buffer.concat(chunks);
          resolve(new ApiResponse(body, status, answer.statusMessage ?? '', answerHeaders, request.url) as unknown as Response);
        });
      });
      const timer = setTimeout(() => {
        fail(new ApiTransportError(`The API did not answer within ${timeoutMs} ms`));
        call.destroy();
      }, timeoutMs);
      call.on('error', fail);
      call.end(request.body ?? undefined);
    });
  return Object.assign(transport, { close: () => agent.destroy() });
}
