import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';

/**
 * Bad input never gets a 500: every operation of the OpenAPI document is sent junk (wrong JSON types, unknown
 * fields, malformed JSON, invalid ids, odd query strings) by a user who may call it, and must answer a 4xx
 * problem+json. The operations come from the document, so a new endpoint is covered without editing this file.
 */
describe('hostile input on every endpoint (e2e)', () => {
  let t: TestApp;
  let users: Record<'admin' | 'caseworker' | 'manager' | 'professional', TestUser>;
  let operations: { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    const la = await createLocalAuthority(t.dataSource);
    users = {
      admin: await createUser(t.dataSource, t.http, la.id, Role.LaAdmin),
      caseworker: await createUser(t.dataSource, t.http, la.id, Role.Caseworker),
      manager: await createUser(t.dataSource, t.http, la.id, Role.Manager),
      professional: await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: await createOrganisation(t.dataSource, [la.id]) }),
    };
    const document = await t.http.get('/docs-json').expect(200);
    operations = Object.entries(document.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, byMethod]) =>
      Object.keys(byMethod).map((method) => ({ method: method as 'get', path })),
    );
  });
  afterAll(() => t.close());

  const JUNK_BODIES: unknown[] = [[], 'text', null, { unexpected: true, text: { nested: [1, { deep: 'x'.repeat(10_000) }] }, items: 'not-an-array', decision: 7, requestedOn: '2026-13-45', discipline: ['health'] }];
  const PATH_VALUES = ['not-a-uuid', '00000000-0000-4000-8000-000000000000', "1' OR '1'='1"];

  function expectClientError(label: string, status: number, contentType: string | undefined) {
    expect({ label, serverError: status >= 500 }).toEqual({ label, serverError: false });
    if (status >= 400) expect({ label, contentType }).toEqual({ label, contentType: expect.stringMatching(/application\/problem\+json/) });
  }

  it('answers junk bodies, ids and query strings with a 4xx problem+json, never a 500', async () => {
    expect(operations.length).toBeGreaterThan(40);
    for (const op of operations) {
      if (op.path.endsWith('/auth/logout')) continue; // last, below: it revokes the caller's tokens
      // The manager may do what a caseworker may; the admin and the professional reach the rest.
      const calls: { who: TestUser; path: string; body: unknown }[] = [];
      for (const who of [users.manager, users.admin, users.professional]) {
        for (const value of op.path.includes('{') ? PATH_VALUES : ['']) {
          const path = op.path.replace(/\{[^}]+\}/g, encodeURIComponent(value)).concat('?from=yesterday&to=&limit=-5&cursor=%%%&groupBy[]=x&status=1&version=abc');
          const bodies = op.method === 'get' || op.method === 'delete' ? [undefined] : JUNK_BODIES;
          for (const body of bodies) calls.push({ who, path, body });
        }
      }
      // A few at a time, as hostile-junk does: 3,600 requests one by one outlast the timeout on a busy machine.
      for (let i = 0; i < calls.length; i += 4) {
        await Promise.all(
          calls.slice(i, i + 4).map(async ({ who, path, body }) => {
            let call = t.http[op.method](path).set(bearer(who)).set('if-match', '"1"');
            if (body !== undefined) call = call.set('content-type', 'application/json');
            const response = await (body === undefined ? call : call.send(JSON.stringify(body)));
            expectClientError(`${op.method.toUpperCase()} ${path} as ${who.role} with ${JSON.stringify(body)?.slice(0, 40)}`, response.status, response.headers['content-type']);
          }),
        );
      }
    }
    // Every call above reached the handlers signed in (a revoked token would have hidden any 500 behind a 401).
    for (const who of [users.manager, users.admin, users.professional]) await t.http.get('/api/v1/auth/me').set(bearer(who)).expect(200);
    for (const who of [users.manager, users.admin, users.professional]) {
      for (const body of JUNK_BODIES) {
        const response = await t.http.post('/api/v1/auth/logout').set(bearer(who)).set('content-type', 'application/json').send(JSON.stringify(body));
        expectClientError(`POST /auth/logout as ${who.role} with ${JSON.stringify(body)?.slice(0, 40)}`, response.status, response.headers['content-type']);
      }
    }
  }, 180_000);

  it('answers malformed JSON, a wrong content type and an oversize body with 400, 415 and 413', async () => {
    const malformed = await t.http.post('/api/v1/assessments').set(bearer(users.caseworker)).set('content-type', 'application/json').send('{"childId": ');
    expect(malformed.status).toBe(400);
    const wrongType = await t.http.post('/api/v1/children').set(bearer(users.caseworker)).set('content-type', 'application/xml').send('<child/>');
    expect(wrongType.status).toBe(415);
    const big = await t.http.post('/api/v1/children').set(bearer(users.caseworker)).set('content-type', 'application/json').send(JSON.stringify({ givenName: 'x'.repeat(1_100_000) }));
    expect(big.status).toBe(413);
    for (const response of [malformed, wrongType, big]) expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
