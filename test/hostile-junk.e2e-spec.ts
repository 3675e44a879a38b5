import { randomUUID } from 'node:crypto';
import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { familySignIn } from './support/family';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';

/**
 * Issue 12, "one request must not stall a process": every operation of the OpenAPI document, called by one role
 * that gets past its guard, is sent deeply nested JSON, a huge array, NUL bytes and lone surrogates in each string
 * field of its request schema and each query parameter, forged cursors, integers beyond int4 and years 0001/9999 in
 * each date, and an octet-stream body. Not one may answer 5xx; each refusal is a problem+json 4xx. Fields come from
 * components.schemas, so a new endpoint or field is covered without editing this file.
 */
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Schema = { $ref?: string; type?: string; format?: string; enum?: unknown[]; items?: Schema; properties?: Record<string, Schema>; required?: string[]; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[]; example?: unknown; nullable?: boolean };
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema };
type Operation = { method: Method; path: string; parameters: Parameter[]; bodySchema: Schema | null; consumes: string[] };
type Leaf = { path: (string | number)[]; kind: 'string' | 'date' | 'integer' | 'number' };
type Call = { label: string; method: Method; url: string; who: TestUser | null; contentType?: string; body?: string | Buffer; expect?: number[] };

const DEEP = '['.repeat(5000) + ']'.repeat(5000);
const WIDE = '[' + '1,'.repeat(400_000) + '1]';
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
const INT4_OVERFLOW = [2 ** 31, -(2 ** 31) - 1, 1e20];
const BAD_YEARS = ['0001-01-01', '9999-12-31'];
/** The ends of the accepted range: date arithmetic and SQL must cope with them (any 4xx or success, never 5xx). */
const EDGE_DATES = ['1900-01-01', '2199-12-31'];
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
/** Cursors no list could have issued: each is a 400 whatever the list's sort key. */
const FORGED_CURSORS = [
  b64(['not-a-date', 'not-a-uuid']),
  b64(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
  b64([1e308, -1]),
  b64(['abc']),
  b64(['a\u0000b', randomUUID()]),
  'not base64 at all',
];
/** Well-typed for a list sorted by text (users by email), so those may answer 200; never 5xx. */
const ODD_CURSORS = [b64(['9999-99-99', randomUUID()]), b64(["x' OR 1=1 --", randomUUID()])];
const DATE_NAME = /^(from|to|date|dateOfBirth|dueBefore)$|On$|Date$/;

describe('hostile junk on every operation (e2e)', () => {
  let t: TestApp;
  let roles: TestUser[];
  let operations: Operation[];
  let schemas: Record<string, Schema>;

  beforeAll(async () => {
    t = await startTestApp();
    const la = await createLocalAuthority(t.dataSource);
    roles = [
      await createUser(t.dataSource, t.http, la.id, Role.Manager),
      await createUser(t.dataSource, t.http, la.id, Role.LaAdmin),
      await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: await createOrganisation(t.dataSource, [la.id]) }),
      await createUser(t.dataSource, t.http, la.id, Role.NationalAnalyst),
      await familyMember(la.id, 'hostile.parent@family.example'),
    ];
    const document = (await t.http.get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
      components: { schemas: Record<string, Schema> };
    };
    schemas = document.components.schemas;
    operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, op]) => ({
        method: method as Method,
        path,
        parameters: op.parameters ?? [],
        bodySchema: op.requestBody?.content['application/json']?.schema ?? null,
        consumes: Object.keys(op.requestBody?.content ?? {}),
      })),
    );
  });
  afterAll(() => t.close());

  /** A parent invited to a child of the LA and signed in by emailed code: the /family operations take only their token. */
  async function familyMember(localAuthorityId: string, email: string): Promise<TestUser> {
    const caseworker = await createUser(t.dataSource, t.http, localAuthorityId, Role.Caseworker);
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Hostile', familyName: 'Family', dateOfBirth: '2016-01-01' }).expect(201);
    await t.http.post(`/api/v1/children/${child.body.id}/family-access`).set(bearer(caseworker)).send({ email, name: 'Parent', relationship: 'parent' }).expect(201);
    return { ...caseworker, email, role: Role.FamilyMember, token: await familySignIn(t.http, t.dataSource, email) };
  }

  function resolve(schema: Schema): Schema {
    let current = schema;
    for (let i = 0; i < 10 && current.$ref; i++) current = schemas[current.$ref.replace('#/components/schemas/', '')];
    const combined = current.allOf ?? current.oneOf ?? current.anyOf;
    return combined ? resolve(combined[0]) : current;
  }

  function isDate(name: string, schema: Schema): boolean {
    return schema.format === 'date' || (schema.type === 'string' && !schema.enum && DATE_NAME.test(name));
  }

  /** A plausible value for a schema: right types and formats, so a junk value in one field is what gets judged. */
  function sample(schema: Schema, name: string, depth = 0): unknown {
    const s = resolve(schema);
    if (s.enum?.length) return s.enum[0];
    if (s.example !== undefined && typeof s.example !== 'object') return s.example;
    if (s.type === 'array') return depth > 4 || !s.items ? [] : [sample(s.items, name, depth + 1)];
    if (s.type === 'object' || s.properties) {
      const out: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(s.properties ?? {})) if (depth < 4) out[key] = sample(property, key, depth + 1);
      return out;
    }
    if (s.type === 'integer' || s.type === 'number') return 1;
    if (s.type === 'boolean') return true;
    if (s.format === 'uuid' || /Id$|^id$/.test(name)) return randomUUID();
    if (s.format === 'email' || /email/i.test(name)) return 'someone@test.example';
    if (isDate(name, s)) return '2026-03-02';
    return 'Text';
  }

  /** Every string, date and number leaf of a request schema, with its path in a sample body. */
  function leaves(schema: Schema, path: (string | number)[] = [], name = '', depth = 0): Leaf[] {
    const s = resolve(schema);
    if (s.enum?.length) return [{ path, kind: 'string' }];
    if (s.type === 'array') return depth > 4 || !s.items ? [] : leaves(s.items, [...path, 0], name, depth + 1);
    if (s.type === 'object' || s.properties) {
      return depth >= 4 ? [] : Object.entries(s.properties ?? {}).flatMap(([key, property]) => leaves(property, [...path, key], key, depth + 1));
    }
    if (s.type === 'integer' || s.type === 'number') return [{ path, kind: s.type }];
    if (s.type === 'string') return [{ path, kind: isDate(name, s) ? 'date' : 'string' }];
    return [];
  }

  function withValue(base: unknown, path: (string | number)[], value: unknown): unknown {
    if (path.length === 0) return value;
    const copy = (Array.isArray(base) ? [...(base as unknown[])] : { ...(base as Record<string, unknown>) }) as Record<string | number, unknown>;
    copy[path[0]] = withValue(copy[path[0]], path.slice(1), value);
    return copy;
  }

  /** Percent-encoding, with a lone surrogate sent as the bytes a careless client would (its WTF-8 form). */
  function encode(value: string): string {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\u0001')).replace(/%01/g, '%ED%A0%80');
  }

  function url(op: Operation, query: Record<string, string> = {}, pathValue?: { name: string; value: string }): string {
    const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      if (pathValue?.name === name) return encode(pathValue.value);
      const parameter = op.parameters.find((p) => p.in === 'path' && p.name === name);
      return encodeURIComponent(String(parameter?.schema ? sample(parameter.schema, name) : randomUUID()));
    });
    const qs = Object.entries(query).map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
    return qs ? `${path}?${qs}` : path;
  }

  async function send(call: Call): Promise<{ status: number; contentType: string; body: unknown }> {
    let request = t.http[call.method](call.url).set('if-match', '"1"');
    if (call.who) request = request.set(bearer(call.who));
    if (call.contentType) request = request.set('content-type', call.contentType);
    const response = await (call.body === undefined ? request : request.send(call.body));
    return { status: response.status, contentType: String(response.headers['content-type'] ?? ''), body: response.body };
  }

  /** The first role past the guard: a plain call that is not 401/403 (validation, not found and success all count). */
  async function roleFor(op: Operation): Promise<TestUser> {
    // Signing out revokes the caller's tokens: a user of its own, so the shared roles stay signed in.
    if (op.path.endsWith('/auth/logout')) return createUser(t.dataSource, t.http, roles[0].localAuthorityId, Role.Caseworker);
    if (op.path.endsWith('/family/sign-out')) return familyMember(roles[0].localAuthorityId, 'hostile.sign-out@family.example');
    for (const who of roles) {
      const hasBody = op.method !== 'get' && op.method !== 'delete';
      const { status } = await send({ label: 'probe', method: op.method, url: url(op), who, ...(hasBody ? { contentType: 'application/json', body: '{}' } : {}) });
      if (status !== 401 && status !== 403) return who;
    }
    return roles[0];
  }

  function callsFor(op: Operation, who: TestUser): Call[] {
    const name = `${op.method.toUpperCase()} ${op.path} as ${who.role}`;
    const hasBody = op.method !== 'get' && op.method !== 'delete';
    const calls: Call[] = [];
    const json = (label: string, body: unknown, expect?: number[]): Call => ({ label: `${name}: ${label}`, method: op.method, url: url(op), who, contentType: 'application/json', body: JSON.stringify(body), expect });

    if (hasBody && op.consumes.includes('application/json')) {
      calls.push({ label: `${name}: JSON nested 5000 deep`, method: op.method, url: url(op), who, contentType: 'application/json', body: DEEP, expect: [400] });
      calls.push({ label: `${name}: JSON array of 400,001 items`, method: op.method, url: url(op), who, contentType: 'application/json', body: WIDE, expect: [400] });
    }
    if (hasBody && op.consumes.includes('application/json')) {
      // Text where JSON is expected: the handler sees a string, not an object, and must say so.
      calls.push({ label: `${name}: deep JSON sent as text/plain`, method: op.method, url: url(op), who, contentType: 'text/plain', body: DEEP });
    }
    if (hasBody && !op.consumes.includes('application/octet-stream')) {
      calls.push({ label: `${name}: octet-stream body`, method: op.method, url: url(op), who, contentType: 'application/octet-stream', body: Buffer.alloc(1024, 1), expect: [415] });
    }
    if (op.bodySchema) {
      const base = sample(op.bodySchema, '');
      for (const leaf of leaves(op.bodySchema)) {
        const where = leaf.path.join('.') || 'body';
        if (leaf.kind === 'string' || leaf.kind === 'date') {
          calls.push(json(`NUL in ${where}`, withValue(base, leaf.path, NUL), [400]));
          calls.push(json(`lone surrogate in ${where}`, withValue(base, leaf.path, LONE_SURROGATE), [400]));
        }
        if (leaf.kind === 'date') for (const date of BAD_YEARS) calls.push(json(`${date} in ${where}`, withValue(base, leaf.path, date), [400]));
        if (leaf.kind === 'date') for (const date of EDGE_DATES) calls.push(json(`${date} in ${where}`, withValue(base, leaf.path, date)));
        if (leaf.kind === 'integer' || leaf.kind === 'number') calls.push(json(`${2 ** 31 - 1} in ${where}`, withValue(base, leaf.path, 2 ** 31 - 1)));
        if (leaf.kind === 'integer' || leaf.kind === 'number') for (const n of INT4_OVERFLOW) calls.push(json(`${n} in ${where}`, withValue(base, leaf.path, n), [400]));
      }
    }
    for (const parameter of op.parameters) {
      const schema = resolve(parameter.schema ?? {});
      // [value, the statuses it may get]: undefined means any 4xx. A lone surrogate cannot be written in a URL
      // (UTF-8 has no form for it): its WTF-8 bytes are sent and must simply not break anything.
      const values: [string, number[] | undefined][] = [
        [NUL, [400]],
        [LONE_SURROGATE, undefined],
      ];
      if (schema.type === 'integer' || schema.type === 'number') values.push(...[...INT4_OVERFLOW.map(String), '99999999999'].map((v): [string, number[]] => [v, [400]]));
      if (schema.type === 'integer' || schema.type === 'number') values.push([String(2 ** 31 - 1), undefined]);
      if (parameter.in === 'path') values.push(['99999999999', [400, 404]], ['-1', [400, 404]]);
      if (isDate(parameter.name, schema)) values.push(...BAD_YEARS.map((v): [string, number[]] => [v, [400]]), ...EDGE_DATES.map((v): [string, undefined] => [v, undefined]));
      if (parameter.name === 'cursor') values.push(...FORGED_CURSORS.map((v): [string, number[]] => [v, [400]]), ...ODD_CURSORS.map((v): [string, number[]] => [v, [200, 400]]));
      for (const [value, expected] of values) {
        const label = `${name}: ${parameter.in} ${parameter.name}=${JSON.stringify(value)}`;
        const body = hasBody ? { contentType: 'application/json', body: '{}' } : {};
        if (parameter.in === 'query') {
          // The other required query parameters keep plausible values so the junk one is what gets judged.
          const query = Object.fromEntries(op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(sample(p.schema ?? {}, p.name))]));
          calls.push({ label, method: op.method, url: url(op, { ...query, [parameter.name]: value }), who, ...body, expect: expected });
        } else if (parameter.in === 'path') {
          calls.push({ label, method: op.method, url: url(op, {}, { name: parameter.name, value }), who, ...body, expect: expected && [400, 404] });
        }
      }
    }
    return calls;
  }

  it('answers every kind of junk on every operation with a 4xx problem+json, never a 5xx', async () => {
    expect(operations.length).toBeGreaterThan(40);
    const failures: string[] = [];
    let sent = 0;
    let withBodyFields = 0;
    for (const op of operations) {
      const who = await roleFor(op);
      const calls = callsFor(op, who);
      if (op.bodySchema && leaves(op.bodySchema).length > 0) withBodyFields++;
      // A few at a time: bounded, but quicker than one by one on a busy machine.
      for (let i = 0; i < calls.length; i += 4) {
        const batch = calls.slice(i, i + 4);
        const answers = await Promise.all(batch.map(send));
        sent += batch.length;
        answers.forEach((answer, index) => {
          const call = batch[index];
          if (answer.status >= 500) failures.push(`${call.label} -> ${answer.status}`);
          else if (answer.status >= 400 && !answer.contentType.includes('application/problem+json')) failures.push(`${call.label} -> ${answer.status} as ${answer.contentType}`);
          else if (call.expect && !call.expect.includes(answer.status)) failures.push(`${call.label} -> ${answer.status}, expected ${call.expect.join(' or ')}: ${JSON.stringify(answer.body).slice(0, 200)}`);
        });
      }
    }
    // The document really drove the junk: many operations have body fields, and hundreds of requests went out.
    expect(withBodyFields).toBeGreaterThan(15);
    expect(sent).toBeGreaterThan(500);
    expect(failures).toEqual([]);
    // ... and reached the handlers signed in: no role lost its token on the way (a 401 would hide every 5xx).
    for (const who of roles) await t.http.get(who.role === Role.FamilyMember ? '/api/v1/family/me' : '/api/v1/auth/me').set(bearer(who)).expect(200);
  }, 170_000);

  it('refuses deep JSON, wide JSON and octet-stream before sign-in, without reading a large upload', async () => {
    const deep = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send(DEEP);
    expect(deep.status).toBe(400);
    expect(deep.body).toMatchObject({ code: 'json_too_complex', detail: expect.stringContaining('nested more than 32 levels') });
    const wideObject = '{' + Array.from({ length: 1500 }, (_v, i) => `"k${i}":1`).join(',') + '}';
    const wide = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send(wideObject);
    expect(wide.status).toBe(400);
    expect(wide.body).toMatchObject({ code: 'json_too_complex', detail: expect.stringContaining('more than 1000 items') });
    const manyArrays = JSON.stringify({ junk: Array.from({ length: 30 }, () => Array.from({ length: 999 }, () => 1)) });
    const many = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send(manyArrays);
    expect(many.status).toBe(400);
    expect(many.body).toMatchObject({ code: 'json_too_complex', detail: expect.stringContaining('more than 20000 values') });
    // Strings may hold brackets and commas: only structure counts.
    const bracketsInStrings = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send(JSON.stringify({ email: '['.repeat(100) + ','.repeat(2000), password: 'x' }));
    expect(bracketsInStrings.status).toBe(400);
    expect(bracketsInStrings.body.code).toBe('validation_failed');

    const octetElsewhere = await t.http.post('/api/v1/children').set(bearer(roles[0])).set('content-type', 'application/octet-stream').send(Buffer.alloc(10));
    expect(octetElsewhere.status).toBe(415);
    expect(octetElsewhere.headers['content-type']).toMatch(/application\/problem\+json/);
    // An anonymous or forged upload is refused from its headers: 5 MB never gets buffered.
    const anonymous = await t.http.post(`/api/v1/advice-requests/${randomUUID()}/attachments?fileName=a.pdf`).set('content-type', 'application/octet-stream').send(Buffer.alloc(5 * 1024 * 1024));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthenticated');
    const forged = await t.http.post(`/api/v1/advice-requests/${randomUUID()}/attachments?fileName=a.pdf`).set('authorization', 'Bearer not.a.token').set('content-type', 'application/octet-stream').send(Buffer.alloc(5 * 1024 * 1024));
    expect(forged.status).toBe(401);
    // Over the upload limit is refused from its content-length, before the guard or the service.
    const huge = await t.http.post(`/api/v1/advice-requests/${randomUUID()}/attachments?fileName=a.pdf`).set(bearer(roles[2])).set('content-type', 'application/octet-stream').send(Buffer.alloc(12 * 1024 * 1024));
    expect(huge.status).toBe(413);
  });

  it('lists at most 50 validation errors and counts the rest', async () => {
    const manager = roles[0];
    const unknownFields = Object.fromEntries(Array.from({ length: 900 }, (_v, i) => [`unknown${i}`, 1]));
    const response = await t.http.post('/api/v1/children').set(bearer(manager)).send(unknownFields).expect(400);
    expect(response.body.errors).toHaveLength(50);
    expect(response.body.errorsNotShown).toBeGreaterThan(850);
    expect(response.body.detail).toMatch(/first 50 problems are listed/);
  });

  it('rejects import lines that are too deep, too wide or hold NUL, lone surrogates or int4 overflow, line by line', async () => {
    const manager = roles[0];
    const child = { givenName: 'Hist', familyName: 'Junk', dateOfBirth: '2012-03-04' };
    const lines = [
      '['.repeat(5000) + ']'.repeat(5000),
      JSON.stringify({ externalReference: 'J-2', child, requestReceivedOn: '2024-01-08', requestSource: 'parent', adviceRequests: Array.from({ length: 1500 }, () => ({})) }),
      JSON.stringify({ externalReference: 'J-3', child: { ...child, givenName: 'Hi\u0000st' }, requestReceivedOn: '2024-01-08', requestSource: 'parent' }),
      JSON.stringify({ externalReference: 'J-4', child: { ...child, familyName: 'Ju\ud800nk' }, requestReceivedOn: '2024-01-08', requestSource: 'parent' }),
      JSON.stringify({ externalReference: 'J-5', child, requestReceivedOn: '9999-01-08', requestSource: 'parent' }),
      JSON.stringify({ externalReference: 'J-6', child, requestReceivedOn: '2024-01-08', requestSource: 'parent', version: 2 ** 40 }),
    ];
    const response = await t.http.post('/api/v1/assessments/import').set(bearer(manager)).set('content-type', 'application/x-ndjson').send(lines.join('\n')).expect(200);
    expect(response.body).toMatchObject({ imported: 0, rejected: 6 });
    expect(response.body.results).toEqual([
      expect.objectContaining({ line: 1, status: 'rejected', errors: [expect.objectContaining({ code: 'json_too_complex' })] }),
      expect.objectContaining({ line: 2, status: 'rejected', errors: [expect.objectContaining({ code: 'json_too_complex' })] }),
      expect.objectContaining({ line: 3, status: 'rejected', errors: [expect.objectContaining({ field: 'child.givenName', message: expect.stringContaining('NUL') })] }),
      expect.objectContaining({ line: 4, status: 'rejected', errors: [expect.objectContaining({ field: 'child.familyName', message: expect.stringContaining('surrogate') })] }),
      expect.objectContaining({ line: 5, status: 'rejected', errors: [expect.objectContaining({ field: 'requestReceivedOn' })] }),
      expect.objectContaining({ line: 6, status: 'rejected', errors: [expect.objectContaining({ field: 'version' })] }),
    ]);
  });
});
