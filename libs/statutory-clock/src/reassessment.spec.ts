import { computeReassessmentDeadlines, reassessmentDecisionDueOn, reassessmentExceptionProblem, reassessmentOutcomeDueOn, withinSixMonthsOfLastAssessment } from './reassessment';
import { ExceptionGround } from './rules';

describe('re-assessment (CFA s44(2)-(3); SEND Regulations 2014, regs 23-27)', () => {
  it('applies the 6-month rule from the last assessment (Regs 24)', () => {
    expect(withinSixMonthsOfLastAssessment('2025-10-01', '2026-03-31')).toBe(true);
    expect(withinSixMonthsOfLastAssessment('2025-10-01', '2026-04-01')).toBe(false);
    expect(withinSixMonthsOfLastAssessment('2025-08-31', '2026-02-27')).toBe(true); // 31 August + 6 months clamps to 28 February
    expect(withinSixMonthsOfLastAssessment('2025-08-31', '2026-02-28')).toBe(false);
  });

  it('dates the decision 15 days from the request (verify) and the outcome 14 weeks from the decision (Regs 27(2))', () => {
    expect(reassessmentDecisionDueOn('2026-03-02')).toBe('2026-03-17');
    expect(reassessmentOutcomeDueOn('2026-03-16')).toBe('2026-06-22');
  });

  it('keeps the statutory date under a Regs 27(3) exception and shows a management target', () => {
    const facts = {
      receivedOn: '2026-03-02',
      decision: { decision: 'reassess' as const, notifiedOn: '2026-03-16' },
      outcome: null,
      exceptions: [{ id: 'x1', ground: ExceptionGround.PersonalCircumstances, startsOn: '2026-04-01', endsOn: '2026-04-10' }],
      endedOn: null,
    };
    const [decision, outcome] = computeReassessmentDeadlines(facts, '2026-06-23');
    expect(decision).toMatchObject({ kind: 'reassessment_decision', status: 'met', completedOn: '2026-03-16', regulation: 'SEND Regulations 2014, reg 25(1) (15 days: verify)' });
    expect(outcome).toMatchObject({ kind: 'reassessment_outcome', dueOn: '2026-06-22', managementTargetOn: '2026-07-02', exceptionIds: ['x1'], status: 'overdue', regulation: 'SEND Regulations 2014, reg 27(2)' });
    const done = computeReassessmentDeadlines({ ...facts, outcome: { kind: 'amended_plan', on: '2026-06-01' } }, '2026-06-23');
    expect(done[1].status).toBe('met');
  });

  it('opens no outcome deadline on a refusal, and closes open duties when the plan ends', () => {
    expect(computeReassessmentDeadlines({ receivedOn: '2026-03-02', decision: { decision: 'refuse', notifiedOn: '2026-03-10' }, outcome: null, exceptions: [], endedOn: null }, '2026-03-11')).toHaveLength(1);
    const [ended] = computeReassessmentDeadlines({ receivedOn: '2026-03-02', decision: null, outcome: null, exceptions: [], endedOn: '2026-03-05' }, '2026-03-20');
    expect(ended.status).toBe('not_applicable');
  });

  it('refuses an absence shorter than 4 weeks as an exception', () => {
    expect(reassessmentExceptionProblem({ ground: ExceptionGround.AbsenceFromArea, startsOn: '2026-04-01', endsOn: '2026-04-10' })).toMatch(/4 continuous weeks/);
    expect(reassessmentExceptionProblem({ ground: ExceptionGround.PersonalCircumstances, startsOn: '2026-04-01', endsOn: '2026-04-10' })).toBeNull();
  });
});
