import { Actor, Role } from '@app/core';
import { startServices, TestServices } from '@app/testing/services';
import { AuthService } from './auth/auth.service';
import { ClientContext } from './auth/sessions.service';
import { IdentityModule } from './identity.module';
import { EmailTakenError, InvalidCredentialsError } from './identity.errors';
import { UsersService } from './users.service';

const PASSWORD = 'a-long-enough-password';
const CLIENT: ClientContext = { userAgent: 'identity test', address: '127.0.0.1', requestId: 'r' };

/**
 * The identity rules that live in its services, against a real PostgreSQL: new accounts (email normalised and
 * unique, the password hashed at the configured cost, audited) and the sign-in lockout (LOGIN_MAX_ATTEMPTS failures
 * within LOGIN_FAILURE_WINDOW_MINUTES lock the account for LOGIN_LOCKOUT_MINUTES, even for the right password).
 */
describe('UsersService and AuthService (integration)', () => {
  let s: TestServices;
  let admin: Actor;
  let users: UsersService;
  let auth: AuthService;

  beforeAll(async () => {
    s = await startServices([IdentityModule], { now: new Date('2026-03-02T10:00:00Z'), config: { loginMaxAttempts: 3, loginLockoutMinutes: 15, loginFailureWindowMinutes: 10 } });
    users = s.get(UsersService);
    auth = s.get(AuthService);
    const [la] = await s.dataSource.query(`INSERT INTO local_authorities (name, code) VALUES ('Identity LA', '902') RETURNING id`);
    const [row] = await s.dataSource.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) VALUES ($1, 'admin@identity.test', 'Admin', 'x', 'la_admin') RETURNING id`, [la.id]);
    admin = { userId: row.id, localAuthorityId: la.id, role: Role.LaAdmin, discipline: null, memberships: [], requestId: 'int-identity' };
  });
  afterAll(() => s.close());

  const later = (minutes: number) => s.clock.set(new Date(s.clock.now().getTime() + minutes * 60_000));
  const newUser = (email: string) => users.create(admin, { email, displayName: 'Casey Worker', role: Role.Caseworker, password: PASSWORD });
  const lockedUntil = async (id: string): Promise<Date | null> => (await s.dataSource.query(`SELECT locked_until FROM users WHERE id = $1`, [id]))[0].locked_until;

  it('creates an account with its email normalised, its password hashed at the configured cost, and audits it; one email, one account', async () => {
    const user = await newUser('  Casey.Worker@Identity.TEST ');
    const [row] = await s.dataSource.query(`SELECT email, password_hash, local_authority_id FROM users WHERE id = $1`, [user.id]);
    expect(row.email).toBe('casey.worker@identity.test');
    expect(row.local_authority_id).toBe(admin.localAuthorityId);
    expect(row.password_hash).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${s.config.passwordHashMemoryKib},p=4,t=${s.config.passwordHashTimeCost}\\$`));
    expect(row.password_hash).not.toContain(PASSWORD);
    const audit = await s.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1`, [user.id]);
    expect(audit).toEqual([{ action: 'user.created' }]);
    await expect(newUser('CASEY.WORKER@identity.test')).rejects.toBeInstanceOf(EmailTakenError);
    expect((await s.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE email = 'casey.worker@identity.test'`))[0].n).toBe(1);
  });

  it('locks an account after the third failure in the window, refuses even the right password while locked, and lets it in after', async () => {
    const user = await newUser('locked@identity.test');
    for (let i = 0; i < 2; i += 1) await expect(auth.login(user.email, 'wrong-password', CLIENT)).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(await lockedUntil(user.id)).toBeNull();
    await expect(auth.login(user.email, 'wrong-password', CLIENT)).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(await lockedUntil(user.id)).toEqual(new Date(s.clock.now().getTime() + 15 * 60_000));
    later(14);
    await expect(auth.login(user.email, PASSWORD, CLIENT)).rejects.toBeInstanceOf(InvalidCredentialsError);
    later(2);
    const signedIn = await auth.login(user.email, PASSWORD, CLIENT);
    expect(signedIn).toMatchObject({ tokenType: 'Bearer', expiresIn: s.config.jwtTtlSeconds });
    const actions = (await s.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY occurred_at, id`, [user.id])).map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['user.login_failed', 'user.locked', 'user.login_refused_locked', 'user.logged_in']));
  });

  it('does not add up failures further apart than the window: typos weeks apart never lock anyone out', async () => {
    const user = await newUser('typos@identity.test');
    for (let i = 0; i < 2; i += 1) await expect(auth.login(user.email, 'wrong-password', CLIENT)).rejects.toBeInstanceOf(InvalidCredentialsError);
    later(11); // past the 10-minute window of the first failure
    for (let i = 0; i < 2; i += 1) await expect(auth.login(user.email, 'wrong-password', CLIENT)).rejects.toBeInstanceOf(InvalidCredentialsError);
    expect(await lockedUntil(user.id)).toBeNull();
    await expect(auth.login(user.email, PASSWORD, CLIENT)).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});
