import { Discipline, Role } from '@app/core';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/app';

/**
 * Tenancy: a user of one local authority gets 404 for every record of another, by id, by search and by listing.
 * Each endpoint that takes an id is listed here; add new ones as they are built.
 */
describe('local authority isolation (e2e)', () => {
  let t: TestApp;
  let home: { caseworker: TestUser; admin: TestUser; manager: TestUser; professional: TestUser };
  let away: { caseworker: TestUser; admin: TestUser; manager: TestUser };
  let homeChildId: string;
  let homeContactId: string;
  let homeOrgId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const homeLa = await createLocalAuthority(t.dataSource, 'Home LA');
    const awayLa = await createLocalAuthority(t.dataSource, 'Away LA');
    homeOrgId = await createOrganisation(t.dataSource, [homeLa.id]);
    home = {
      caseworker: await createUser(t.dataSource, t.http, homeLa.id, Role.Caseworker),
      admin: await createUser(t.dataSource, t.http, homeLa.id, Role.LaAdmin),
      manager: await createUser(t.dataSource, t.http, homeLa.id, Role.Manager),
      professional: await createUser(t.dataSource, t.http, homeLa.id, Role.Professional, { discipline: Discipline.Health, organisationId: homeOrgId }),
    };
    away = {
      caseworker: await createUser(t.dataSource, t.http, awayLa.id, Role.Caseworker),
      admin: await createUser(t.dataSource, t.http, awayLa.id, Role.LaAdmin),
      manager: await createUser(t.dataSource, t.http, awayLa.id, Role.Manager),
    };
    const child = await t.http
      .post('/api/v1/children')
      .set(bearer(home.caseworker))
      .send({ givenName: 'Hidden', familyName: 'Child', dateOfBirth: '2015-01-01', upn: 'D201000012340', contacts: [{ name: 'Hidden Parent', relationship: 'parent' }] })
      .expect(201);
    homeChildId = child.body.id;
    homeContactId = child.body.contacts[0].id;
  });
  afterAll(() => t.close());

  const byId = () => [
    { who: 'caseworker', method: 'get', path: `/api/v1/children/${homeChildId}` },
    { who: 'caseworker', method: 'patch', path: `/api/v1/children/${homeChildId}`, body: { familyName: 'X' }, ifMatch: '"1"' },
    { who: 'caseworker', method: 'post', path: `/api/v1/children/${homeChildId}/contacts`, body: { name: 'X', relationship: 'parent' } },
    { who: 'caseworker', method: 'patch', path: `/api/v1/children/${homeChildId}/contacts/${homeContactId}`, body: { name: 'X' } },
    { who: 'caseworker', method: 'delete', path: `/api/v1/children/${homeChildId}/contacts/${homeContactId}` },
    { who: 'admin', method: 'get', path: `/api/v1/users/${home.caseworker.id}` },
    { who: 'admin', method: 'patch', path: `/api/v1/users/${home.caseworker.id}`, body: { active: false } },
    { who: 'admin', method: 'get', path: `/api/v1/organisations/${homeOrgId}` },
  ] as const;

  it('answers 404, never 403 or the record, for every id of another LA', async () => {
    for (const request of byId()) {
      const user = away[request.who];
      let call = t.http[request.method](request.path).set(bearer(user));
      if ('ifMatch' in request) call = call.set('if-match', request.ifMatch);
      const response = await ('body' in request ? call.send(request.body) : call);
      expect({ path: request.path, method: request.method, status: response.status }).toEqual({ path: request.path, method: request.method, status: 404 });
      expect(JSON.stringify(response.body)).not.toContain('Hidden');
    }
    // Nothing was changed by those attempts.
    const read = await t.http.get(`/api/v1/children/${homeChildId}`).set(bearer(home.caseworker)).expect(200);
    expect(read.body).toMatchObject({ familyName: 'Child', version: 1 });
    expect(read.body.contacts).toHaveLength(1);
  });

  it('never lists or finds another LA’s records', async () => {
    for (const query of ['q=hidden', 'identifier=D201000012340', 'dateOfBirth=2015-01-01', '']) {
      const response = await t.http.get(`/api/v1/children?${query}`).set(bearer(away.caseworker)).expect(200);
      expect(response.body.items.map((c: { id: string }) => c.id)).not.toContain(homeChildId);
    }
    const users = await t.http.get('/api/v1/users?limit=200').set(bearer(away.admin)).expect(200);
    expect(users.body.items.every((u: { localAuthorityId: string }) => u.localAuthorityId === away.admin.localAuthorityId)).toBe(true);
    const organisations = await t.http.get('/api/v1/organisations').set(bearer(away.caseworker)).expect(200);
    expect(organisations.body.map((o: { id: string }) => o.id)).not.toContain(homeOrgId);
    const audit = await t.http.get(`/api/v1/audit?entityType=child&entityId=${homeChildId}`).set(bearer(away.manager)).expect(200);
    expect(audit.body.items).toEqual([]);
  });

  it('lets the home LA see its own records', async () => {
    await t.http.get(`/api/v1/children/${homeChildId}`).set(bearer(home.caseworker)).expect(200);
    const audit = await t.http.get(`/api/v1/audit?entityType=child&entityId=${homeChildId}`).set(bearer(home.manager)).expect(200);
    expect(audit.body.items.length).toBeGreaterThan(0);
  });

  it('gives a professional 404 for a child with no work addressed to them, even in their own LA', async () => {
    await t.http.get(`/api/v1/children/${homeChildId}`).set(bearer(home.professional)).expect(404);
    await t.http.get('/api/v1/children').set(bearer(home.professional)).expect(403);
  });
});
