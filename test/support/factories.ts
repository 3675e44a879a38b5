import { randomBytes } from 'node:crypto';
import { Discipline, Role } from '@app/core';
import { hashPassword } from '@app/identity';
import { DataSource } from 'typeorm';
import TestAgent from 'supertest/lib/agent';
import { TEST_PASSWORD_HASH_COST } from './test-env';

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

function unique(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  localAuthorityId: string;
  organisationId: string | null;
  token: string;
}

export interface TestLocalAuthority {
  id: string;
  name: string;
  code: string;
}

/**
 * Tests make their own tenants and users rather than relying on demo data or an empty database. A test LA requires
 * no second factor unless asked (`mfaRequiredFor`), so that createUser signs every role in with a password alone.
 */
export async function createLocalAuthority(dataSource: DataSource, name = unique('Test LA'), mfaRequiredFor: 'none' | 'admins_and_managers' | 'everyone' = 'none'): Promise<TestLocalAuthority> {
  const code = String(100 + Math.floor(Math.random() * 899));
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO local_authorities (name, code, mfa_required_for) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING id`,
    [name, code, mfaRequiredFor],
  );
  if (!row) return createLocalAuthority(dataSource, name, mfaRequiredFor);
  return { id: row.id, name, code };
}

/**
 * An organisation record of one LA (each LA keeps its own records: docs/security.md). Takes a one-element list for
 * the tests written when a record could serve several LAs; more than one is a mistake in the test.
 */
export async function createOrganisation(dataSource: DataSource, localAuthority: string | [string], kind = 'nhs_body', name = unique('Org')): Promise<string> {
  const localAuthorityId = Array.isArray(localAuthority) ? localAuthority[0] : localAuthority;
  if (Array.isArray(localAuthority) && localAuthority.length !== 1) throw new Error('An organisation record belongs to one LA: create one per LA and admit members to each.');
  const [row] = await dataSource.query<{ id: string }[]>(`INSERT INTO organisations (local_authority_id, name, kind) VALUES ($1, $2, $3) RETURNING id`, [localAuthorityId, name, kind]);
  return row.id;
}

/** Admits a user to an organisation, as its LA's administrator would (POST /organisations/:id/members). */
export async function admitMember(dataSource: DataSource, organisationId: string, userId: string): Promise<void> {
  await dataSource.query(
    `INSERT INTO organisation_members (organisation_id, user_id, local_authority_id) SELECT id, $2, local_authority_id FROM organisations WHERE id = $1 ON CONFLICT DO NOTHING`,
    [organisationId, userId],
  );
}

export async function createUser(
  dataSource: DataSource,
  http: TestAgent,
  localAuthorityId: string,
  role: Role,
  options: { discipline?: Discipline; organisationId?: string; email?: string } = {},
): Promise<TestUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD, TEST_PASSWORD_HASH_COST);
  const email = options.email ?? `${unique(role)}@test.example`;
  const discipline = role === Role.Professional ? (options.discipline ?? Discipline.Health) : null;
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO users (local_authority_id, email, display_name, password_hash, role, discipline)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [localAuthorityId, email, `Test ${role}`, await passwordHash, role, discipline],
  );
  if (options.organisationId) await admitMember(dataSource, options.organisationId, row.id);
  const response = await http.post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
  return { id: row.id, email, role, localAuthorityId, organisationId: options.organisationId ?? null, token: response.body.accessToken as string };
}

export function bearer(user: TestUser): Record<string, string> {
  return { authorization: `Bearer ${user.token}` };
}
