import { startTestApp, TestApp } from './support/app';

interface Operation {
  summary?: string;
  security?: Record<string, unknown>[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** The OpenAPI document is the integrators' reference: every operation documented with its answers and errors. */
describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let operations: { key: string; operation: Operation }[];

  beforeAll(async () => {
    t = await startTestApp();
    const document = await t.http.get('/docs-json').expect(200);
    operations = Object.entries(document.body.paths as Record<string, Record<string, Operation>>).flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
    );
  });
  afterAll(() => t.close());

  const PUBLIC = ['GET /api/v1/health', 'POST /api/v1/auth/login'];

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
});
