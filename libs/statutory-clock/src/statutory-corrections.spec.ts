import fc from 'fast-check';
import { closureExceptionProblem, computeAssessmentDeadlines, ComputedDeadline, earliestFinalPlanDate, exceptionQualifies, exceptionsApply } from './assessment-deadlines';
import type { AssessmentFacts, ExceptionFact } from './assessment-deadlines';
import { addDays, daysBetween, isAfter, isBefore } from './dates';
import { adviceBinding, AdviceBinding, DeadlineKind, DeadlineStatus, ExceptionGround, isChasedWhenOverdue } from './rules';

/** The rules corrected by issue 15, one block per rule, each with its citation (statutory-rules.md sections 1 and 2). */

const REQUEST = '2026-05-04';

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

const byKey = (deadlines: ComputedDeadline[]) => Object.fromEntries(deadlines.map((d) => [d.key, d]));
const day = (from: string, span: number) => fc.integer({ min: 0, max: span }).map((n) => addDays(from, n));

describe('closure exceptions, grounds (a) and (b) (Regs 5(4)(a)-(b), 10(4)(a)-(b), 13(3)(a)-(b))', () => {
  // Summer 2026: closed Wednesday 22 July, re-opens Thursday 3 September (43 days). Window: 15 July .. 27 August.
  const summer = { closureStartsOn: '2026-07-22', reopensOn: '2026-09-03', adviceDiscipline: 'education' };

  it('qualifies when the educational advice was requested from one week before the closure to one week before the re-opening', () => {
    expect(closureExceptionProblem({ ...summer, adviceRequestedOn: '2026-07-15' })).toBeNull();
    expect(closureExceptionProblem({ ...summer, adviceRequestedOn: '2026-08-27' })).toBeNull();
    expect(closureExceptionProblem({ ...summer, adviceRequestedOn: '2026-07-14' })).toContain('a holiday alone is never an exception');
    expect(closureExceptionProblem({ ...summer, adviceRequestedOn: '2026-08-28' })).toContain('one week before the re-opening (2026-08-27)');
  });

  it('needs a closure of at least 4 continuous weeks and educational advice', () => {
    expect(closureExceptionProblem({ closureStartsOn: '2026-07-22', reopensOn: '2026-08-19', adviceRequestedOn: '2026-07-20' })).toBeNull(); // 28 days
    expect(closureExceptionProblem({ closureStartsOn: '2026-07-22', reopensOn: '2026-08-18', adviceRequestedOn: '2026-07-20' })).toContain('27 days');
    expect(closureExceptionProblem({ closureStartsOn: '2026-07-22', reopensOn: '2026-07-22', adviceRequestedOn: '2026-07-20' })).toContain('after closureStartsOn');
    expect(closureExceptionProblem({ ...summer, adviceDiscipline: 'health', adviceRequestedOn: '2026-07-20' })).toContain('educational advice');
  });

  it('property: qualifies exactly when the closure is 28+ days and the request falls in the window', () => {
    fc.assert(
      fc.property(day('2020-01-01', 3000), fc.integer({ min: 1, max: 80 }), fc.integer({ min: -30, max: 90 }), (closureStartsOn, length, requestOffset) => {
        const reopensOn = addDays(closureStartsOn, length);
        const adviceRequestedOn = addDays(closureStartsOn, requestOffset);
        const inWindow = !isBefore(adviceRequestedOn, addDays(closureStartsOn, -7)) && !isAfter(adviceRequestedOn, addDays(reopensOn, -7));
        expect(closureExceptionProblem({ closureStartsOn, reopensOn, adviceRequestedOn }) === null).toBe(length >= 28 && inWindow);
      }),
      { numRuns: 1000 },
    );
  });

  it('a holiday alone (no advice request) never sets the 20-week flag; a qualifying request does; an old-rule record keeps it', () => {
    const holidayOnly: ExceptionFact = { id: 'h', ground: ExceptionGround.InstitutionClosure, startsOn: '2026-07-22', endsOn: '2026-09-02', closure: null };
    expect(exceptionQualifies(holidayOnly)).toBe(false);
    expect(exceptionsApply(facts({ exceptions: [holidayOnly] }))).toBe(false);
    expect(byKey(computeAssessmentDeadlines(facts({ exceptions: [holidayOnly] }), '2026-09-30')).final_plan).toMatchObject({ status: DeadlineStatus.Overdue, exceptionIds: [] });

    const tooEarly: ExceptionFact = { ...holidayOnly, closure: { ...summer, adviceRequestedOn: '2026-06-01' } };
    expect(exceptionsApply(facts({ exceptions: [tooEarly] }))).toBe(false);

    const qualifying: ExceptionFact = { ...holidayOnly, closure: { ...summer, adviceRequestedOn: '2026-07-16' } };
    expect(exceptionsApply(facts({ exceptions: [qualifying] }))).toBe(true);
    // Its period is the closure itself (22 July .. 2 September, 43 days): final plan due 21 September, target 3 November.
    expect(byKey(computeAssessmentDeadlines(facts({ exceptions: [qualifying] }), '2026-09-30')).final_plan).toMatchObject({ dueOn: '2026-09-21', managementTargetOn: '2026-11-03', exceptionIds: ['h'] });

    expect(exceptionsApply(facts({ exceptions: [{ ...holidayOnly, underOldRule: true }] }))).toBe(true);
  });

  it('property: a closure exception without a qualifying request changes nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 28, max: 60 }), fc.integer({ min: 0, max: 300 }), (after, length, todayOffset) => {
        const startsOn = addDays(REQUEST, after);
        const holiday: ExceptionFact = { id: 'h', ground: ExceptionGround.EarlyYearsClosure, startsOn, endsOn: addDays(startsOn, length - 1) };
        const today = addDays(REQUEST, todayOffset);
        expect(computeAssessmentDeadlines(facts({ exceptions: [holiday] }), today)).toEqual(computeAssessmentDeadlines(facts(), today));
        expect(exceptionsApply(facts({ exceptions: [holiday] }))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('refusals are not excused (Regs 4(1), 5(1); Regs 5(4) qualifies only the notice that the LA will assess)', () => {
  const away: ExceptionFact = { id: 'a', ground: ExceptionGround.AbsenceFromArea, startsOn: '2026-05-10', endsOn: '2026-06-20' };

  it('a late refusal is late, with no exception or management target; a late decision to assess is excused', () => {
    const refused = byKey(computeAssessmentDeadlines(facts({ exceptions: [away], decisionToAssess: { decision: 'refuse', decidedOn: '2026-06-25' } }), '2026-07-01'));
    expect(refused.decision_to_assess).toMatchObject({ status: DeadlineStatus.Late, exceptionIds: [], managementTargetOn: null });
    const assessed = byKey(computeAssessmentDeadlines(facts({ exceptions: [away], decisionToAssess: { decision: 'assess', decidedOn: '2026-06-25' } }), '2026-07-01'));
    expect(assessed.decision_to_assess).toMatchObject({ status: DeadlineStatus.Late, exceptionIds: ['a'] });
    // Nor does a refused request carry the 20-week exceptions flag.
    expect(exceptionsApply(facts({ exceptions: [away], decisionToAssess: { decision: 'refuse', decidedOn: '2026-06-25' } }))).toBe(false);
    expect(exceptionsApply(facts({ exceptions: [away], decisionToAssess: { decision: 'assess', decidedOn: '2026-06-25' } }))).toBe(true);
  });

  it('property: no exception ever applies to a refusal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 120 }), (after, length, decidedAfter) => {
        const e: ExceptionFact = { id: 'e', ground: ExceptionGround.PersonalCircumstances, startsOn: addDays(REQUEST, after), endsOn: addDays(REQUEST, after + length) };
        const d = byKey(computeAssessmentDeadlines(facts({ exceptions: [e], decisionToAssess: { decision: 'refuse', decidedOn: addDays(REQUEST, decidedAfter) } }), '2027-01-01'));
        expect(d.decision_to_assess.exceptionIds).toEqual([]);
        expect(d.decision_to_assess.managementTargetOn).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe("the parent's or young person's own advice has no deadline (Regs 6(1)(a))", () => {
  it('gives it no deadline, so it is never overdue and never chased', () => {
    const f = facts({
      decisionToAssess: { decision: 'assess', decidedOn: '2026-05-20' },
      adviceRequests: [
        { id: 'family', requestedOn: '2026-05-21', receivedOn: null, binding: AdviceBinding.None },
        { id: 'nhs', requestedOn: '2026-05-21', receivedOn: null, binding: AdviceBinding.Duty },
      ],
    });
    const d = byKey(computeAssessmentDeadlines(f, '2026-09-01'));
    expect(d['advice:family']).toBeUndefined();
    expect(d['advice:nhs'].status).toBe(DeadlineStatus.Overdue);
    expect(adviceBinding('parent', null)).toBe(AdviceBinding.None);
  });
});

describe('who an advice deadline binds (Regs 8(1) for CFA s31 bodies; CoP 9.52 for schools and LA services)', () => {
  it.each([
    ['health', null, AdviceBinding.Duty],
    ['health', 'nhs_body', AdviceBinding.Duty],
    ['psychology', 'nhs_body', AdviceBinding.Duty],
    ['education', null, AdviceBinding.Expectation],
    ['education', 'school', AdviceBinding.Expectation],
    ['education', 'early_years', AdviceBinding.Expectation],
    ['psychology', 'ep_service', AdviceBinding.Expectation],
    ['social_care', 'social_care_team', AdviceBinding.Expectation],
    ['social_care', null, AdviceBinding.Expectation],
    ['other', 'other', AdviceBinding.Expectation],
    ['health', 'school', AdviceBinding.Expectation],
    ['parent', 'nhs_body', AdviceBinding.None],
  ])('%s advice addressed to %s: %s', (discipline, kind, expected) => {
    expect(adviceBinding(discipline, kind)).toBe(expected);
  });

  it('says which in the regulation, the statutory flag and the explanation', () => {
    const f = facts({
      decisionToAssess: { decision: 'assess', decidedOn: '2026-05-20' },
      adviceRequests: [
        { id: 'school', requestedOn: '2026-05-21', receivedOn: null, binding: AdviceBinding.Expectation },
        { id: 'nhs', requestedOn: '2026-05-21', receivedOn: null, binding: AdviceBinding.Duty },
      ],
    });
    const d = byKey(computeAssessmentDeadlines(f, '2026-05-22'));
    expect(d['advice:nhs']).toMatchObject({ regulation: 'SEND Regulations 2014, reg 8(1)', statutory: true, dueOn: '2026-07-02' });
    expect(d['advice:school']).toMatchObject({ regulation: 'SEND Code of Practice 2015, para 9.52', statutory: false, dueOn: '2026-07-02' });
    expect(d['advice:school'].explanation).toContain('not a legal duty');
  });
});

describe('the no-plan notice binds only a decision not to issue (Regs 10(1))', () => {
  const assessing = { decisionToAssess: { decision: 'assess' as const, decidedOn: '2026-05-20' } };

  it('is a warning date on an open case: open past its date, never overdue, not chased', () => {
    const d = byKey(computeAssessmentDeadlines(facts(assessing), '2026-09-30'));
    expect(d.no_plan_notice).toMatchObject({ dueOn: '2026-08-24', status: DeadlineStatus.Open, warning: true, chasedWhenOverdue: false });
    expect(isChasedWhenOverdue(DeadlineKind.NoPlanNotice)).toBe(false);
    expect(isChasedWhenOverdue(DeadlineKind.FinalPlan)).toBe(true);
  });

  it('a decision not to issue after the date is late; a decision to issue makes it not applicable', () => {
    const late = byKey(computeAssessmentDeadlines(facts({ ...assessing, decisionToIssue: { decision: 'not_issue', decidedOn: '2026-09-01' } }), '2026-09-30'));
    expect(late.no_plan_notice).toMatchObject({ status: DeadlineStatus.Late, warning: false });
    const issuing = byKey(computeAssessmentDeadlines(facts({ ...assessing, decisionToIssue: { decision: 'issue', decidedOn: '2026-09-01' } }), '2026-09-30'));
    expect(issuing.no_plan_notice.status).toBe(DeadlineStatus.NotApplicable);
  });
});

describe('the limits run to the day the family is notified (Regs 4(1), 5(1), 10(1), 13(1)-(2))', () => {
  it('a decision made in time but notified late is late', () => {
    const d = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: { decision: 'assess', decidedOn: '2026-06-15', notifiedOn: '2026-06-16' } }), '2026-07-01'));
    expect(d.decision_to_assess).toMatchObject({ dueOn: '2026-06-15', completedOn: '2026-06-16', status: DeadlineStatus.Late });
  });

  it('a not-to-issue decision is met by its notification', () => {
    const d = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: { decision: 'assess', decidedOn: '2026-05-20' }, decisionToIssue: { decision: 'not_issue', decidedOn: '2026-08-20', notifiedOn: '2026-08-25' } }), '2026-09-01'));
    expect(d.no_plan_notice).toMatchObject({ dueOn: '2026-08-24', completedOn: '2026-08-25', status: DeadlineStatus.Late });
  });

  it('a final plan issued on day 140 but sent on day 141 is late, and the 20-week flag window runs to the sending', () => {
    const base = { decisionToAssess: { decision: 'assess' as const, decidedOn: '2026-05-20' }, decisionToIssue: { decision: 'issue' as const, decidedOn: '2026-08-01' }, draftIssuedOn: '2026-08-03' };
    const d = byKey(computeAssessmentDeadlines(facts({ ...base, finalIssuedOn: '2026-09-21', finalNotifiedOn: '2026-09-22' }), '2026-10-01'));
    expect(d.final_plan).toMatchObject({ dueOn: '2026-09-21', completedOn: '2026-09-22', status: DeadlineStatus.Late });
  });

  it('the 15 days begin with the day a posted draft was served', () => {
    const d = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: { decision: 'assess', decidedOn: '2026-05-20' }, decisionToIssue: { decision: 'issue', decidedOn: '2026-08-01' }, draftIssuedOn: '2026-08-03', draftServedOn: '2026-08-05' }), '2026-08-06'));
    expect(d.draft_representations).toMatchObject({ startsOn: '2026-08-05', dueOn: '2026-08-19' });
    expect(earliestFinalPlanDate('2026-08-03', null, '2026-08-05')).toBe('2026-08-20');
    expect(earliestFinalPlanDate('2026-08-03', '2026-08-10', '2026-08-05')).toBe('2026-08-10');
  });

  it('property: a notification on or after the decision never turns a late step into a met one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 20 }), (decidedAfter, delay) => {
        const decidedOn = addDays(REQUEST, decidedAfter);
        const notifiedOn = addDays(decidedOn, delay);
        const d = byKey(computeAssessmentDeadlines(facts({ decisionToAssess: { decision: 'assess', decidedOn, notifiedOn } }), '2027-01-01'));
        expect(d.decision_to_assess.status).toBe(daysBetween(REQUEST, notifiedOn) <= 42 ? DeadlineStatus.Met : DeadlineStatus.Late);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a requested school is consulted before it is named (CFA s39; CoP 9.83, guidance)', () => {
  it('gives each consultation a 15-day guidance deadline, never chased as overdue', () => {
    const f = facts({ decisionToAssess: { decision: 'assess', decidedOn: '2026-05-20' }, decisionToIssue: { decision: 'issue', decidedOn: '2026-08-01' }, draftIssuedOn: '2026-08-03', schoolConsultations: [{ id: 'c', consultedOn: '2026-08-10', respondedOn: null }] });
    const d = byKey(computeAssessmentDeadlines(f, '2026-09-01'));
    expect(d['consultation:c']).toMatchObject({ kind: DeadlineKind.SchoolConsultation, dueOn: '2026-08-25', statutory: false, status: DeadlineStatus.Overdue, chasedWhenOverdue: false });
    expect(d['consultation:c'].regulation).toContain('s39');
  });
});
