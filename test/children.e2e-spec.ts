import { Role } from '@app/core';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/app';

const VALID_UPN = 'D201000012340';
const VALID_NHS = '9434765919';

describe('children (e2e)', () => {
  let t: TestApp;
  let caseworker: TestUser;
  let manager: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ now: new Date('2026-03-02T10:00:00Z') });
    const la = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    manager = await createUser(t.dataSource, t.http, la.id, Role.Manager);
  });
  afterAll(() => t.close());

  async function countRows(table: string): Promise<number> {
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM ${table}`);
    return count;
  }

  it('creates a child with contacts, reads it back with decision rights, and audits both', async () => {
    const created = await t.http
      .post('/api/v1/children')
      .set(bearer(caseworker))
      .send({ givenName: 'Zoë', familyName: 'Łukasz-Şükrü', dateOfBirth: '2016-03-14', upn: 'd2010 0001 2340', nhsNumber: '943 476 5919', postcode: 'sw1a1aa', contacts: [{ name: 'Siân Jones', relationship: 'mother', isMainContact: true }] })
      .expect(201);
    expect(created.body).toMatchObject({ givenName: 'Zoë', familyName: 'Łukasz-Şükrü', dateOfBirth: '2016-03-14', upn: VALID_UPN, nhsNumber: VALID_NHS, postcode: 'SW1A 1AA', version: 1 });
    expect(created.body.contacts).toHaveLength(1);
    expect(created.headers.etag).toBe('"1"');

    const read = await t.http.get(`/api/v1/children/${created.body.id}`).set(bearer(caseworker)).expect(200);
    expect(read.body.decisionRights).toMatchObject({ holder: 'parent', compulsorySchoolAgeEndsOn: '2032-06-25' });

    const audit = await t.http.get(`/api/v1/audit?entityType=child&entityId=${created.body.id}`).set(bearer(manager)).expect(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['child.created', 'child.contact_added', 'child.read']));
    const creation = audit.body.items.find((e: { action: string }) => e.action === 'child.created');
    expect(creation).toMatchObject({ actorUserId: caseworker.id, changes: { givenName: { before: null, after: 'Zoë' } }, requestId: expect.any(String) });
  });

  it('gives decision rights to a young person past compulsory school age', async () => {
    const created = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Young', familyName: 'Person', dateOfBirth: '2008-01-10' }).expect(201);
    expect(created.body.decisionRights.holder).toBe('young_person');
  });

  it('refuses a second child with the same NHS number or UPN in the LA, naming the existing record', async () => {
    const first = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Dup', familyName: 'One', dateOfBirth: '2015-01-01', nhsNumber: '4010232137' }).expect(201);
    const dup = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Dup', familyName: 'Two', dateOfBirth: '2015-01-01', nhsNumber: '401 023 2137' }).expect(409);
    expect(dup.body).toMatchObject({ code: 'duplicate_nhs_number', existingId: first.body.id });
    expect(dup.body.detail).toContain(first.body.id);
  });

  it('updates with optimistic locking: 428 without If-Match, 412 when stale, audited changes', async () => {
    const created = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Edit', familyName: 'Me', dateOfBirth: '2015-05-05' }).expect(201);
    const id = created.body.id;
    await t.http.patch(`/api/v1/children/${id}`).set(bearer(caseworker)).send({ familyName: 'Changed' }).expect(428);
    const updated = await t.http.patch(`/api/v1/children/${id}`).set(bearer(caseworker)).set('if-match', '"1"').send({ familyName: 'Changed' }).expect(200);
    expect(updated.body).toMatchObject({ familyName: 'Changed', version: 2 });
    expect(updated.headers.etag).toBe('"2"');
    const stale = await t.http.patch(`/api/v1/children/${id}`).set(bearer(caseworker)).set('if-match', '"1"').send({ familyName: 'Lost' }).expect(412);
    expect(stale.body).toMatchObject({ code: 'stale_version', currentVersion: 2 });
    const [row] = await t.dataSource.query(`SELECT changes FROM audit_events WHERE entity_id = $1 AND action = 'child.updated'`, [id]);
    expect(row.changes).toEqual({ familyName: { before: 'Me', after: 'Changed' } });
  });

  it('lets only one of two concurrent edits of the same version win', async () => {
    const created = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Race', familyName: 'Condition', dateOfBirth: '2015-05-05' }).expect(201);
    const edits = await Promise.all(
      ['A', 'B'].map((name) => t.http.patch(`/api/v1/children/${created.body.id}`).set(bearer(caseworker)).set('if-match', '"1"').send({ familyName: `Race${name}` })),
    );
    expect(edits.map((r) => r.status).sort()).toEqual([200, 412]);
  });

  it('searches by name prefix, date of birth and identifier, with cursor pagination', async () => {
    for (let i = 0; i < 5; i += 1) {
      await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: `Page${'ABCDE'[i]}`, familyName: 'Searchable', dateOfBirth: '2013-02-28' }).expect(201);
    }
    const byName = await t.http.get('/api/v1/children?q=searchab').set(bearer(caseworker)).expect(200);
    expect(byName.body.items).toHaveLength(5);
    const byFullName = await t.http.get('/api/v1/children?q=pagec%20search').set(bearer(caseworker)).expect(200);
    expect(byFullName.body.items.map((c: { givenName: string }) => c.givenName)).toEqual(['PageC']);
    const byDob = await t.http.get('/api/v1/children?dateOfBirth=2013-02-28').set(bearer(caseworker)).expect(200);
    expect(byDob.body.items).toHaveLength(5);
    const byUpn = await t.http.get(`/api/v1/children?identifier=${VALID_UPN}`).set(bearer(caseworker)).expect(200);
    expect(byUpn.body.items).toHaveLength(1);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http
        .get(`/api/v1/children?q=searchable&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(caseworker))
        .expect(200);
      seen.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);
  });

  describe('bad input: a 400 naming the field, nothing written', () => {
    const valid = { givenName: 'Valid', familyName: 'Child', dateOfBirth: '2015-01-01' };

    it.each([
      ['an impossible date', { ...valid, dateOfBirth: '2015-02-30' }, 'dateOfBirth'],
      ['a date in another format', { ...valid, dateOfBirth: '01/02/2015' }, 'dateOfBirth'],
      ['a date of birth in the future', { ...valid, dateOfBirth: '2030-01-01' }, 'dateOfBirth'],
      ['an unknown field', { ...valid, favouriteColour: 'blue' }, 'favouriteColour'],
      ['a wrong type', { ...valid, givenName: 42 }, 'givenName'],
      ['a missing field', { givenName: 'Only' }, 'familyName'],
      ['a bad UPN check letter', { ...valid, upn: 'A201000012340' }, 'upn'],
      ['a bad NHS number check digit', { ...valid, nhsNumber: '9434765918' }, 'nhsNumber'],
      ['a bad ULN', { ...valid, uln: '12345' }, 'uln'],
      ['a bad postcode', { ...valid, postcode: 'nowhere' }, 'postcode'],
      ['a bad nested contact', { ...valid, contacts: [{ name: 'X', relationship: 'aunt-ish' }] }, 'contacts.0.relationship'],
    ])('%s', async (_label, body, field) => {
      const before = await countRows('children');
      const response = await t.http.post('/api/v1/children').set(bearer(caseworker)).send(body).expect(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, code: 'validation_failed', type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await countRows('children')).toBe(before);
    });

    it('malformed JSON', async () => {
      const response = await t.http.post('/api/v1/children').set(bearer(caseworker)).set('content-type', 'application/json').send('{"givenName": ').expect(400);
      expect(response.body).toMatchObject({ status: 400, code: 'malformed_json' });
    });

    it('an invalid UUID in the path', async () => {
      const response = await t.http.get('/api/v1/children/not-a-uuid').set(bearer(caseworker)).expect(400);
      expect(response.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });

    it('a body over 1 MB is a 413', async () => {
      const response = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ ...valid, givenName: 'x'.repeat(1024 * 1024 + 10) }).expect(413);
      expect(response.body).toMatchObject({ status: 413, code: 'payload_too_large' });
    });

    it('a bad query parameter', async () => {
      const response = await t.http.get('/api/v1/children?dateOfBirth=2015-13-01&limit=9999').set(bearer(caseworker)).expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dateOfBirth', 'limit']);
    });

    it('a forged cursor', async () => {
      const response = await t.http.get('/api/v1/children?cursor=bm9wZQ').set(bearer(caseworker)).expect(400);
      expect(response.body.errors[0].field).toBe('cursor');
    });

    it('an unknown route is a problem+json 404', async () => {
      const response = await t.http.get('/api/v1/nowhere').set(bearer(caseworker)).expect(404);
      expect(response.body).toMatchObject({ status: 404, code: 'not_found' });
    });
  });
});
