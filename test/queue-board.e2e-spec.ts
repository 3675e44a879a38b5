import { Role } from '@app/core';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';

/** The queue dashboard (bull-board) at /admin/queues: LA administrators only, behind the API's own sign-in. */
describe('queue dashboard (e2e)', () => {
  let t: TestApp;
  let users: Record<'admin' | 'caseworker' | 'manager' | 'professional', TestUser>;

  beforeAll(async () => {
    t = await startTestApp();
    const la = await createLocalAuthority(t.dataSource);
    users = {
      admin: await createUser(t.dataSource, t.http, la.id, Role.LaAdmin),
      caseworker: await createUser(t.dataSource, t.http, la.id, Role.Caseworker),
      manager: await createUser(t.dataSource, t.http, la.id, Role.Manager),
      professional: await createUser(t.dataSource, t.http, la.id, Role.Professional),
    };
  });
  afterAll(() => t.close());

  it('shows the page and every queue, read-only, to an LA administrator', async () => {
    const page = await t.http.get('/admin/queues').set(bearer(users.admin)).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('EHCP queues');
    const api = await t.http.get('/admin/queues/api/queues').set(bearer(users.admin)).expect(200);
    const names = (api.body.queues as { name: string; readOnlyMode: boolean }[]).map((q) => q.name).sort();
    expect(names).toEqual(['documents', 'email', 'maintenance', 'reminders', 'reports', 'reviews']);
    expect((api.body.queues as { readOnlyMode: boolean }[]).every((q) => q.readOnlyMode)).toBe(true);
  });

  it.each(['caseworker', 'manager', 'professional'] as const)('refuses a %s with 403 problem+json, page and API alike', async (who) => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const response = await t.http.get(path).set(bearer(users[who])).expect(403);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('refuses anyone not signed in, a forged token and a revoked one with 401', async () => {
    await t.http.get('/admin/queues').expect(401);
    await t.http.get('/admin/queues/api/queues').set('authorization', 'Bearer not.a.token').expect(401);
    const admin = await createUser(t.dataSource, t.http, users.admin.localAuthorityId, Role.LaAdmin);
    await t.http.post('/api/v1/auth/logout').set(bearer(admin)).expect(204);
    await t.http.get('/admin/queues/api/queues').set(bearer(admin)).expect(401);
  });

  it('refuses to retry or clean jobs even for an administrator (the queues are shared by every LA)', async () => {
    const response = await t.http.put('/admin/queues/api/queues/reminders/retry/failed').set(bearer(users.admin));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
