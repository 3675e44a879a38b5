import { Role } from '@app/core';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/app';

describe('users and organisations (e2e)', () => {
  let t: TestApp;
  let admin: TestUser;
  let caseworker: TestUser;
  let orgId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const la = await createLocalAuthority(t.dataSource);
    orgId = await createOrganisation(t.dataSource, [la.id]);
    admin = await createUser(t.dataSource, t.http, la.id, Role.LaAdmin);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
  });
  afterAll(() => t.close());

  it('lets an LA administrator create a professional who can then sign in', async () => {
    const created = await t.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email: 'New.Health@Test.Example', displayName: 'New Health', role: 'professional', discipline: 'health', organisationId: orgId, password: 'a-long-enough-password' })
      .expect(201);
    expect(created.body).toMatchObject({ email: 'new.health@test.example', role: 'professional', discipline: 'health', organisationId: orgId, active: true, locked: false });
    expect(created.body).not.toHaveProperty('passwordHash');
    await t.http.post('/api/v1/auth/login').send({ email: 'new.health@test.example', password: 'a-long-enough-password' }).expect(200);
  });

  it('refuses a duplicate email, a professional without discipline and a weak password', async () => {
    await t.http.post('/api/v1/users').set(bearer(admin)).send({ email: caseworker.email, displayName: 'Dup', role: 'caseworker', password: 'a-long-enough-password' }).expect(409);
    const noDiscipline = await t.http.post('/api/v1/users').set(bearer(admin)).send({ email: 'p@test.example', displayName: 'P', role: 'professional', password: 'a-long-enough-password' }).expect(422);
    expect(noDiscipline.body.code).toBe('discipline_required');
    const weak = await t.http.post('/api/v1/users').set(bearer(admin)).send({ email: 'w@test.example', displayName: 'W', role: 'caseworker', password: 'short' }).expect(400);
    expect(weak.body.errors[0].field).toBe('password');
  });

  it('is for LA administrators only', async () => {
    await t.http.get('/api/v1/users').set(bearer(caseworker)).expect(403);
    await t.http.post('/api/v1/users').set(bearer(caseworker)).send({ email: 'x@test.example', displayName: 'X', role: 'la_admin', password: 'a-long-enough-password' }).expect(403);
  });

  it('deactivates a user, who is then refused, and audits the change', async () => {
    const target = await createUser(t.dataSource, t.http, admin.localAuthorityId, Role.Caseworker);
    await t.http.patch(`/api/v1/users/${target.id}`).set(bearer(admin)).send({ active: false }).expect(200);
    await t.http.get('/api/v1/auth/me').set(bearer(target)).expect(401);
    const audit = await t.http.get(`/api/v1/audit?entityType=user&entityId=${target.id}`).set(bearer(admin)).expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'user.updated', changes: { active: { before: true, after: false } } });
  });

  it('does not let an administrator remove their own access', async () => {
    const response = await t.http.patch(`/api/v1/users/${admin.id}`).set(bearer(admin)).send({ role: 'caseworker' }).expect(422);
    expect(response.body.code).toBe('cannot_change_own_access');
  });

  it('registers an organisation once per URN in an LA; another LA with the URN gets a record of its own', async () => {
    const first = await t.http.post('/api/v1/organisations').set(bearer(admin)).send({ name: 'Shared School', kind: 'school', urn: '123456' }).expect(201);
    await t.http.post('/api/v1/organisations').set(bearer(admin)).send({ name: 'Shared School', kind: 'school', urn: '123456' }).expect(409);
    const otherLa = await createLocalAuthority(t.dataSource);
    const otherAdmin = await createUser(t.dataSource, t.http, otherLa.id, Role.LaAdmin);
    const own = await t.http.post('/api/v1/organisations').set(bearer(otherAdmin)).send({ name: 'Shared School', kind: 'school', urn: '123456' }).expect(201);
    expect(own.body.id).not.toBe(first.body.id);
    expect(own.body.localAuthorityId).toBe(otherLa.id);
  });
});

describe('audit trail is append-only (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('refuses UPDATE and DELETE on audit rows at the database (the app role has no such privilege)', async () => {
    const la = await createLocalAuthority(t.dataSource);
    await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const [{ id }] = await t.dataSource.query('SELECT id FROM audit_events LIMIT 1');
    await expect(t.dataSource.query(`UPDATE audit_events SET action = 'x' WHERE id = $1`, [id])).rejects.toThrow('permission denied for table audit_events');
    await expect(t.dataSource.query('DELETE FROM audit_events WHERE id = $1', [id])).rejects.toThrow('permission denied for table audit_events');
  });
});
