import { createTestDatabase, dropTestDatabase, openDataSource, transactionHostFor } from '@app/testing';
import { AssessmentFacts, computeAssessmentDeadlines } from '@app/statutory-clock';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { TxHost } from '@app/database';
import { DomainEvents } from '@app/core';
import { DeadlinesService, DeadlineSubject } from './deadlines.service';
import { Deadline, DeadlineState } from './entities/deadline.entity';

/** The deadlines table against a real PostgreSQL: what a command persists, and when `revision` moves. */
describe('DeadlinesService (integration)', () => {
  let url: string;
  let dataSource: DataSource;
  let service: DeadlinesService;
  let subject: DeadlineSubject;
  let txHost: TxHost;

  beforeAll(async () => {
    url = await createTestDatabase();
    dataSource = await openDataSource(url);
    // No handler in this file: the dispatcher with nothing discovered (a reminder planner is tested in libs/reminders).
    txHost = transactionHostFor(dataSource);
    service = new DeadlinesService(txHost, { emit: async () => undefined } as unknown as DomainEvents);
    const [la] = await dataSource.query(`INSERT INTO local_authorities (name, code) VALUES ('Int LA', '900') RETURNING id`);
    const [child] = await dataSource.query(`INSERT INTO children (local_authority_id, given_name, family_name, search_name, date_of_birth) VALUES ($1, 'A', 'B', 'a b', '2015-01-01') RETURNING id`, [la.id]);
    const assessmentId = randomUUID();
    await dataSource.query(
      `INSERT INTO assessments (id, local_authority_id, child_id, status, request_received_on, request_source, exceptions_apply, imported) VALUES ($1, $2, $3, 'awaiting_decision', '2026-01-05', 'parent', false, false)`,
      [assessmentId, la.id, child.id],
    );
    subject = { localAuthorityId: la.id, subjectType: 'assessment', subjectId: assessmentId, assessmentId, caseOwnerUserId: null };
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropTestDatabase(url);
  });

  const base: AssessmentFacts = {
    requestReceivedOn: '2026-01-05',
    decisionToAssess: null,
    adviceRequests: [],
    decisionToIssue: null,
    draftIssuedOn: null,
    representationsReceivedOn: null,
    finalIssuedOn: null,
    withdrawnOn: null,
    exceptions: [],
  };
  const sync = (facts: AssessmentFacts, today = '2026-01-10') => txHost.withTransaction(() => service.sync(subject, computeAssessmentDeadlines(facts, today)));
  const rows = async () => {
    const all = await dataSource.getRepository(Deadline).find({ where: { subjectId: subject.subjectId } });
    return Object.fromEntries(all.map((r) => [r.key, r]));
  };

  it('writes one row per deadline with its statutory date and citation', async () => {
    await sync(base);
    const r = await rows();
    expect(Object.keys(r).sort()).toEqual(['decision_to_assess', 'final_plan', 'no_plan_notice']);
    expect(r.decision_to_assess).toMatchObject({ dueOn: '2026-02-16', state: DeadlineState.Open, regulation: 'SEND Regulations 2014, reg 5(1)', revision: 1 });
    expect(r.final_plan.dueOn).toBe('2026-05-25');
  });

  it('leaves rows and revisions alone when nothing changed, even as days pass', async () => {
    await sync(base, '2026-03-01');
    const r = await rows();
    expect(Object.values(r).map((row) => row.revision)).toEqual([1, 1, 1]);
  });

  it('moves the revision when a deadline is completed, and only that one', async () => {
    await sync({ ...base, decisionToAssess: { decision: 'assess', decidedOn: '2026-02-10' } });
    const r = await rows();
    expect(r.decision_to_assess).toMatchObject({ state: DeadlineState.Completed, completedOn: '2026-02-10', revision: 2 });
    expect(r.final_plan.revision).toBe(1);
  });

  it('adds and removes advice deadlines as requests come and go, keyed by request', async () => {
    const adviceId = randomUUID();
    await dataSource.query(
      `INSERT INTO advice_requests (id, local_authority_id, assessment_id, child_id, discipline, requested_on, status) SELECT $1, local_authority_id, id, child_id, 'health', '2026-02-11', 'requested' FROM assessments WHERE id = $2`,
      [adviceId, subject.subjectId],
    );
    const facts = { ...base, decisionToAssess: { decision: 'assess' as const, decidedOn: '2026-02-10' }, adviceRequests: [{ id: adviceId, requestedOn: '2026-02-11', receivedOn: null }] };
    await sync(facts);
    expect((await rows())[`advice:${adviceId}`]).toMatchObject({ dueOn: '2026-03-25', adviceRequestId: adviceId, state: DeadlineState.Open });
    await sync({ ...facts, adviceRequests: [] });
    expect((await rows())[`advice:${adviceId}`]).toBeUndefined();
  });

  it('marks exception-affected deadlines without moving their dates', async () => {
    await sync({ ...base, decisionToAssess: { decision: 'assess', decidedOn: '2026-02-10' }, exceptions: [{ id: randomUUID(), ground: 'absence_from_area' as never, startsOn: '2026-03-01', endsOn: '2026-04-11' }] });
    const r = await rows();
    expect(r.final_plan).toMatchObject({ dueOn: '2026-05-25', exceptionApplies: true, managementTargetOn: '2026-07-06', revision: 1 });
  });

  it('rolls back with the command: nothing persists from a failed transaction', async () => {
    const before = await rows();
    await expect(
      txHost.withTransaction(async () => {
        await service.sync(subject, computeAssessmentDeadlines({ ...base, withdrawnOn: '2026-01-20' }, '2026-01-20'));
        throw new Error('the command failed after syncing');
      }),
    ).rejects.toThrow('the command failed');
    expect(await rows()).toEqual(before);
  });

  describe('reads for other contexts', () => {
    let caseworker: string;
    beforeAll(async () => {
      [{ id: caseworker }] = await dataSource.query(`INSERT INTO users (local_authority_id, email, display_name, password_hash, role) VALUES ($1, $2, 'Cw', 'x', 'caseworker') RETURNING id`, [subject.localAuthorityId, `cw-${randomUUID()}@test.example`]);
      subject = { ...subject, caseOwnerUserId: caseworker };
      await sync({ ...base, decisionToAssess: { decision: 'assess', decidedOn: '2026-02-10' }, exceptions: [] }, '2026-01-10');
    });

    it('moves the revision when the case changes hands, and names the new owner on every row', async () => {
      const r = await rows();
      expect(r.final_plan).toMatchObject({ ownerUserId: caseworker, caseOwnerUserId: caseworker });
      expect(r.final_plan.revision).toBeGreaterThan(1);
    });

    it('gives each deadline its status on the day asked, a warning date never overdue (Regs 10(1))', async () => {
      const byKey = Object.fromEntries((await service.forAssessments([subject.subjectId], '2026-06-01')).map((d) => [d.key, d]));
      expect(byKey.decision_to_assess.status).toBe('met');
      expect(byKey.final_plan.status).toBe('overdue');
      expect(byKey.no_plan_notice.status).toBe('open');
      const one = await service.byIds([byKey.final_plan.id, randomUUID()], '2026-05-01');
      expect(one.map((d) => [d.kind, d.status])).toEqual([['final_plan', 'open']]);
    });

    it('lists open deadlines by LA and owner, soonest first, and pages them by id for the reconcile', async () => {
      const open = await service.open({ localAuthorityId: subject.localAuthorityId, ownerUserId: caseworker }, '2026-03-01');
      expect(open.map((d) => d.kind)).toEqual(['no_plan_notice', 'final_plan']);
      expect(await service.open({ localAuthorityId: randomUUID() }, '2026-03-01')).toEqual([]);
      const first = await service.openPage(['final_plan', 'no_plan_notice'], null, 1);
      const second = await service.openPage(['final_plan', 'no_plan_notice'], first[0].id, 5);
      expect(first).toHaveLength(1);
      expect(second).toHaveLength(1);
      expect(second[0].id > first[0].id).toBe(true);
    });

    it("counts an owner's open deadlines for the digest: a passed warning is neither due nor overdue", async () => {
      // 2026-05-26: the final plan (due 05-25) is overdue; the no-plan notice (due 04-27) is a passed warning.
      const counts = await service.openCountsByCaseOwner(subject.localAuthorityId, ['final_plan', 'no_plan_notice'], '2026-05-26', '2026-06-01');
      expect(counts).toEqual([{ caseOwnerUserId: caseworker, dueFromToday: 0, overdue: 1 }]);
      const early = await service.openCountsByCaseOwner(subject.localAuthorityId, ['final_plan', 'no_plan_notice'], '2026-04-25', '2026-05-01');
      expect(early).toEqual([{ caseOwnerUserId: caseworker, dueFromToday: 1, overdue: 0 }]);
    });

    it('writes the SQL for a case with an overdue duty, which another context embeds', async () => {
      const match = async (day: string) => {
        const condition = service.caseHasOpenChasedDeadline('a.id', { overdueOn: day });
        return dataSource.createQueryBuilder().select('a.id').from('assessments', 'a').where('a.id = :id', { id: subject.subjectId }).andWhere(condition.sql, condition.parameters).getRawMany();
      };
      expect(await match('2026-05-25')).toHaveLength(0);
      expect(await match('2026-05-26')).toHaveLength(1);
    });
  });
});
