import { Discipline, Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';

/**
 * The other half of a schema-driven fuzzer: a request the document allows must not be refused for its shape. For
 * every operation, a body (and query) with only the required fields and one with every field, each value built from
 * its schema (example, enum, format, pattern, bounds), is sent to a record that does not exist, by a role that gets
 * past the guard: the validation pipe runs first, so a 400 `validation_failed` means the document promised too much.
 * Built from components.schemas, so a new endpoint or field is covered without editing this file.
 */
type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  example?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };

const ABSENT_ID = '3f2b8c1e-7d4a-4b6e-9a0c-1d2e3f4a5b6c';
/** A value for each pattern the document uses: a new pattern needs a sample here (the test says which). */
const PATTERN_SAMPLES: Record<string, string> = {
  // Sign-in: state and nonce, a PKCE challenge and verifier, a redirect URI, a TOTP code, OIDC scopes.
  '^[A-Za-z0-9._~-]+$': 'state-0123456789abcdefghijkl',
  '^[A-Za-z0-9_-]{43}$': 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  '^[A-Za-z0-9._~-]{43,128}$': 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  '^https?:\\/\\/[^\\s#]+$': 'http://127.0.0.1:3001/sign-in/oidc/callback',
  '^\\s*\\d{6}\\s*$': '123456',
  '^openid( [A-Za-z0-9_:./-]+)*$': 'openid email profile',
  '^(env:[A-Za-z_][A-Za-z0-9_]{0,127}|file:\\/.+)$': 'env:IDP_CLIENT_SECRET',
  '^[a-z_]{1,40}$': 'child',
  '^\\d{6}$': '990001',
  '^1\\d{7}$': '10012345',
  '^[+\\d][\\d ()-]{5,30}$': '+44 20 7946 0000',
  "^[\\p{L}\\p{M}][\\p{L}\\p{M}' .-]*$": 'Zoë',
  '^[A-HJ-NP-RT-Za-hj-np-rt-z][0-9]{11}[0-9A-HJ-NP-RT-Za-hj-np-rt-z]$': 'D201000012340',
  '^[1-9][0-9]{9}$': '1234567890',
  '^[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}$': '9434765919',
  '^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$': 'SW1A 1AA',
  '^[A-Z]{4}$': 'WBRI',
  '^\\d{3}$': '873',
  '^[0-9a-f]{64}$': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '^(\\d{6}|OLA|OPA|EHE|EYP|OTH|NEET|NIEC|NIEO)$': '100000',
  '^(?:W/)?"[0-9]{1,9}"$': '"1"',
  '^(?:\\*|(?:W/)?"[0-9]{1,9}")$': '"1"',
  '\\S': 'Some words',
  '^[A-Za-z0-9_-]{20,100}$': 'AbCdEfGhIjKlMnOpQrStUv',
};
const FORMAT_SAMPLES: Record<string, string> = { uuid: ABSENT_ID, date: '2026-01-05', 'date-time': '2026-01-05T10:00:00.000Z', email: 'someone@example.org' };

describe('requests the document allows (e2e)', () => {
  let t: TestApp;
  let users: TestUser[];
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

  beforeAll(async () => {
    t = await startTestApp();
    const la = await createLocalAuthority(t.dataSource);
    users = [
      await createUser(t.dataSource, t.http, la.id, Role.Manager),
      await createUser(t.dataSource, t.http, la.id, Role.LaAdmin),
      await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: await createOrganisation(t.dataSource, la.id) }),
    ];
    document = (await t.http.get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  const unknownPatterns = new Set<string>();

  function resolve(schema: Schema): Schema {
    return schema.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop()!]) : schema;
  }

  /** A value the schema allows: its example when it has one, else the least (or, with `full`, the fullest) value. */
  function sample(raw: Schema, full: boolean): unknown {
    const schema = resolve(raw);
    const options = schema.oneOf ?? schema.anyOf ?? schema.allOf;
    if (options) return sample(options.find((option) => !(option.enum?.length === 1 && option.enum[0] === null)) ?? options[0], full);
    if (schema.enum) return schema.enum.find((value) => value !== null);
    if (schema.example !== undefined && schema.type !== 'object' && schema.type !== 'array') return schema.example;
    switch (schema.type) {
      case 'string': {
        if (schema.format && FORMAT_SAMPLES[schema.format]) return FORMAT_SAMPLES[schema.format];
        if (schema.pattern) {
          if (PATTERN_SAMPLES[schema.pattern]) return PATTERN_SAMPLES[schema.pattern];
          unknownPatterns.add(schema.pattern);
        }
        return 'x'.repeat(Math.min(Math.max(schema.minLength ?? 1, full ? 5 : 1), schema.maxLength ?? 100));
      }
      case 'integer':
      case 'number':
        return schema.minimum ?? (schema.maximum !== undefined ? Math.min(1, schema.maximum) : 1);
      case 'boolean':
        return true;
      case 'array': {
        const count = schema.maxItems === 0 ? 0 : Math.max(schema.minItems ?? 0, full ? 1 : 0);
        return Array.from({ length: count }, () => sample(schema.items ?? {}, full));
      }
      default: {
        const properties = Object.entries(schema.properties ?? {}).filter(([name]) => full || schema.required?.includes(name));
        return Object.fromEntries(properties.map(([name, property]) => [name, sample(property, full)]));
      }
    }
  }

  it('refuses no request for its shape when the document allows it', async () => {
    const refused: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const [path, byMethod] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(byMethod)) {
        if (path === '/api/v1/auth/logout') continue; // it would sign the users out of the rest of the test
        const json = operation.requestBody?.content['application/json']?.schema;
        if (operation.requestBody && !json) continue; // octet-stream and ndjson uploads are not JSON-schema bodies
        for (const full of [false, true]) {
          // A cursor is opaque (only a nextCursor the list issued is accepted; docs/api.md): no value can be made up.
          const parameters = (operation.parameters ?? []).filter((parameter) => (parameter.required || full) && parameter.name !== 'cursor');
          // A section code that takes items, so that the fullest body (with items of the first shape, needs) fits it.
          const value = (parameter: Parameter) => (parameter.name === 'code' ? 'B' : String(sample(parameter.schema ?? { type: 'string' }, full)));
          const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(value(parameters.find((p) => p.name === name) ?? { name, in: 'path' })));
          const query = new URLSearchParams(parameters.filter((p) => p.in === 'query').map((p): [string, string] => [p.name, value(p)]));
          const headers = Object.fromEntries(parameters.filter((p) => p.in === 'header').map((p) => [p.name, value(p)]));
          const body = json ? sample(json, full) : undefined;
          let response;
          for (const user of users) {
            const request = t.http[method as 'get'](`${url}${query.size ? `?${query}` : ''}`).set(bearer(user)).set(headers);
            response = await (body === undefined ? request : request.send(body as object));
            sent += 1;
            if (response.status !== 403) break;
          }
          if (response?.status === 400) refused.push(`${method.toUpperCase()} ${path} (${full ? 'every field' : 'required only'}): ${JSON.stringify(response.body.errors ?? response.body.detail)} for ${JSON.stringify(body)}?${query}`);
          expect(response?.status).toBeLessThan(500);
          statuses.set(response?.status ?? 0, (statuses.get(response?.status ?? 0) ?? 0) + 1);
        }
      }
    }
    expect([...unknownPatterns]).toEqual([]);
    expect(refused).toEqual([]);
    expect(sent).toBeGreaterThan(100);
    // Only the sign-in steps with made-up credentials are 401s (each sent twice: every field, required only): the
    // password of a made-up account, a made-up mfaToken, a made-up refresh token, a made-up TOTP code; and the family's code sign-in with a made-up code. Most calls
    // reach the service and find no such record.
    expect(statuses.get(401)).toBe(10);
    expect(statuses.get(404) ?? 0).toBeGreaterThan(60);
  });
});
