import { randomBytes } from 'node:crypto';
import { Discipline, Role } from '@app/core';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';
import TestAgent from 'supertest/lib/agent';

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

/** Tests make their own tenants and users rather than relying on demo data or an empty database. */
export async function createLocalAuthority(dataSource: DataSource, name = unique('Test LA')): Promise<TestLocalAuthority> {
  const code = String(100 + Math.floor(Math.random() * 899));
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO local_authorities (name, code) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING id`,
    [name, code],
  );
  if (!row) return createLocalAuthority(dataSource, name);
  return { id: row.id, name, code };
}

export async function createOrganisation(dataSource: DataSource, localAuthorityIds: string[], kind = 'nhs_body', name = unique('Org')): Promise<string> {
  const [row] = await dataSource.query<{ id: string }[]>(`INSERT INTO organisations (name, kind) VALUES ($1, $2) RETURNING id`, [name, kind]);
  for (const la of localAuthorityIds) {
    await dataSource.query(`INSERT INTO organisation_local_authorities (organisation_id, local_authority_id) VALUES ($1, $2)`, [row.id, la]);
  }
  return row.id;
}

export async function createUser(
  dataSource: DataSource,
  http: TestAgent,
  localAuthorityId: string,
  role: Role,
  options: { discipline?: Discipline; organisationId?: string; email?: string } = {},
): Promise<TestUser> {
  passwordHash ??= argon2.hash(TEST_PASSWORD);
  const email = options.email ?? `${unique(role)}@test.example`;
  const discipline = role === Role.Professional ? (options.discipline ?? Discipline.Health) : null;
  const [row] = await dataSource.query<{ id: string }[]>(
    `INSERT INTO users (local_authority_id, organisation_id, email, display_name, password_hash, role, discipline)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [localAuthorityId, options.organisationId ?? null, email, `Test ${role}`, await passwordHash, role, discipline],
  );
  const response = await http.post('/api/v1/auth/login').send({ email, password: TEST_PASSWORD }).expect(200);
  return { id: row.id, email, role, localAuthorityId, organisationId: options.organisationId ?? null, token: response.body.accessToken as string };
}

export function bearer(user: TestUser): Record<string, string> {
  return { authorization: `Bearer ${user.token}` };
}
