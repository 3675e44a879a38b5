import { judgeExceptionRate, OUTLIER_RULE } from './exception-outliers';

describe('exception-rate outliers', () => {
  const all = { plansIssued: 1000, withExceptions: 100 };
  it('flags a group that marks every plan as an exception', () => {
    expect(judgeExceptionRate({ plansIssued: 40, withExceptions: 40 }, all)).toEqual({ percentWithExceptions: 100, restPercentWithExceptions: 6.3, flagged: true });
  });
  it('does not flag a group near the rest', () => {
    expect(judgeExceptionRate({ plansIssued: 100, withExceptions: 15 }, all)).toMatchObject({ percentWithExceptions: 15, flagged: false });
  });
  it('needs both twice the rest and 25 points above it', () => {
    // 30% against 10%: three times but only 20 points above.
    expect(judgeExceptionRate({ plansIssued: 100, withExceptions: 30 }, { plansIssued: 1000, withExceptions: 120 }).flagged).toBe(false);
    // 36% against 10%: 26 points and 3.6 times.
    expect(judgeExceptionRate({ plansIssued: 100, withExceptions: 36 }, { plansIssued: 1000, withExceptions: 126 }).flagged).toBe(true);
    // 80% against 50%: 30 points but not twice.
    expect(judgeExceptionRate({ plansIssued: 100, withExceptions: 80 }, { plansIssued: 200, withExceptions: 130 }).flagged).toBe(false);
  });
  it('ignores groups too small to judge, and copes with no rest', () => {
    expect(judgeExceptionRate({ plansIssued: OUTLIER_RULE.minPlans - 1, withExceptions: OUTLIER_RULE.minPlans - 1 }, all).flagged).toBe(false);
    expect(judgeExceptionRate({ plansIssued: 20, withExceptions: 20 }, { plansIssued: 20, withExceptions: 20 })).toEqual({ percentWithExceptions: 100, restPercentWithExceptions: null, flagged: true });
    expect(judgeExceptionRate({ plansIssued: 0, withExceptions: 0 }, all)).toEqual({ percentWithExceptions: null, restPercentWithExceptions: 10, flagged: false });
  });
});
