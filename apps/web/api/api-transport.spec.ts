import http from 'node:http';
import type { AddressInfo } from 'node:net';
import createClient from 'openapi-fetch';
import { ApiRequest, ApiResponse, ApiTransportError, createApiTransport } from './api-transport';

/** What the test server echoes, and the few paths the tests call (typed as the generated client's are). */
interface Echo {
  method: string;
  url: string;
  name: string;
}
interface Operation {
  parameters: { query?: { sort?: string; limit?: number; q?: string }; header?: Record<string, string> };
  responses: { 200: { content: { 'application/json': Echo } }; 204: { content?: never }; 404: { content: { 'application/json': Echo } } };
}
type Sending<T> = Operation & { requestBody: { content: { 'application/json': T } } };
interface TestPaths {
  '/api/v1/things': { get: Operation; post: Sending<{ name: string }> };
  '/missing': { get: Operation };
  '/none': { delete: Operation };
  '/bytes': { get: Operation };
  '/upload': { post: Sending<Uint8Array> };
}
const over = (transport: ReturnType<typeof createApiTransport>) => ({ Request: ApiRequest as unknown as typeof Request, fetch: transport as unknown as (input: Request) => Promise<Response> });

describe('the API transport (node http under openapi-fetch)', () => {
  let server: http.Server;
  let origin: string;
  const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string; bytes: Buffer; socket: unknown }[] = [];

  beforeAll(async () => {
    server = http.createServer((request, reply) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        seen.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), bytes: Buffer.concat(chunks), socket: request.socket });
        if (request.url === '/slow') return setTimeout(() => reply.end('late'), 1000).unref();
        if (request.url === '/none') return reply.writeHead(204).end();
        if (request.url === '/cut') {
          reply.writeHead(200, { 'content-length': '100' });
          reply.write('{"partial":');
          return setTimeout(() => request.socket.destroy(), 20);
        }
        if (request.url === '/bytes') return reply.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]));
        reply.writeHead(request.url?.startsWith('/missing') ? 404 : 200, { 'content-type': 'application/json', etag: '"v3"', 'set-cookie': ['a=1', 'b=2'] });
        reply.end(JSON.stringify({ method: request.method, url: request.url, name: 'Zoë' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends what openapi-fetch builds (method, path, query, headers, JSON body) and answers as a Response does', async () => {
    const transport = createApiTransport(origin, 5000);
    const client = createClient<TestPaths>({ baseUrl: origin, ...over(transport), headers: { authorization: 'Bearer t0ken' } });
    const got = await client.GET('/api/v1/things', { params: { query: { sort: 'nextDeadline', limit: 25, q: 'O’Brien & co' } } });
    expect(got.response).toBeInstanceOf(ApiResponse);
    expect(got.response.ok).toBe(true);
    expect(got.response.headers).toBeInstanceOf(Headers);
    expect(got.response.status).toBe(200);
    expect(got.data).toEqual({ method: 'GET', url: '/api/v1/things?sort=nextDeadline&limit=25&q=O%E2%80%99Brien%20%26%20co', name: 'Zoë' });
    expect(got.response.headers.get('etag')).toBe('"v3"');
    expect(got.response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const last = seen[seen.length - 1];
    expect(last.headers.authorization).toBe('Bearer t0ken');
    expect(last.headers['user-agent']).toBe('node');
    expect(last.headers['accept-encoding']).toBeUndefined();

    const posted = await client.POST('/api/v1/things', { body: { name: 'Zoë' }, headers: { 'if-match': '"v2"' } });
    expect(posted.data?.method).toBe('POST');
    const post = seen[seen.length - 1];
    expect(JSON.parse(post.body)).toEqual({ name: 'Zoë' });
    expect(post.headers['content-type']).toBe('application/json');
    expect(post.headers['content-length']).toBe(String(Buffer.byteLength(post.body)));
    expect(post.headers['if-match']).toBe('"v2"');
    // Kept alive: both calls on one connection.
    expect(post.socket).toBe(last.socket);
    transport.close();
  });

  it('reads errors, empty answers and bytes as fetch did', async () => {
    const transport = createApiTransport(origin, 5000);
    const client = createClient<TestPaths>({ baseUrl: origin, ...over(transport) });
    const missing = await client.GET('/missing', {});
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({ method: 'GET', url: '/missing', name: 'Zoë' });
    const none = await client.DELETE('/none', {});
    expect(none.response.status).toBe(204);
    expect(none.data).toBeUndefined();
    const bytes = await client.GET('/bytes', { parseAs: 'arrayBuffer' });
    expect([...new Uint8Array(bytes.data as ArrayBuffer)]).toEqual([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    const uploaded = await client.POST('/upload', { body: new Uint8Array([1, 2, 255]), bodySerializer: (b: unknown) => b as Uint8Array, headers: { 'content-type': 'application/octet-stream' } });
    expect(uploaded.response.status).toBe(200);
    expect([...seen[seen.length - 1].bytes]).toEqual([1, 2, 255]);
    expect(seen[seen.length - 1].headers['content-length']).toBe('3');
    transport.close();
  });

  it('fails, as a network error does, when the API is too slow, cuts its answer short or cannot be reached', async () => {
    const transport = createApiTransport(origin, 300);
    const started = Date.now();
    await expect(transport(new ApiRequest(`${origin}/slow`))).rejects.toThrow(new ApiTransportError('The API did not answer within 300 ms'));
    expect(Date.now() - started).toBeLessThan(1500);
    const cut = createApiTransport(origin, 5000);
    await expect(cut(new ApiRequest(`${origin}/cut`))).rejects.toBeInstanceOf(ApiTransportError);
    cut.close();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(createApiTransport(`http://127.0.0.1:${port}`, 5000)(new ApiRequest(`http://127.0.0.1:${port}/x`))).rejects.toBeInstanceOf(ApiTransportError);
    transport.close();
  });

  it('gives the body once, in each of the ways a Response does', async () => {
    const transport = createApiTransport(origin, 5000);
    const answer = await transport(new ApiRequest(`${origin}/json`));
    expect(answer.status).toBe(200);
    expect(answer.bodyUsed).toBe(false);
    const copy = answer.clone();
    expect(await answer.json()).toEqual({ method: 'GET', url: '/json', name: 'Zoë' });
    await expect(answer.text()).rejects.toThrow(TypeError);
    expect(new TextDecoder().decode(await copy.arrayBuffer())).toBe('{"method":"GET","url":"/json","name":"Zoë"}');
    const streamed = await transport(new ApiRequest(`${origin}/bytes`));
    const chunks: number[] = [];
    for await (const chunk of streamed.body! as unknown as AsyncIterable<Uint8Array>) chunks.push(...chunk);
    expect(chunks).toEqual([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    const blob = await (await transport(new ApiRequest(`${origin}/bytes`))).blob();
    expect(blob.type).toBe('application/pdf');
    expect(blob.size).toBe(6);
    expect((await transport(new ApiRequest(`${origin}/none`, { method: 'DELETE' }))).body).toBeNull();
    transport.close();
  });

  it('refuses a body it cannot send as it is (a FormData would need encoding)', () => {
    expect(() => new ApiRequest(`${origin}/x`, { method: 'POST', body: new FormData() })).toThrow(TypeError);
  });
});
