import { INestApplicationContext } from '@nestjs/common';
import { Discipline, Role } from '@app/core';
import { ReminderPagerService } from '@app/reminders';
import { waitFor } from './support/wait';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createOrganisation, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { startTestWorker } from './support/worker';

interface Row {
  recipient_user_id: string | null;
  recipient_organisation_id: string | null;
  kind: string;
  deadline_kind: string;
  escalated: boolean;
}

/**
 * Reminders planned by the API's commands and delivered by the real worker (page-in, delayed jobs, delivery), on the API's database and clock: each stage once per deadline and
 * recipient, whatever is repeated or run at the same time; backdated cases get one reminder, not a burst.
 */
describe('reminders and the inbox (e2e)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let pager: ReminderPagerService;
  let caseworker: TestUser;
  let managers: TestUser[];
  let nurse: TestUser;
  let trust: string;
  let childId: string;
  let assessmentId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: londonNoon('2026-02-10') });
    const la = await createLocalAuthority(t.dataSource);
    trust = await createOrganisation(t.dataSource, [la.id]);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    managers = [await createUser(t.dataSource, t.http, la.id, Role.Manager), await createUser(t.dataSource, t.http, la.id, Role.Manager)];
    nurse = await createUser(t.dataSource, t.http, la.id, Role.Professional, { discipline: Discipline.Health, organisationId: trust });
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Remy', familyName: 'Minder', dateOfBirth: '2016-01-01' }).expect(201);
    childId = child.body.id;
    assessmentId = (await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId, requestReceivedOn: '2026-01-05', requestSource: 'parent' }).expect(201)).body.id;
    worker = await startTestWorker(t.config, t.clock);
    pager = worker.get(ReminderPagerService);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const at = (day: string) => t.clock.set(londonNoon(day));
  /** Pages in what is due by the test clock and waits until the real worker has delivered it. */
  const settle = async () => {
    await pager.pageIn();
    await waitFor(async () => {
      const [{ due }] = await t.dataSource.query(`SELECT count(*)::int AS due FROM reminders WHERE state = 'scheduled' AND send_at <= $1`, [t.clock.now()]);
      return due === 0;
    });
  };
  const rows = (deadlineKind: string, subjectId = assessmentId): Promise<Row[]> =>
    t.dataSource.query(`SELECT recipient_user_id, recipient_organisation_id, kind, deadline_kind, escalated FROM notifications WHERE subject_id = $1 AND deadline_kind = $2 ORDER BY created_at, kind`, [subjectId, deadlineKind]);

  it('sends nothing before the lead time, then "due soon" once, however many sweeps run at once', async () => {
    await settle();
    expect(await rows('decision_to_assess')).toEqual([]);
    at('2026-02-11'); // 5 days before 16 February
    await Promise.all([settle(), settle(), settle()]);
    await settle();
    expect(await rows('decision_to_assess')).toEqual([{ recipient_user_id: caseworker.id, recipient_organisation_id: null, kind: 'deadline_due_soon', deadline_kind: 'decision_to_assess', escalated: false }]);
  });

  it('sends "due today" on the day and "overdue" the day after, escalated to every manager', async () => {
    at('2026-02-16');
    await settle();
    at('2026-02-17');
    await settle();
    await settle();
    const sent = await rows('decision_to_assess');
    expect(sent.map((r) => r.kind)).toEqual(['deadline_due_soon', 'deadline_due_today', 'deadline_overdue', 'deadline_overdue', 'deadline_overdue']);
    const overdue = sent.filter((r) => r.kind === 'deadline_overdue');
    expect(overdue.map((r) => [r.recipient_user_id, r.escalated]).sort()).toEqual(
      [
        [caseworker.id, false],
        [managers[0].id, true],
        [managers[1].id, true],
      ].sort(),
    );
  });

  it('stops once the step is done', async () => {
    await t.http.post(`/api/v1/assessments/${assessmentId}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-17' }).expect(200);
    at('2026-02-25');
    await settle();
    expect(await rows('decision_to_assess')).toHaveLength(5);
  });

  it('gives a backdated case one "overdue", not a burst of every stage it missed', async () => {
    const late = (await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId, requestReceivedOn: '2025-11-03', requestSource: 'school' }).expect(201)).body.id;
    await settle();
    const sent = await rows('decision_to_assess', late);
    expect(sent.filter((r) => r.recipient_user_id === caseworker.id).map((r) => r.kind)).toEqual(['deadline_overdue']);
  });

  it('reminds an organisation’s shared inbox about advice, and the caseworker once it is overdue', async () => {
    at('2026-02-17');
    const advice = await t.http.post(`/api/v1/assessments/${assessmentId}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'health', requestedOn: '2026-02-17', assigneeOrganisationId: trust }).expect(201);
    expect(advice.body.dueOn).toBe('2026-03-31');
    at('2026-03-24'); // 7 days before
    await settle();
    at('2026-04-01');
    await settle();
    const sent = await rows('advice');
    const sorted = (pairs: (string | null)[][]) => pairs.map((p) => p.join(' ')).sort();
    expect(sorted(sent.map((r) => [r.kind, r.recipient_organisation_id ?? r.recipient_user_id]))).toEqual(
      sorted([
        ['advice_due_soon', trust],
        ['advice_overdue', caseworker.id],
        ['advice_overdue', trust],
      ]),
    );
    // The nurse sees the organisation's messages in their inbox.
    const inbox = await t.http.get('/api/v1/notifications').set(bearer(nurse)).expect(200);
    const reminderItems = inbox.body.items.filter((n: { deadlineKind: string | null }) => n.deadlineKind === 'advice');
    expect(reminderItems.map((n: { kind: string }) => n.kind)).toEqual(['advice_overdue', 'advice_due_soon']);
    expect(reminderItems[0]).toMatchObject({ subjectType: 'assessment', subjectId: assessmentId, deadlineKind: 'advice', dueOn: '2026-03-31', readAt: null });
  });

  it('lists the caller’s inbox newest first, marks messages read, and hides everyone else’s', async () => {
    const inbox = await t.http.get('/api/v1/notifications').set(bearer(caseworker)).expect(200);
    expect(inbox.body.items.length).toBeGreaterThanOrEqual(5);
    const times = inbox.body.items.map((n: { createdAt: string }) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const first = inbox.body.items[0];
    const read = await t.http.post(`/api/v1/notifications/${first.id}/read`).set(bearer(caseworker)).expect(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const unread = await t.http.get('/api/v1/notifications?unread=true').set(bearer(caseworker)).expect(200);
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(first.id);
    await t.http.post(`/api/v1/notifications/${first.id}/read`).set(bearer(managers[0])).expect(404);
    const otherLa = await createLocalAuthority(t.dataSource);
    const stranger = await createUser(t.dataSource, t.http, otherLa.id, Role.Caseworker);
    expect((await t.http.get('/api/v1/notifications').set(bearer(stranger)).expect(200)).body.items).toEqual([]);
  });

  it('shows an LA administrator queue and delivery health, counts only', async () => {
    const admin = await createUser(t.dataSource, t.http, caseworker.localAuthorityId, Role.LaAdmin);
    const status = await t.http.get('/api/v1/operations/queues').set(bearer(admin)).expect(200);
    const reminders = status.body.queues.find((q: { name: string }) => q.name === 'reminders');
    expect(reminders).toMatchObject({ reachable: true, failed: 0 });
    expect(reminders.schedulers).toEqual(expect.arrayContaining(['sweep-reminders', 'reconcile-reminders']));
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM reminders WHERE local_authority_id = $1 AND state = 'scheduled'`, [caseworker.localAuthorityId]);
    expect(status.body.delivery).toMatchObject({ remindersScheduled: n, emailTransport: 'local' });
    expect(JSON.stringify(status.body)).not.toMatch(/Remy|Minder/);
    await t.http.get('/api/v1/operations/queues').set(bearer(caseworker)).expect(403);
  });

  it('never chases the no-plan notice as overdue (a warning, Regs 10(1)) nor the family’s own advice (no deadline, Regs 6(1)(a))', async () => {
    // A fresh case so that nothing earlier in this file interferes: assessing, no decision whether to issue.
    at('2026-02-20');
    const id = (await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId, requestReceivedOn: '2026-01-07', requestSource: 'parent' }).expect(201)).body.id;
    await t.http.post(`/api/v1/assessments/${id}/decision-to-assess`).set(bearer(caseworker)).send({ decision: 'assess', decidedOn: '2026-02-18' }).expect(200);
    const family = await t.http.post(`/api/v1/assessments/${id}/advice-requests`).set(bearer(caseworker)).send({ discipline: 'parent', requestedOn: '2026-02-19' }).expect(201);
    expect(family.body).toMatchObject({ dueOn: null, daysToGo: null, deadlineStatus: 'not_applicable' });
    for (const day of ['2026-04-24', '2026-04-29', '2026-05-05', '2026-06-10']) {
      at(day);
      await settle();
    }
    // The no-plan notice (due 29 April) warns before its date and on it, and never goes overdue or to managers.
    const notice = await rows('no_plan_notice', id);
    expect(notice.map((r) => r.kind)).toEqual(['deadline_due_soon', 'deadline_due_today']);
    expect(notice.every((r) => !r.escalated && r.recipient_user_id === caseworker.id)).toBe(true);
    // The family's advice has no deadline, so nothing about it is planned or sent.
    expect(await t.dataSource.query(`SELECT id FROM deadlines WHERE advice_request_id = $1`, [family.body.id])).toEqual([]);
    expect(await rows('advice', id)).toEqual([]);
    // The final plan (due 27 May) is still chased as overdue and escalated: only the warning is spared.
    const finalPlan = await rows('final_plan', id);
    expect(finalPlan.filter((r) => r.kind === 'deadline_overdue').length).toBe(1 + managers.length);
    const view = await t.http.get(`/api/v1/assessments/${id}`).set(bearer(caseworker)).expect(200);
    expect(view.body.deadlines.find((d: { kind: string }) => d.kind === 'no_plan_notice')).toMatchObject({ dueOn: '2026-04-29', status: 'open', warning: true });
  });
});
