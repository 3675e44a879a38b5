import { Actor, Role } from '@app/core';
import { startServices, TestServices } from '@app/testing/services';
import { CaseImportModule } from './case-import.module';
import { CaseImportService } from './case-import.service';

const line = (value: object) => JSON.stringify(value);

/**
 * The import's rules, in its service against a real PostgreSQL: each line replayed through the live commands in its
 * own transaction, a refused line (bad JSON, a broken rule half-way through its history) writing nothing at all, and
 * a child known by an identifier found rather than created twice.
 */
describe('CaseImportService (integration)', () => {
  let s: TestServices;
  let manager: Actor;
  let imports: CaseImportService;

  beforeAll(async () => {
    s = await startServices([CaseImportModule], { now: new Date('2026-03-02T12:00:00Z') });
    imports = s.get(CaseImportService);
    const [la] = await s.dataSource.query(`INSERT INTO local_authorities (name, code) VALUES ('Import LA', '903') RETURNING id`);
    const [row] = await s.dataSource.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) VALUES ($1, 'manager@import.test', 'Manager', 'x', 'manager') RETURNING id`, [la.id]);
    manager = { userId: row.id, localAuthorityId: la.id, role: Role.Manager, discipline: null, memberships: [], requestId: 'int-import' };
  });
  afterAll(() => s.close());

  const count = async (sql: string, params: unknown[] = []): Promise<number> => (await s.dataSource.query(sql, params))[0].n;

  it('imports good lines through the live commands and refuses the others with their reasons, each line on its own', async () => {
    const report = await imports.importLines(manager, [
      line({ externalReference: 'OLD-1', child: { givenName: 'Ada', familyName: 'Imported', dateOfBirth: '2015-12-10' }, requestReceivedOn: '2025-01-06', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2025-02-10' } }),
      '{not json',
      '',
      // A decision dated after today: refused by the same rule as live work, after the child and the request were written.
      line({ externalReference: 'OLD-3', child: { givenName: 'Rolled', familyName: 'Back', dateOfBirth: '2016-01-01' }, requestReceivedOn: '2026-01-05', requestSource: 'parent', decisionToAssess: { decision: 'assess', decidedOn: '2026-06-01' } }),
    ]);
    expect(report).toMatchObject({ imported: 1, rejected: 2 });
    expect(report.results.map((r) => [r.line, r.externalReference, r.status])).toEqual([
      [1, 'OLD-1', 'imported'],
      [2, null, 'rejected'],
      [4, 'OLD-3', 'rejected'],
    ]);
    expect(report.results[1].errors).toEqual([expect.objectContaining({ code: 'malformed_json' })]);
    expect(report.results[2].errors?.[0]).toMatchObject({ field: 'decidedOn' });

    const [imported] = await s.dataSource.query(`SELECT status, imported, decision_to_assess, local_authority_id FROM assessments WHERE id = $1`, [report.results[0].assessmentId]);
    expect(imported).toMatchObject({ status: 'assessing', imported: true, decision_to_assess: 'assess', local_authority_id: manager.localAuthorityId });
    expect(await count(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'assessment.imported' AND entity_id = $1`, [report.results[0].assessmentId])).toBe(1);
    // The refused line left nothing behind: no child, no assessment, no deadline, no audit of an import.
    expect(await count(`SELECT count(*)::int AS n FROM children WHERE family_name = 'Back'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM assessments WHERE request_received_on = '2026-01-05'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'assessment.imported'`)).toBe(1);
  });

  it('finds a child already known by an identifier instead of creating them again', async () => {
    const child = { givenName: 'Zoë', familyName: 'Twice', dateOfBirth: '2017-04-12', upn: 'D201000012340' };
    const report = await imports.importLines(manager, [
      line({ child, requestReceivedOn: '2024-01-08', requestSource: 'parent', decisionToAssess: { decision: 'refuse', decidedOn: '2024-02-12' } }),
      line({ child, requestReceivedOn: '2025-01-06', requestSource: 'school' }),
    ]);
    expect(report).toMatchObject({ imported: 2, rejected: 0 });
    const rows = await s.dataSource.query(`SELECT DISTINCT child_id FROM assessments WHERE id = ANY($1::uuid[])`, [report.results.map((r) => r.assessmentId)]);
    expect(rows).toHaveLength(1);
    expect(await count(`SELECT count(*)::int AS n FROM children WHERE family_name = 'Twice'`)).toBe(1);
  });
});
