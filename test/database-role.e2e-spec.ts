import { Role } from '@app/core';
import { bearer, createLocalAuthority, createUser } from './support/factories';
import { startTestApp, TestApp } from './support/app';

/**
 * The running API connects as the least-privilege app role: its commands work and are audited, but its own
 * connection pool (what an injection or a compromised process would hold) cannot rewrite the audit trail.
 */
describe('the app role (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('runs commands and writes their audit, but cannot rewrite it by any route the owner has', async () => {
    const [me] = await t.dataSource.query(`SELECT current_user AS role, rolsuper FROM pg_roles WHERE rolname = current_user`);
    expect(me).toEqual({ role: new URL(t.config.databaseUrl).username, rolsuper: false });

    const la = await createLocalAuthority(t.dataSource);
    const admin = await createUser(t.dataSource, t.http, la.id, Role.LaAdmin);
    const created = await t.http
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email: 'roles.caseworker@test.example', displayName: 'Roles Caseworker', role: 'caseworker', password: 'a-long-enough-password' })
      .expect(201);
    const audit = await t.http.get('/api/v1/audit').query({ entityId: created.body.id }).set(bearer(admin)).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('user.created');
    const [{ id }] = await t.dataSource.query(`SELECT id FROM audit_events WHERE entity_id = $1 AND action = 'user.created'`, [created.body.id]);

    for (const sql of [
      `UPDATE audit_events SET action = 'user.viewed' WHERE id = ${Number(id)}`,
      `DELETE FROM audit_events WHERE id = ${Number(id)}`,
      `TRUNCATE audit_events`,
    ]) {
      await expect(t.dataSource.query(sql)).rejects.toThrow('permission denied for table audit_events');
    }
    await expect(t.dataSource.query(`ALTER TABLE audit_events DISABLE TRIGGER ALL`)).rejects.toThrow('must be owner of table audit_events');
    await expect(t.dataSource.query(`SET session_replication_role = replica`)).rejects.toThrow('permission denied to set parameter "session_replication_role"');
    await expect(t.dataSource.query(`DROP TABLE audit_events`)).rejects.toThrow('must be owner of table audit_events');

    const [row] = await t.dataSource.query(`SELECT action FROM audit_events WHERE id = $1`, [id]);
    expect(row).toEqual({ action: 'user.created' });
    await t.http.get('/api/v1/health').expect(200);
  });
});
