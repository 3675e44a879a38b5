import { Client } from 'pg';

/**
 * Two PostgreSQL roles (docs/runbook.md, "Database roles"): the OWNER runs the migrations and owns every table; the
 * APP role (DATABASE_URL's user) is what the API and the worker connect as. The app role reads and writes the
 * ordinary tables but owns nothing, so it can neither disable a trigger, drop a table nor set
 * session_replication_role, and it may only add to the append-only tables below.
 */

/** Tables the app may only INSERT into and SELECT from: no UPDATE, DELETE or TRUNCATE. */
export const APPEND_ONLY_TABLES: readonly string[] = [
  // The audit trail (a trigger also refuses UPDATE, DELETE and TRUNCATE, even to the owner while it is enabled).
  'audit_events',
  // Plans as issued: legal documents, frozen once written (the entity says so; nothing updates them).
  'plan_versions',
];

/** Tables the app gets no rights on at all: the migration history is the owner's. */
export const OWNER_ONLY_TABLES: readonly string[] = ['migrations'];

/**
 * The only tables the code deletes rows from (issue 24): everything else is kept, so the app role has no DELETE on it
 * (a bug or an injection cannot remove a child's records). A new `DELETE`/`manager.delete` on another table must add
 * it here, or the command fails with "permission denied".
 */
export const DELETABLE_TABLES: readonly string[] = [
  // recomputed deadlines that no longer apply; their reminders (also removed by ON DELETE CASCADE)
  'deadlines',
  'reminders',
  // the reminder pager's short-lived buckets
  'reminder_buckets',
  // an LA admin removes a professional from an organisation; a caseworker removes a family contact or an attachment
  'organisation_members',
  'family_contacts',
  'advice_attachments',
  // a failed first request lets its Idempotency-Key go
  'idempotency_keys',
  // a second factor re-enrolled or reset replaces its recovery codes; spent single sign-on attempts are swept
  'user_recovery_codes',
  'oidc_authorizations',
  // report_timeliness_rebuild() (a repair the app may run) empties and refills the summary
  'report_timeliness_monthly',
];

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A role problem, reported as one line that says what is wrong and how to fix it. */
export class DatabaseRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseRoleError';
  }
}

/** The role a connection URL logs in as (its user name). */
export function roleOfUrl(url: string, variable = 'DATABASE_URL'): string {
  const user = decodeURIComponent(new URL(url).username);
  if (!ROLE_NAME.test(user)) {
    throw new DatabaseRoleError(`${variable} must name its PostgreSQL user (lower-case letters, digits and "_"), e.g. postgres://ehcp_app@host:5432/ehcp; got "${user}".`);
  }
  return user;
}

const ident = (name: string) => `"${name}"`;

/**
 * Creates the app role when it does not exist (local development and tests; in production the operator creates it):
 * LOGIN, with the password in `appUrl` if there is one (none under local trust auth), and none of the attributes that
 * would lift its limits. Roles are cluster-wide, so two processes (two `npm start`s, parallel jest runs) may race:
 * the loser's duplicate_object, or unique_violation on pg_authid, means the role is there. An existing role is left
 * as it is (its password is the operator's); `grantAppRole` refuses one with dangerous attributes.
 */
export async function ensureAppRole(owner: Client, appUrl: string): Promise<boolean> {
  const role = roleOfUrl(appUrl);
  const exists = await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (exists.rowCount) return false;
  const password = decodeURIComponent(new URL(appUrl).password);
  try {
    await owner.query(
      `CREATE ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS${password ? ` PASSWORD ${owner.escapeLiteral(password)}` : ''}`,
    );
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '42710' || code === '23505') return false;
    throw error;
  }
}

/** Why `role` could rewrite the audit trail or the schema despite the grants: empty when it cannot. */
export async function appRoleProblems(owner: Client, role: string): Promise<string[]> {
  const { rows } = await owner.query<{ rolsuper: boolean; rolcreaterole: boolean; rolbypassrls: boolean; is_owner: boolean; owns: string[] }>(
    `SELECT r.rolsuper, r.rolcreaterole, r.rolbypassrls,
            pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = 'public.audit_events'::regclass), 'MEMBER') AS is_owner,
            ARRAY(SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'public' AND pg_has_role(r.oid, c.relowner, 'MEMBER') ORDER BY 1 LIMIT 3) AS owns
       FROM pg_roles r WHERE r.rolname = $1`,
    [role],
  );
  const row = rows[0];
  if (!row) return [`role "${role}" does not exist`];
  const problems: string[] = [];
  if (row.rolsuper) problems.push(`"${role}" is a superuser`);
  if (row.rolcreaterole) problems.push(`"${role}" has CREATEROLE (it could grant itself the owner's rights)`);
  if (row.rolbypassrls) problems.push(`"${role}" has BYPASSRLS`);
  if (row.is_owner) problems.push(`"${role}" is (or is a member of) the owner of the tables`);
  else if (row.owns.length > 0) problems.push(`"${role}" owns tables (${row.owns.join(', ')})`);
  return problems;
}

/**
 * Gives the app role exactly its rights on everything in the public schema, run as the owner after every migrate
 * (so tables added by any migration are covered) and idempotent: revoke everything, grant DML on every table and use
 * of every sequence, then take back UPDATE, DELETE and TRUNCATE on the append-only tables and everything on the
 * owner-only ones. One transaction, so the app never sees a moment without its rights.
 */
export async function grantAppRole(owner: Client, role: string): Promise<void> {
  if (!ROLE_NAME.test(role)) throw new DatabaseRoleError(`"${role}" is not a role name this step accepts.`);
  const { rows } = await owner.query<{ me: string }>('SELECT current_user AS me');
  if (rows[0].me === role) {
    throw new DatabaseRoleError(
      `DATABASE_URL and DATABASE_OWNER_URL both connect as "${role}": the app must not connect as the owner of the tables. Point DATABASE_URL at the app role (default ehcp_app; docs/runbook.md, "Database roles").`,
    );
  }
  const problems = await appRoleProblems(owner, role);
  if (problems.length > 0) {
    throw new DatabaseRoleError(`The app role cannot be used: ${problems.join('; ')}. Create it as in docs/runbook.md ("Database roles").`);
  }
  const app = ident(role);
  const tables = async (names: readonly string[]) =>
    (await owner.query<{ name: string }>(`SELECT quote_ident(relname) AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1)`, [names])).rows.map((r) => r.name);
  await owner.query('BEGIN');
  try {
    // Two migrate steps at once on one database would otherwise race on the same catalog rows ("tuple concurrently
    // updated"); advisory locks are per database, so other databases (test clones) do not wait.
    await owner.query(`SELECT pg_advisory_xact_lock(hashtext('ehcp:grant-app-role'))`);
    // PostgreSQL 15 already keeps PUBLIC from creating objects in public; older clusters did not (a warning only when
    // the owner is not the schema's owner).
    await owner.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    await owner.query(`REVOKE CREATE ON SCHEMA public FROM ${app}`);
    await owner.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await owner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`);
    await owner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    await owner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    const keep = await owner.query<{ name: string }>(
      `SELECT quote_ident(relname) AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT (relname = ANY($1))`,
      [DELETABLE_TABLES],
    );
    if (keep.rows.length > 0) await owner.query(`REVOKE DELETE ON ${keep.rows.map((r) => r.name).join(', ')} FROM ${app}`);
    const appendOnly = await tables(APPEND_ONLY_TABLES);
    if (appendOnly.length > 0) await owner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${appendOnly.join(', ')} FROM ${app}`);
    const ownerOnly = await tables(OWNER_ONLY_TABLES);
    if (ownerOnly.length > 0) await owner.query(`REVOKE ALL ON ${ownerOnly.join(', ')} FROM ${app}`);
    // Rights can also come through a role it belongs to (pg_write_all_data, a group granted UPDATE): check the result.
    const { rows: leaks } = await owner.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND relname = ANY($2)
          AND (has_table_privilege($1, oid, 'UPDATE') OR has_table_privilege($1, oid, 'DELETE') OR has_table_privilege($1, oid, 'TRUNCATE'))
        ORDER BY relname`,
      [role, APPEND_ONLY_TABLES],
    );
    if (leaks.length > 0) {
      throw new DatabaseRoleError(
        `"${role}" may still UPDATE, DELETE or TRUNCATE ${leaks.map((l) => l.name).join(', ')} through a role it belongs to (e.g. pg_write_all_data): revoke that membership.`,
      );
    }
    await owner.query('COMMIT');
  } catch (error) {
    await owner.query('ROLLBACK');
    throw error;
  }
}

/** The app's own check at start-up: what the connected role could do that it must not (empty when nothing). */
export const CURRENT_ROLE_PROBLEMS_SQL = `
  SELECT array_remove(ARRAY[
           CASE WHEN r.rolsuper THEN 'it is a superuser' END,
           CASE WHEN r.rolcreaterole THEN 'it has CREATEROLE' END,
           CASE WHEN pg_has_role(current_user, c.relowner, 'MEMBER') THEN 'it owns the tables' END,
           CASE WHEN has_table_privilege(c.oid, 'UPDATE') OR has_table_privilege(c.oid, 'DELETE') OR has_table_privilege(c.oid, 'TRUNCATE')
                THEN 'it may UPDATE, DELETE or TRUNCATE audit_events' END
         ], NULL) AS problems, current_user AS role
    FROM pg_roles r, pg_class c
   WHERE r.rolname = current_user AND c.oid = 'public.audit_events'::regclass`;
