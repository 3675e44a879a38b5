import { createTestDatabase, dropTestDatabase, openDataSource } from '@app/testing';
import { leanRowMapper } from '@app/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AssessmentException } from './entities/assessment-exception.entity';
import { Assessment } from './entities/assessment.entity';

/**
 * The assessment read builds its entities from plain rows (leanRowMapper) instead of TypeORM's query builder: they
 * must equal what TypeORM makes of the same rows, field for field and type for type, whichever way the row arrived
 * (`SELECT a.*`, or `row_to_json` inside a JSON aggregate).
 */
describe('lean rows for the assessment read (integration)', () => {
  let url: string;
  let dataSource: DataSource;
  let assessmentId: string;

  beforeAll(async () => {
    url = await createTestDatabase();
    dataSource = await openDataSource(url);
    const [la] = await dataSource.query(`INSERT INTO local_authorities (name, code) VALUES ('Lean LA', '901') RETURNING id`);
    const [user] = await dataSource.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) VALUES ($1, 'cw@lean.test', 'CW', 'x', 'caseworker') RETURNING id`, [la.id]);
    const [child] = await dataSource.query(`INSERT INTO children (local_authority_id, given_name, family_name, search_name, date_of_birth) VALUES ($1, 'A', 'B', 'a b', '2015-01-01') RETURNING id`, [la.id]);
    assessmentId = randomUUID();
    await dataSource.query(
      `INSERT INTO assessments (id, local_authority_id, child_id, status, request_received_on, request_source, caseworker_id, decision_to_assess, decision_to_assess_on, exceptions_apply, imported)
       VALUES ($1, $2, $3, 'assessing', '2026-01-05', 'parent', $4, 'assess', '2026-02-02', true, false)`,
      [assessmentId, la.id, child.id, user.id],
    );
    for (const startsOn of ['2026-02-10', '2026-03-01']) {
      await dataSource.query(
        `INSERT INTO assessment_exceptions (assessment_id, local_authority_id, ground, affects, starts_on, ends_on, reason, recorded_by_id) VALUES ($1, $2, 'absence_from_area', ARRAY['final_plan', 'decision_to_assess'], $3, NULL, 'Away', $4)`,
        [assessmentId, la.id, startsOn, user.id],
      );
    }
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropTestDatabase(url);
  });

  it('maps a `SELECT *` row as TypeORM does', async () => {
    const [row] = await dataSource.query(`SELECT * FROM assessments WHERE id = $1`, [assessmentId]);
    const lean = leanRowMapper(dataSource, Assessment)(row);
    const orm = await dataSource.getRepository(Assessment).findOneByOrFail({ id: assessmentId });
    expect(lean).toBeInstanceOf(Assessment);
    expect(lean).toEqual(orm);
    expect(lean.createdAt).toBeInstanceOf(Date);
    expect(lean.requestReceivedOn).toBe('2026-01-05');
  });

  it('maps rows that arrived as JSON (timestamps as strings, arrays, dates) as TypeORM does', async () => {
    const [row] = await dataSource.query(`SELECT json_agg(row_to_json(e) ORDER BY e.starts_on) AS items FROM assessment_exceptions e WHERE e.assessment_id = $1`, [assessmentId]);
    const lean = (row.items as Record<string, unknown>[]).map(leanRowMapper(dataSource, AssessmentException));
    const orm = await dataSource.getRepository(AssessmentException).find({ where: { assessmentId }, order: { startsOn: 'ASC' } });
    expect(lean).toHaveLength(2);
    expect(lean).toEqual(orm);
    expect(lean[0].createdAt).toBeInstanceOf(Date);
    expect(lean[0].affects).toEqual(['final_plan', 'decision_to_assess']);
  });
});
