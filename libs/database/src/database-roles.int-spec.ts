import { createTestDatabase, dropTestDatabase, openDataSource, ownerUrlOf, testServerUrl } from '@app/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseRoleCheck } from './database-role.check';
import { APPEND_ONLY_TABLES, appRoleProblems, CURRENT_ROLE_PROBLEMS_SQL, ensureAppRole, grantAppRole, roleOfUrl } from './database-roles';

/**
 * The app role against a real PostgreSQL: what the API and the worker connect as (every test does too) can do the
 * app's work but cannot rewrite the audit trail or the schema, by any of the routes open to a table's owner.
 */
describe('database roles (integration)', () => {
  let appUrl: string;
  let app: DataSource;
  let owner: Client;
  let laId: string;
  let auditId: string;

  beforeAll(async () => {
    appUrl = await createTestDatabase();
    app = await openDataSource(appUrl);
    owner = new Client({ connectionString: ownerUrlOf(appUrl) });
    await owner.connect();
    [{ id: laId }] = await app.query(`INSERT INTO local_authorities (name, code) VALUES ('Roles LA', '902') RETURNING id`);
    [{ id: auditId }] = await app.query(`INSERT INTO audit_events (local_authority_id, action, entity_type, entity_id) VALUES ($1, 'child.created', 'child', 'c1') RETURNING id`, [laId]);
  });
  afterAll(async () => {
    await app.destroy();
    await owner.end();
    await dropTestDatabase(appUrl);
  });

  const auditRow = async () => (await owner.query(`SELECT action, entity_id FROM audit_events WHERE id = $1`, [auditId])).rows[0];

  it('connects the tests as the app role: not a superuser, not the owner', async () => {
    const [row] = await app.query(`SELECT current_user AS role, r.rolsuper FROM pg_roles r WHERE r.rolname = current_user`);
    expect(row).toEqual({ role: roleOfUrl(appUrl), rolsuper: false });
    expect(roleOfUrl(appUrl)).not.toBe(roleOfUrl(ownerUrlOf(appUrl)));
    const [{ problems }] = await app.query(CURRENT_ROLE_PROBLEMS_SQL);
    expect(problems).toEqual([]);
  });

  it('does the app’s ordinary work: insert, update and delete ordinary rows, insert and read audit rows', async () => {
    await app.transaction(async (manager) => {
      const [{ id }] = await manager.query(`INSERT INTO children (local_authority_id, given_name, family_name, search_name, date_of_birth) VALUES ($1, 'A', 'B', 'a b', '2015-01-01') RETURNING id`, [laId]);
      await manager.query(`UPDATE children SET given_name = 'C' WHERE id = $1`, [id]);
      await manager.query(`INSERT INTO family_contacts (child_id, local_authority_id, name, relationship) VALUES ($1, $2, 'P', 'parent')`, [id, laId]);
      await manager.query(`DELETE FROM family_contacts WHERE child_id = $1`, [id]);
      await manager.query(`INSERT INTO audit_events (local_authority_id, action, entity_type, entity_id) VALUES ($1, 'child.updated', 'child', $2)`, [laId, id]);
    });
    const [{ n }] = await app.query(`SELECT count(*)::int AS n FROM audit_events WHERE local_authority_id = $1`, [laId]);
    expect(n).toBe(2);
  });

  it.each([
    ['UPDATE', `UPDATE audit_events SET action = 'tampered'`],
    ['DELETE', `DELETE FROM audit_events`],
    ['TRUNCATE', `TRUNCATE audit_events`],
    ['UPDATE plan_versions', `UPDATE plan_versions SET sections = '{}'`],
    ['DELETE plan_versions', `DELETE FROM plan_versions`],
    ['SELECT ... FOR UPDATE', `SELECT id FROM audit_events FOR UPDATE`],
  ])('has no privilege to %s an append-only table', async (_name, sql) => {
    // The privilege check, not the trigger (which answers 42501 too, with "append-only"), must be what refuses.
    await expect(app.query(sql)).rejects.toThrow(/^permission denied for table (audit_events|plan_versions)$/);
    expect(await auditRow()).toEqual({ action: 'child.created', entity_id: 'c1' });
  });

  it.each([
    ['disable the audit trigger', `ALTER TABLE audit_events DISABLE TRIGGER trg_audit_events_append_only`, /must be owner of table audit_events/],
    ['disable every trigger', `ALTER TABLE audit_events DISABLE TRIGGER ALL`, /must be owner of table audit_events/],
    ['drop the audit trigger', `DROP TRIGGER trg_audit_events_append_only ON audit_events`, /must be owner of (table|relation) audit_events/],
    ['replace the trigger function', `CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`, /must be owner of function|permission denied for schema public/],
    ['skip triggers for the session', `SET session_replication_role = replica`, /permission denied to set parameter "session_replication_role"/],
    ['drop a table', `DROP TABLE audit_events`, /must be owner of table audit_events/],
    ['drop an ordinary table', `DROP TABLE children CASCADE`, /must be owner of table children/],
    ['create a table', `CREATE TABLE audit_events_copy (id int)`, /permission denied for schema public/],
    ['become the owner', `SET ROLE postgres`, /permission denied to set role/],
    ['rewrite the migration history', `DELETE FROM migrations`, /permission denied for table migrations/],
  ])('cannot %s', async (_name, sql, message) => {
    // Each attempt in a transaction rolled back whatever happens, in case one were to succeed.
    const runner = app.createQueryRunner();
    await runner.startTransaction();
    try {
      await expect(runner.query(sql)).rejects.toThrow(message);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const { rows } = await owner.query(`SELECT tgenabled FROM pg_trigger WHERE tgname = 'trg_audit_events_append_only'`);
    expect(rows).toEqual([{ tgenabled: 'O' }]);
    expect(await auditRow()).toEqual({ action: 'child.created', entity_id: 'c1' });
  });

  it('cannot give itself the rights back (it holds no grant option: PostgreSQL grants nothing)', async () => {
    await app.query(`GRANT UPDATE, DELETE, TRUNCATE ON audit_events TO CURRENT_USER`).catch(() => undefined);
    const [row] = await app.query(
      `SELECT has_table_privilege('audit_events', 'UPDATE') AS u, has_table_privilege('audit_events', 'DELETE') AS d, has_table_privilege('audit_events', 'TRUNCATE') AS t`,
    );
    expect(row).toEqual({ u: false, d: false, t: false });
    await expect(app.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow('permission denied for table audit_events');
  });

  it('still refuses the owner an UPDATE through the trigger while it is enabled', async () => {
    await expect(owner.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow(/append-only/);
  });

  it('is refused by the app’s start-up check when the app would connect as the owner, and accepted as the app role', async () => {
    const asOwner = await openDataSource(ownerUrlOf(appUrl));
    try {
      await expect(new DatabaseRoleCheck(asOwner).onModuleInit()).rejects.toThrow(new RegExp(`connects as "${roleOfUrl(ownerUrlOf(appUrl))}" and .*it owns the tables`));
    } finally {
      await asOwner.destroy();
    }
    await expect(new DatabaseRoleCheck(app).onModuleInit()).resolves.toBeUndefined();
  });

  it('covers tables a later migration adds, append-only ones included, and is idempotent', async () => {
    const role = roleOfUrl(appUrl);
    await owner.query(`CREATE TABLE later_things (id serial PRIMARY KEY, name text)`);
    await expect(app.query(`INSERT INTO later_things (name) VALUES ('x')`)).rejects.toThrow(/permission denied for table later_things/);
    await grantAppRole(owner, role);
    await grantAppRole(owner, role);
    await app.query(`INSERT INTO later_things (name) VALUES ('x')`);
    await app.query(`UPDATE later_things SET name = 'y'`);
    // A table the code never deletes from (not in DELETABLE_TABLES) gives the app role no DELETE (issue 24).
    await expect(app.query(`DELETE FROM later_things`)).rejects.toThrow(/permission denied for table later_things/);
    await expect(app.query(`TRUNCATE later_things`)).rejects.toThrow(/permission denied/);
    const { rows } = await owner.query<{ table_name: string; privileges: string[] }>(
      `SELECT table_name, array_agg(privilege_type::text ORDER BY privilege_type) AS privileges FROM information_schema.role_table_grants
        WHERE grantee = $1 AND table_name = ANY($2) GROUP BY table_name ORDER BY table_name`,
      [role, APPEND_ONLY_TABLES],
    );
    expect(rows).toEqual(APPEND_ONLY_TABLES.map((table) => ({ table_name: table, privileges: ['INSERT', 'SELECT'] })).sort((a, b) => a.table_name.localeCompare(b.table_name)));
  });

  it('grants from several migrate steps at once on one database without a catalog conflict', async () => {
    const clients = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const client = new Client({ connectionString: ownerUrlOf(appUrl) });
        await client.connect();
        return client;
      }),
    );
    try {
      await Promise.all(clients.map((client) => grantAppRole(client, roleOfUrl(appUrl))));
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    await expect(app.query(`UPDATE audit_events SET action = 'tampered'`)).rejects.toThrow('permission denied for table audit_events');
  });

  it('refuses to grant to the owner itself or to a superuser', async () => {
    const ownerRole = roleOfUrl(ownerUrlOf(appUrl));
    await expect(grantAppRole(owner, ownerRole)).rejects.toThrow(`both connect as "${ownerRole}"`);
    expect(await appRoleProblems(owner, ownerRole)).toContain(`"${ownerRole}" is (or is a member of) the owner of the tables`);
    const superuser = `ehcp_t_super_${process.pid}`;
    const writer = `ehcp_t_writer_${process.pid}`;
    await owner.query(`CREATE ROLE "${superuser}" SUPERUSER NOLOGIN`);
    await owner.query(`CREATE ROLE "${writer}" NOLOGIN IN ROLE pg_write_all_data`);
    try {
      await expect(grantAppRole(owner, superuser)).rejects.toThrow(`"${superuser}" is a superuser`);
      await expect(grantAppRole(owner, writer)).rejects.toThrow(`"${writer}" may still UPDATE, DELETE or TRUNCATE audit_events, plan_versions through a role it belongs to`);
    } finally {
      await owner.query(`DROP OWNED BY "${writer}"`);
      await owner.query(`DROP ROLE "${superuser}", "${writer}"`);
    }
    expect(await appRoleProblems(owner, roleOfUrl(appUrl))).toEqual([]);
  });

  it('creates a missing role once when several processes start at the same time, and leaves an existing one alone', async () => {
    const name = `ehcp_t_role_${process.pid}_${Date.now() % 100000}`;
    const url = new URL(appUrl);
    url.username = name;
    const clients = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const client = new Client({ connectionString: testServerUrl('postgres') });
        await client.connect();
        return client;
      }),
    );
    try {
      const created = await Promise.all(clients.map((client) => ensureAppRole(client, url.toString())));
      expect(created.filter(Boolean)).toHaveLength(1);
      const { rows } = await owner.query(`SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = $1`, [name]);
      expect(rows).toEqual([{ rolcanlogin: true, rolsuper: false, rolcreaterole: false, rolcreatedb: false }]);
      expect(await ensureAppRole(owner, url.toString())).toBe(false);
    } finally {
      await owner.query(`DROP ROLE IF EXISTS "${name}"`);
      await Promise.all(clients.map((client) => client.end()));
    }
  });
});
