import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, TestApp } from './support/app';

const ROOT = resolve(__dirname, '..');

interface Schema {
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  enum?: unknown[];
}

/** Every schema in the document with where it is, walking properties, items, combinators and parameters. */
function* walk(schema: Schema | undefined, where: string, name?: string): Generator<{ schema: Schema; where: string; name?: string }> {
  if (!schema || typeof schema !== 'object') return;
  yield { schema, where, name };
  for (const [key, property] of Object.entries(schema.properties ?? {})) yield* walk(property, `${where}.${key}`, key);
  if (schema.items) yield* walk(schema.items, `${where}[]`, name);
  if (typeof schema.additionalProperties === 'object') yield* walk(schema.additionalProperties, `${where}{}`);
  for (const [index, part] of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].entries()) yield* walk(part, `${where}|${index}`);
}

/** Ids that are not UUIDs: plan item ids (chosen by the client), audit entity ids and request ids (any safe token). */
const NOT_UUID = ['AuditEventDto.id', 'NeedItemDto.id', 'OutcomeItemDto.id', 'ProvisionItemDto.id', 'OutcomeItemDto.needIds[]', 'ProvisionItemDto.outcomeIds[]', 'AuditEventDto.entityId', 'AuditEventDto.requestId', 'ProblemDetailsDto.requestId', 'AuditController_list ?entityId', 'RegisterIdentityProviderDto.clientId', 'IdentityProviderDto.clientId', 'BudgetItemDto.provisionIds[]', 'ProvisionDeliveryDto.provisionId', 'ProvisionInboxItemDto.provision[].provisionId', 'ProvisionController_report ?provisionId'];

interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; schema?: Schema }[];
  security?: Record<string, unknown>[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** The OpenAPI document is the integrators' reference: every operation documented with its answers and errors. */
describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let operations: { key: string; operation: Operation }[];
  let document: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> }; tags?: { name: string; description?: string }[] };

  beforeAll(async () => {
    t = await startTestApp();
    document = (await t.http.get('/docs-json').expect(200)).body;
    operations = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
    );
  });
  afterAll(() => t.close());

  const PUBLIC = [
    'GET /api/v1/health',
    'POST /api/v1/auth/login',
    'POST /api/v1/auth/login/mfa',
    'POST /api/v1/auth/refresh',
    'GET /api/v1/auth/oidc/providers',
    'POST /api/v1/auth/oidc/{providerId}/authorize-url',
    'POST /api/v1/auth/oidc/{providerId}/callback',
    'GET /api/v1/health/live',
    'GET /api/v1/health/ready',
    'GET /api/v1/version',
    'POST /api/v1/family/sign-in',
    'POST /api/v1/family/sign-in/verify',
  ];

  it('lists the contract endpoints', () => {
    const keys = operations.map((o) => o.key);
    for (const expected of [
      'GET /api/v1/health',
      'POST /api/v1/auth/login',
      'POST /api/v1/children',
      'GET /api/v1/children/{id}',
      'POST /api/v1/assessments',
      'GET /api/v1/assessments/{id}',
      'POST /api/v1/assessments/{id}/decision-to-assess',
      'POST /api/v1/assessments/{id}/exceptions',
      'POST /api/v1/assessments/{id}/advice-requests',
      'POST /api/v1/assessments/{id}/decision-to-issue',
      'POST /api/v1/assessments/{id}/draft-plan',
      'POST /api/v1/assessments/{id}/final-plan',
      'POST /api/v1/assessments/{id}/representations',
      'GET /api/v1/advice-requests',
      'GET /api/v1/advice-requests/{id}',
      'POST /api/v1/advice-requests/{id}/submission',
    ]) {
      expect(keys).toContain(expected);
    }
  });

  it('gives every operation a summary and a documented success answer', () => {
    const problems = operations.flatMap(({ key, operation }) => {
      const found: string[] = [];
      if (!operation.summary) found.push(`${key}: no summary`);
      if (!Object.keys(operation.responses).some((status) => status.startsWith('2'))) found.push(`${key}: no 2xx response`);
      return found;
    });
    expect(problems).toEqual([]);
  });

  it('documents bearer auth, 401, and problem+json errors for every protected operation', () => {
    const problems = operations
      .filter(({ key }) => !PUBLIC.includes(key))
      .flatMap(({ key, operation }) => {
        const found: string[] = [];
        if (!operation.security?.some((s) => 'bearer' in s)) found.push(`${key}: no bearer security`);
        if (!operation.responses['401']) found.push(`${key}: 401 not documented`);
        if (key.includes('{') && !operation.responses['404']) found.push(`${key}: 404 not documented`);
        if (/^(POST|PUT|PATCH) /.test(key) && !operation.responses['400']) found.push(`${key}: 400 not documented`);
        for (const [status, response] of Object.entries(operation.responses)) {
          if (status.startsWith('4') && !response.content?.['application/problem+json']) found.push(`${key}: ${status} is not problem+json`);
        }
        return found;
      });
    expect(problems).toEqual([]);
    expect(operations.length).toBeGreaterThan(30);
    const login = operations.find((o) => o.key === 'POST /api/v1/auth/login')!.operation;
    expect(login.responses['401'].content?.['application/problem+json']).toBeDefined();
  });

  /** Every schema a client generator sees, with where it is. */
  function allSchemas(): { schema: Schema; where: string; name?: string }[] {
    const found = Object.entries(document.components.schemas).flatMap(([name, schema]) => [...walk(schema, name)]);
    for (const { operation } of operations) {
      for (const parameter of operation.parameters ?? []) found.push(...walk(parameter.schema, `${operation.operationId} ?${parameter.name}`, parameter.name));
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const [media, content] of Object.entries(response.content ?? {})) found.push(...walk(content.schema as Schema, `${operation.operationId} ${status} ${media}`));
      }
    }
    return found;
  }

  it('types every value: no untyped or property-less objects (a generator would make them Record<string, never>)', () => {
    const untyped = allSchemas()
      .filter(({ schema }) => !schema.$ref && !schema.allOf && !schema.anyOf && !schema.oneOf && !schema.not && !schema.enum)
      .filter(({ schema }) => !schema.type || (schema.type === 'object' && !schema.properties && schema.additionalProperties === undefined))
      .map(({ where, schema }) => `${where}: ${JSON.stringify(schema)}`);
    expect(untyped).toEqual([]);
    expect(allSchemas().length).toBeGreaterThan(500);
  });

  it('gives ids format uuid, *On dates format date and *At timestamps format date-time', () => {
    const wrong = allSchemas()
      .filter(({ schema }) => schema.type === 'string')
      .flatMap(({ schema, where, name }) => {
        if (!name || NOT_UUID.includes(where)) return [];
        if ((name === 'id' || /Ids?$/.test(name)) && schema.format !== 'uuid') return [`${where}: an id without format uuid`];
        if (/On$/.test(name) && schema.format !== 'date') return [`${where}: a date without format date`];
        if (/At$/.test(name) && schema.format !== 'date-time') return [`${where}: a timestamp without format date-time`];
        return [];
      });
    expect(wrong).toEqual([]);
  });

  it('describes every operation and tag, and declares the public operations public', () => {
    const tags = new Set((document.tags ?? []).filter((tag) => tag.description).map((tag) => tag.name));
    const problems = operations.flatMap(({ key, operation }) => [
      ...(operation.description ? [] : [`${key}: no description`]),
      ...((operation as { tags?: string[] }).tags ?? []).filter((tag) => !tags.has(tag)).map((tag) => `${key}: tag ${tag} not declared`),
      ...(operation.security ? [] : [`${key}: security not declared`]),
    ]);
    expect(problems).toEqual([]);
    for (const key of PUBLIC) expect(operations.find((o) => o.key === key)?.operation.security).toEqual([]);
  });

  it('documents the ETag of versioned records, the PDF 202 with Retry-After, CSV as text and the findings of a refused issue', () => {
    const operation = (key: string) => operations.find((o) => o.key === key)!.operation;
    for (const key of ['GET /api/v1/plans/{id}', 'PUT /api/v1/plans/{id}/sections/{code}', 'GET /api/v1/assessments/{id}', 'POST /api/v1/children', 'PATCH /api/v1/children/{id}']) {
      const success = Object.entries(operation(key).responses).find(([status]) => status.startsWith('2'))![1] as { headers?: Record<string, unknown> };
      expect({ key, etag: Boolean(success.headers?.ETag) }).toEqual({ key, etag: true });
    }
    const pdf = operation('GET /api/v1/plans/{id}/pdf').responses as Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema?: Schema }> }>;
    expect(pdf['202'].headers?.['Retry-After']).toBeDefined();
    expect(pdf['202'].content?.['application/json']?.schema?.$ref).toMatch(/PdfRenderingDto$/);
    expect(Object.keys(pdf['200'].content ?? {})).toEqual(['application/pdf']);
    expect(operation('GET /api/v1/reports/timeliness').responses['200'].content?.['text/csv']?.schema).toEqual(expect.objectContaining({ type: 'string' }));
    expect(document.components.schemas.ProblemDetailsDto.properties?.findings?.items?.$ref).toMatch(/ProblemFindingDto$/);
    const draft = operation('POST /api/v1/assessments/{id}/draft-plan');
    expect(draft.description).toMatch(/section I \(placement\) must have no items/);
    expect(operation('POST /api/v1/assessments/{id}/final-plan').description).toMatch(/quality_errors/);
    expect(document.components.schemas.PlanSectionsDto.properties?.I.$ref).toMatch(/PlacementSectionDto$/);
  });

  it('serves exactly the published document (docs/openapi.json; `npm run openapi:export` rewrites it)', () => {
    const published = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8'));
    expect(document).toEqual(published);
  });

  it('lints with no errors or warnings under redocly.yaml', async () => {
    const dir = join(ROOT, 'tmp', `openapi-lint-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    try {
      const result = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'summary'], { cwd: ROOT })
        .then(() => 'clean')
        .catch((error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`);
      expect(result).toBe('clean');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 405 with Allow for a method a known path does not take, and 404 for an unknown path', async () => {
    const id = '3f2b8c1e-7d4a-4b6e-9a0c-1d2e3f4a5b6c';
    const wrongMethod = await t.http.delete(`/api/v1/assessments/${id}`).expect(405);
    expect(wrongMethod.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    expect(wrongMethod.body).toMatchObject({ status: 405, code: 'method_not_allowed' });
    const login = await t.http.get('/api/v1/auth/login').expect(405);
    expect(login.headers.allow).toBe('POST');
    expect((await t.http.put('/api/v1/children').expect(405)).headers.allow).toBe('GET, HEAD, POST');
    const unknown = await t.http.get(`/api/v1/no-such-thing/${id}`).expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.http.delete('/api/v1/no-such-thing').expect(404);
  });
});
