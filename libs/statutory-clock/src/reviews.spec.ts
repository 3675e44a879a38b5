import { reviewDueOn } from './reviews';

describe('reviewDueOn', () => {
  it('is 12 months after the plan or the last review by default', () => {
    expect(reviewDueOn('2026-05-25')).toBe('2027-05-25');
    expect(reviewDueOn('2028-02-29')).toBe('2029-02-28');
  });

  it('takes a shorter interval, never a longer one', () => {
    expect(reviewDueOn('2026-05-25', 6)).toBe('2026-11-25');
    expect(() => reviewDueOn('2026-05-25', 13)).toThrow(RangeError);
    expect(() => reviewDueOn('2026-05-25', 0)).toThrow(RangeError);
  });
});
