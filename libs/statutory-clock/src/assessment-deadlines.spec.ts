import fc from 'fast-check';
import { computeAssessmentDeadlines, ComputedDeadline, deadlineStatus, earliestFinalPlanDate, exceptionPeriodProblem, exceptionsApply } from './assessment-deadlines';
import type { AssessmentFacts, ExceptionFact } from './assessment-deadlines';
import { addDays, daysBetween, isOnOrAfter, IsoDate } from './dates';
import { AdviceExceptionGround, DeadlineKind, DeadlineStatus, ExceptionGround, STATUTORY_RULES } from './rules';

const REQUEST = '2026-01-05'; // Monday 5 January 2026: the worked example of statutory-rules.md

function facts(overrides: Partial<AssessmentFacts> = {}): AssessmentFacts {
  return {
    requestReceivedOn: REQUEST,
    decisionToAssess: null,
    adviceRequests: [],
    decisionToIssue: null,
    draftIssuedOn: null,
    representationsReceivedOn: null,
    finalIssuedOn: null,
    withdrawnOn: null,
    exceptions: [],
    ...overrides,
  };
}

function byKey(deadlines: ComputedDeadline[]): Record<string, ComputedDeadline> {
  return Object.fromEntries(deadlines.map((d) => [d.key, d]));
}

const assessed = { decision: 'assess' as const, decidedOn: '2026-02-10' };
const issuing = { decision: 'issue' as const, decidedOn: '2026-04-01' };

describe('computeAssessmentDeadlines', () => {
  describe('the worked example (request received Monday 5 January 2026)', () => {
    const d = byKey(computeAssessmentDeadlines(facts(), '2026-01-05'));

    it('is due on the dates of statutory-rules.md, with their regulations', () => {
      expect(d.decision_to_assess).toMatchObject({ dueOn: '2026-02-16', regulation: 'SEND Regulations 2014, reg 5(1)', status: DeadlineStatus.Open, statutory: true });
      expect(d.no_plan_notice).toMatchObject({ dueOn: '2026-04-27', regulation: 'SEND Regulations 2014, reg 10(1)' });
      expect(d.final_plan).toMatchObject({ dueOn: '2026-05-25', regulation: 'SEND Regulations 2014, reg 13(2)' });
      expect(d.draft_representations).toBeUndefined();
    });

    it('explains each date in one sentence', () => {
      expect(d.final_plan.explanation).toBe('20 weeks from the request received on 5 January 2026 (SEND Regulations 2014, reg 13(2)).');
      expect(d.decision_to_assess.explanation).toBe('6 weeks from the request received on 5 January 2026 (SEND Regulations 2014, reg 5(1)).');
      expect(d.no_plan_notice.explanation).toBe(
        '16 weeks from the request received on 5 January 2026 (SEND Regulations 2014, reg 10(1)): it binds only a decision not to issue a plan; while the case is open it is a warning date, not an overdue duty.',
      );
    });
  });

  describe('statuses as days pass', () => {
    it('is open up to and including the due date, overdue the day after', () => {
      expect(byKey(computeAssessmentDeadlines(facts(), '2026-02-16')).decision_to_assess.status).toBe(DeadlineStatus.Open);
      expect(byKey(computeAssessmentDeadlines(facts(), '2026-02-17')).decision_to_assess.status).toBe(DeadlineStatus.Overdue);
    });

    it('is met when done on the due date, late when done the day after', () => {
      const onTime = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: { decision: 'assess', decidedOn: '2026-02-16' } }), '2026-06-01'));
      expect(onTime.decision_to_assess).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2026-02-16' });
      const late = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: { decision: 'assess', decidedOn: '2026-02-17' } }), '2026-06-01'));
      expect(late.decision_to_assess).toMatchObject({ status: DeadlineStatus.Late, completedOn: '2026-02-17' });
    });

    it('a refusal completes the decision and makes the no-plan notice and the final plan not applicable', () => {
      const d = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: { decision: 'refuse', decidedOn: '2026-02-01' } }), '2026-12-01'));
      expect(d.decision_to_assess.status).toBe(DeadlineStatus.Met);
      expect(d.no_plan_notice).toMatchObject({ status: DeadlineStatus.NotApplicable, completedOn: null });
      expect(d.final_plan).toMatchObject({ status: DeadlineStatus.NotApplicable, completedOn: null });
    });

    it('a decision not to issue completes the no-plan notice (met or late) and ends the final plan', () => {
      const met = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: assessed, decisionToIssue: { decision: 'not_issue', decidedOn: '2026-04-27' } }), '2026-12-01'));
      expect(met.no_plan_notice).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2026-04-27' });
      expect(met.final_plan.status).toBe(DeadlineStatus.NotApplicable);
      const late = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: assessed, decisionToIssue: { decision: 'not_issue', decidedOn: '2026-04-28' } }), '2026-12-01'));
      expect(late.no_plan_notice.status).toBe(DeadlineStatus.Late);
    });

    it('a decision to issue makes the no-plan notice not applicable and leaves the final plan open', () => {
      const d = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: assessed, decisionToIssue: issuing }), '2026-04-02'));
      expect(d.no_plan_notice.status).toBe(DeadlineStatus.NotApplicable);
      expect(d.final_plan.status).toBe(DeadlineStatus.Open);
    });

    it('a final plan on day 140 is met, on day 141 late; the no-plan notice is then not applicable', () => {
      const base = { decisionToAssess: assessed, decisionToIssue: issuing, draftIssuedOn: '2026-05-01' };
      const met = byKey(computeAssessmentDeadlines(facts({ ...base, finalIssuedOn: '2026-05-25' }), '2026-12-01'));
      expect(met.final_plan).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2026-05-25' });
      expect(met.no_plan_notice.status).toBe(DeadlineStatus.NotApplicable);
      const late = byKey(computeAssessmentDeadlines(facts({ ...base, finalIssuedOn: '2026-05-26' }), '2026-12-01'));
      expect(late.final_plan.status).toBe(DeadlineStatus.Late);
    });

    it('withdrawal makes every step not yet done not applicable, and keeps what was done', () => {
      const d = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: assessed, withdrawnOn: '2026-03-01' }), '2026-12-01'));
      expect(d.decision_to_assess.status).toBe(DeadlineStatus.Met);
      expect(d.no_plan_notice.status).toBe(DeadlineStatus.NotApplicable);
      expect(d.final_plan.status).toBe(DeadlineStatus.NotApplicable);
      const early = byKey(computeAssessmentDeadlines(facts({ withdrawnOn: '2026-01-10' }), '2026-12-01'));
      expect(early.decision_to_assess.status).toBe(DeadlineStatus.NotApplicable);
    });
  });

  describe('advice (Regs 8(1))', () => {
    const request = (id: string, requestedOn: string, receivedOn: string | null = null, cancelledOn: string | null = null) => ({ id, requestedOn, receivedOn, cancelledOn });

    it('gives each request its own 6 weeks from the day it was made, keyed by request', () => {
      const d = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: assessed, adviceRequests: [request('a', '2026-02-11'), request('b', '2026-02-20', '2026-03-30')] }), '2026-04-01'));
      expect(d['advice:a']).toMatchObject({ kind: DeadlineKind.Advice, adviceRequestId: 'a', startsOn: '2026-02-11', dueOn: '2026-03-25', status: DeadlineStatus.Overdue, regulation: 'SEND Regulations 2014, reg 8(1)' });
      expect(d['advice:b']).toMatchObject({ dueOn: '2026-04-03', status: DeadlineStatus.Met, completedOn: '2026-03-30' });
      expect(d['advice:a'].explanation).toBe('6 weeks from the advice request made on 11 February 2026: a duty on a body asked to co-operate (SEND Regulations 2014, reg 8(1)).');
    });

    it('is not applicable once cancelled, or when the case ends before the advice came', () => {
      const cancelled = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: assessed, adviceRequests: [request('a', '2026-02-11', null, '2026-02-20')] }), '2026-06-01'));
      expect(cancelled['advice:a'].status).toBe(DeadlineStatus.NotApplicable);
      const ended = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: assessed, adviceRequests: [request('a', '2026-02-11')], decisionToIssue: { decision: 'not_issue', decidedOn: '2026-03-01' } }), '2026-06-01'));
      expect(ended['advice:a'].status).toBe(DeadlineStatus.NotApplicable);
      const received = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: assessed, adviceRequests: [request('a', '2026-02-11', '2026-02-25')], withdrawnOn: '2026-03-01' }), '2026-06-01'));
      expect(received['advice:a'].status).toBe(DeadlineStatus.Met);
    });

    it("applies an adviser's own exception only to that adviser's deadline", () => {
      const d = byKey(
        computeAssessmentDeadlines(
          facts({
            decisionToAssess: assessed,
            adviceRequests: [request('a', '2026-02-11'), request('b', '2026-02-11')],
            adviceExceptions: [{ id: 'x', adviceRequestId: 'a', ground: AdviceExceptionGround.MissedAppointment, startsOn: '2026-03-01', endsOn: '2026-03-14' }],
          }),
          '2026-03-02',
        ),
      );
      expect(d['advice:a']).toMatchObject({ dueOn: '2026-03-25', exceptionIds: ['x'], managementTargetOn: '2026-04-08' });
      expect(d['advice:b']).toMatchObject({ exceptionIds: [], managementTargetOn: null });
      expect(d.final_plan.exceptionIds).toEqual([]);
    });
  });

  describe("the family's 15 days on the draft (Regs 13(1))", () => {
    const drafted = (extra: Partial<AssessmentFacts> = {}) => facts({ decisionToAssess: assessed, decisionToIssue: issuing, draftIssuedOn: '2026-04-20', ...extra });

    it('runs from the day of issue to D+14, and the final plan may follow from D+15', () => {
      const d = byKey(computeAssessmentDeadlines(drafted(), '2026-04-20'));
      expect(d.draft_representations).toMatchObject({ startsOn: '2026-04-20', dueOn: '2026-05-04', status: DeadlineStatus.Open });
      expect(d.draft_representations.explanation).toBe('At least 15 days beginning with the day the draft plan was served, 20 April 2026: the last day is 4 May 2026 (SEND Regulations 2014, reg 13(1)).');
      expect(earliestFinalPlanDate('2026-04-20', null)).toBe('2026-05-05');
    });

    it('is the family’s time, so it is never overdue: once the window has passed it is met on its last day', () => {
      const d = byKey(computeAssessmentDeadlines(drafted(), '2026-05-05'));
      expect(d.draft_representations).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2026-05-04' });
    });

    it('is met on the day representations came in, which also opens the way to the final plan', () => {
      const d = byKey(computeAssessmentDeadlines(drafted({ representationsReceivedOn: '2026-04-24' }), '2026-04-24'));
      expect(d.draft_representations).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2026-04-24' });
      expect(earliestFinalPlanDate('2026-04-20', '2026-04-24')).toBe('2026-04-24');
      expect(earliestFinalPlanDate('2026-04-20', '2026-05-10')).toBe('2026-05-05');
    });

    it('is not applicable when the assessment is withdrawn inside the window without representations', () => {
      const d = byKey(computeAssessmentDeadlines(drafted({ withdrawnOn: '2026-04-25' }), '2026-04-26'));
      expect(d.draft_representations.status).toBe(DeadlineStatus.NotApplicable);
    });

    it('crosses a month end and a year end correctly', () => {
      const d = byKey(computeAssessmentDeadlines(facts({ requestReceivedOn: '2026-09-01', decisionToAssess: { decision: 'assess', decidedOn: '2026-10-01' }, decisionToIssue: { decision: 'issue', decidedOn: '2026-12-01' }, draftIssuedOn: '2026-12-20' }), '2026-12-20'));
      expect(d.draft_representations.dueOn).toBe('2027-01-03');
      expect(earliestFinalPlanDate('2026-12-20', null)).toBe('2027-01-04');
    });
  });

  describe('exceptions (Regs 5(4), 10(4), 13(3))', () => {
    // A closure of 42 days (1 March to 11 April, re-opening 12 April) with the school asked for advice on 25 February.
    const summer: ExceptionFact = {
      id: 'summer',
      ground: ExceptionGround.InstitutionClosure,
      startsOn: '2026-03-01',
      endsOn: '2026-04-11',
      closure: { adviceRequestedOn: '2026-02-25', adviceDiscipline: 'education', closureStartsOn: '2026-03-01', reopensOn: '2026-04-12' },
    };
    const absence = (over: Partial<ExceptionFact>): ExceptionFact => ({ ...summer, ground: ExceptionGround.AbsenceFromArea, closure: null, ...over });

    it('never moves the statutory date; adds a management target of due date + the days it covers', () => {
      const d = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: assessed, exceptions: [summer] }), '2026-03-05'));
      expect(d.final_plan).toMatchObject({ dueOn: '2026-05-25', managementTargetOn: '2026-07-06', exceptionIds: ['summer'] });
      expect(d.no_plan_notice).toMatchObject({ dueOn: '2026-04-27', managementTargetOn: '2026-06-08', exceptionIds: ['summer'] });
      expect(d.final_plan.explanation).toContain('as soon as practicable');
      expect(d.final_plan.explanation).toContain('management target 6 July 2026');
    });

    it('does not apply to a step already done before it started, nor to one whose window it misses', () => {
      const d = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: assessed, exceptions: [summer] }), '2026-03-05'));
      expect(d.decision_to_assess).toMatchObject({ exceptionIds: [], managementTargetOn: null });
      const after = byKey(computeAssessmentDeadlines(facts({ exceptions: [absence({ startsOn: '2026-06-01', endsOn: '2026-07-31' })] }), '2026-06-02'));
      expect(after.final_plan.exceptionIds).toEqual([]);
      expect(exceptionsApply(facts({ exceptions: [absence({ startsOn: '2026-06-01', endsOn: '2026-07-31' })] }))).toBe(false);
    });

    it('only affects the limits it names', () => {
      const onlyDecision: ExceptionFact = absence({ startsOn: '2026-01-20', endsOn: '2026-02-28', affects: [DeadlineKind.DecisionToAssess] });
      const d = byKey(computeAssessmentDeadlines(facts({ exceptions: [onlyDecision] }), '2026-02-01'));
      expect(d.decision_to_assess.exceptionIds).toEqual(['summer']);
      expect(d.final_plan.exceptionIds).toEqual([]);
      expect(exceptionsApply(facts({ exceptions: [onlyDecision] }))).toBe(false);
    });

    it('counts overlapping exceptions once (their union), and from the start of the window only', () => {
      const a: ExceptionFact = { id: 'a', ground: ExceptionGround.AbsenceFromArea, startsOn: '2026-03-01', endsOn: '2026-03-31' }; // 31 days
      const b: ExceptionFact = { id: 'b', ground: ExceptionGround.PersonalCircumstances, startsOn: '2026-03-20', endsOn: '2026-04-09' }; // +9 days beyond a
      const d = byKey(computeAssessmentDeadlines(facts({ exceptions: [a, b] }), '2026-03-05'));
      expect(d.final_plan.exceptionIds.sort()).toEqual(['a', 'b']);
      expect(d.final_plan.managementTargetOn).toBe(addDays('2026-05-25', 40));
      const before: ExceptionFact = { id: 'c', ground: ExceptionGround.AbsenceFromArea, startsOn: '2025-12-01', endsOn: '2026-01-14' }; // 10 days inside the window
      expect(byKey(computeAssessmentDeadlines(facts({ exceptions: [before] }), '2026-01-15')).final_plan.managementTargetOn).toBe('2026-06-04');
    });

    it('has no management target while an exception is still going on', () => {
      const d = byKey(computeAssessmentDeadlines(facts({ exceptions: [absence({ endsOn: null })] }), '2026-03-05'));
      expect(d.final_plan).toMatchObject({ dueOn: '2026-05-25', managementTargetOn: null, exceptionIds: ['summer'] });
      expect(d.final_plan.explanation).toContain('has not ended');
    });

    it('sets the DfE "20-week exceptions apply" flag when an exception overlaps the 20 weeks before the plan', () => {
      expect(exceptionsApply(facts({ exceptions: [summer] }))).toBe(true);
      expect(exceptionsApply(facts({ exceptions: [summer], finalIssuedOn: '2026-02-20', draftIssuedOn: '2026-02-01' }))).toBe(false);
      expect(exceptionsApply(facts())).toBe(false);
    });

    it('checks the 4-week minimum for closure and absence grounds', () => {
      expect(exceptionPeriodProblem({ ground: ExceptionGround.AbsenceFromArea, startsOn: '2026-03-01', endsOn: '2026-03-28' })).toBeNull();
      expect(exceptionPeriodProblem({ ground: ExceptionGround.AbsenceFromArea, startsOn: '2026-03-01', endsOn: '2026-03-27' })).toContain('27 days');
      expect(exceptionPeriodProblem({ ground: ExceptionGround.EarlyYearsClosure, startsOn: '2026-03-01', endsOn: '2026-03-10' })).toContain('4 continuous weeks');
      expect(exceptionPeriodProblem({ ground: ExceptionGround.PersonalCircumstances, startsOn: '2026-03-01', endsOn: '2026-03-02' })).toBeNull();
      expect(exceptionPeriodProblem({ ground: ExceptionGround.AbsenceFromArea, startsOn: '2026-03-01', endsOn: null })).toBeNull();
      expect(exceptionPeriodProblem({ ground: ExceptionGround.AbsenceFromArea, startsOn: '2026-03-01', endsOn: '2026-02-01' })).toContain('before');
    });
  });

  describe('calendar edges', () => {
    it('counts across 29 February in a leap year and 28 February otherwise', () => {
      expect(byKey(computeAssessmentDeadlines(facts({ requestReceivedOn: '2028-01-20' }), '2028-01-20')).decision_to_assess.dueOn).toBe('2028-03-02');
      expect(byKey(computeAssessmentDeadlines(facts({ requestReceivedOn: '2027-01-20' }), '2027-01-20')).decision_to_assess.dueOn).toBe('2027-03-03');
      expect(byKey(computeAssessmentDeadlines(facts({ requestReceivedOn: '2028-02-29' }), '2028-02-29')).final_plan.dueOn).toBe('2028-07-18');
    });

    it('is unaffected by the clock changes (last Sundays of March and October)', () => {
      expect(byKey(computeAssessmentDeadlines(facts({ requestReceivedOn: '2026-03-15' }), '2026-03-15')).decision_to_assess.dueOn).toBe('2026-04-26');
      expect(byKey(computeAssessmentDeadlines(facts({ requestReceivedOn: '2026-10-20' }), '2026-10-20')).decision_to_assess.dueOn).toBe('2026-12-01');
    });

    it('crosses the year end', () => {
      const d = byKey(computeAssessmentDeadlines(facts({ requestReceivedOn: '2026-12-31' }), '2026-12-31'));
      expect(d.decision_to_assess.dueOn).toBe('2027-02-11');
      expect(d.final_plan.dueOn).toBe('2027-05-20');
    });
  });
});

describe('deadlineStatus', () => {
  it.each([
    [{ dueOn: '2026-02-16', completedOn: null }, '2026-02-16', DeadlineStatus.Open],
    [{ dueOn: '2026-02-16', completedOn: null }, '2026-02-17', DeadlineStatus.Overdue],
    [{ dueOn: '2026-02-16', completedOn: '2026-02-16' }, '2027-01-01', DeadlineStatus.Met],
    [{ dueOn: '2026-02-16', completedOn: '2026-02-17' }, '2026-02-17', DeadlineStatus.Late],
    [{ dueOn: '2026-02-16', completedOn: null, notApplicable: true }, '2027-01-01', DeadlineStatus.NotApplicable],
  ])('%j on %s is %s', (deadline, today, expected) => {
    expect(deadlineStatus(deadline, today)).toBe(expected);
  });
});

describe('properties', () => {
  const day = (from: string, span: number) => fc.integer({ min: 0, max: span }).map((n) => addDays(from, n));
  const requestDate = day('2000-01-01', 40 * 366);
  const offset = fc.integer({ min: 0, max: 400 });

  /** An arbitrary, internally consistent history: each step some days after the previous one, any of them missing. */
  const history = fc
    .record({
      request: requestDate,
      toDecision: fc.option(offset, { nil: null }),
      refuse: fc.boolean(),
      toIssue: fc.option(offset, { nil: null }),
      notIssue: fc.boolean(),
      toDraft: fc.option(offset, { nil: null }),
      toFinal: fc.option(fc.integer({ min: 15, max: 200 }), { nil: null }),
      advice: fc.array(fc.record({ after: offset, received: fc.option(offset, { nil: null }) }), { maxLength: 4 }),
      exception: fc.option(fc.record({ after: offset, length: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }) }), { nil: null }),
      today: offset,
    })
    .map((h): { f: AssessmentFacts; today: IsoDate } => {
      const decidedOn = h.toDecision === null ? null : addDays(h.request, h.toDecision);
      const assessing = decidedOn !== null && !h.refuse;
      const issueOn = assessing && h.toIssue !== null ? addDays(decidedOn!, h.toIssue) : null;
      const issuingPlan = issueOn !== null && !h.notIssue;
      const draftOn = issuingPlan && h.toDraft !== null ? addDays(issueOn!, h.toDraft) : null;
      const finalOn = draftOn !== null && h.toFinal !== null ? addDays(draftOn, h.toFinal) : null;
      const f = facts({
        requestReceivedOn: h.request,
        decisionToAssess: decidedOn ? { decision: h.refuse ? 'refuse' : 'assess', decidedOn } : null,
        decisionToIssue: issueOn ? { decision: h.notIssue ? 'not_issue' : 'issue', decidedOn: issueOn } : null,
        draftIssuedOn: draftOn,
        finalIssuedOn: finalOn,
        adviceRequests: assessing
          ? h.advice.map((a, i) => ({ id: `r${i}`, requestedOn: addDays(decidedOn!, a.after), receivedOn: a.received === null ? null : addDays(decidedOn!, a.after + a.received) }))
          : [],
        exceptions: h.exception ? [{ id: 'e', ground: ExceptionGround.PersonalCircumstances, startsOn: addDays(h.request, h.exception.after), endsOn: h.exception.length === null ? null : addDays(h.request, h.exception.after + h.exception.length) }] : [],
      });
      return { f, today: addDays(h.request, h.today) };
    });

  it('due dates are start + the rule’s period, never before the start', () => {
    fc.assert(
      fc.property(history, ({ f, today }) => {
        for (const d of computeAssessmentDeadlines(f, today)) {
          expect(daysBetween(d.startsOn, d.dueOn)).toBe(STATUTORY_RULES[d.kind].days);
          expect(isOnOrAfter(d.dueOn, d.startsOn)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('statuses agree with completion dates and with today', () => {
    fc.assert(
      fc.property(history, ({ f, today }) => {
        for (const d of computeAssessmentDeadlines(f, today)) {
          expect(d.status).toBe(deadlineStatus({ dueOn: d.dueOn, completedOn: d.completedOn, notApplicable: d.status === DeadlineStatus.NotApplicable, neverOverdue: d.warning }, today));
          // The no-plan notice binds only a decision not to issue (Regs 10(1)): never overdue, never chased.
          if (d.kind === DeadlineKind.NoPlanNotice) expect(d.status).not.toBe(DeadlineStatus.Overdue);
          if (d.kind === DeadlineKind.NoPlanNotice || d.kind === DeadlineKind.DraftRepresentations) expect(d.chasedWhenOverdue).toBe(false);
          if (d.status === DeadlineStatus.NotApplicable) expect(d.completedOn).toBeNull();
          if (d.kind === DeadlineKind.DraftRepresentations) expect(d.status).not.toBe(DeadlineStatus.Overdue);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('management targets are never before the statutory date; keys are unique; the answer is deterministic', () => {
    fc.assert(
      fc.property(history, ({ f, today }) => {
        const first = computeAssessmentDeadlines(f, today);
        expect(computeAssessmentDeadlines(JSON.parse(JSON.stringify(f)) as AssessmentFacts, today)).toEqual(first);
        expect(new Set(first.map((d) => d.key)).size).toBe(first.length);
        for (const d of first) {
          if (d.managementTargetOn !== null) expect(isOnOrAfter(d.managementTargetOn, d.dueOn)).toBe(true);
          if (d.exceptionIds.length === 0) expect(d.managementTargetOn).toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an exception never changes a due date', () => {
    fc.assert(
      fc.property(history, ({ f, today }) => {
        const without = computeAssessmentDeadlines({ ...f, exceptions: [] }, today).map((d) => [d.key, d.dueOn]);
        const withIt = computeAssessmentDeadlines(f, today).map((d) => [d.key, d.dueOn]);
        expect(withIt).toEqual(without);
      }),
      { numRuns: 300 },
    );
  });
});

describe('computeAssessmentDeadlines after a Tribunal order (Regs 44, 45)', () => {
  const refused = {
    requestReceivedOn: '2026-01-05',
    decisionToAssess: { decision: 'refuse' as const, decidedOn: '2026-02-10' },
    adviceRequests: [],
    decisionToIssue: null,
    draftIssuedOn: null,
    representationsReceivedOn: null,
    finalIssuedOn: null,
    withdrawnOn: null,
    exceptions: [],
  };
  it('keeps the refusal as history and lets advice asked after an order to assess run', () => {
    const facts = { ...refused, reopenedByOrder: { kind: 'assess' as const, orderedOn: '2026-06-01' }, adviceRequests: [{ id: 'a1', requestedOn: '2026-06-10', receivedOn: null }] };
    const byKey = new Map(computeAssessmentDeadlines(facts, '2026-06-20').map((d) => [d.key, d]));
    expect(byKey.get('decision_to_assess')).toMatchObject({ status: 'met', completedOn: '2026-02-10', dueOn: '2026-02-16' });
    expect(byKey.get('advice:a1')).toMatchObject({ status: 'open', dueOn: '2026-07-22' });
    expect(byKey.get('final_plan')).toMatchObject({ status: 'not_applicable', dueOn: '2026-05-25' });
    expect(byKey.get('no_plan_notice')?.status).toBe('not_applicable');
  });
  it('without the order, advice on a refused case would not be owed', () => {
    const facts = { ...refused, adviceRequests: [{ id: 'a1', requestedOn: '2026-06-10', receivedOn: null }] };
    expect(computeAssessmentDeadlines(facts, '2026-06-20').find((d) => d.key === 'advice:a1')?.status).toBe('not_applicable');
  });
  it('after an order to make a plan the no-plan notice stays met and the 20 weeks are superseded', () => {
    const facts = { ...refused, decisionToAssess: { decision: 'assess' as const, decidedOn: '2026-02-10' }, decisionToIssue: { decision: 'not_issue' as const, decidedOn: '2026-04-20' }, reopenedByOrder: { kind: 'make_plan' as const, orderedOn: '2026-07-01' }, draftIssuedOn: '2026-07-20', finalIssuedOn: '2026-08-20' };
    const byKey = new Map(computeAssessmentDeadlines(facts, '2026-08-20').map((d) => [d.key, d]));
    expect(byKey.get('no_plan_notice')).toMatchObject({ status: 'met', completedOn: '2026-04-20' });
    expect(byKey.get('final_plan')?.status).toBe('not_applicable');
    expect(byKey.get('draft_representations')).toMatchObject({ dueOn: '2026-08-03' });
  });
});
