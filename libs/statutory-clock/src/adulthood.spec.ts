import { planMayContinueUntil, preparingForAdulthoodRequired } from './adulthood';

describe('preparing for adulthood', () => {
  it('is required from Year 9 (CoP 8.9, 9.166)', () => {
    // Born 10 May 2013: Year 8 in 2025/26, Year 9 from September 2026.
    expect(preparingForAdulthoodRequired('2013-05-10', '2026-07-01')).toBe(false);
    expect(preparingForAdulthoodRequired('2013-05-10', '2026-09-01')).toBe(true);
    expect(preparingForAdulthoodRequired('2015-05-10', '2026-09-01', 9)).toBe(true);
  });

  it('lets a plan continue to the end of the academic year of the 25th birthday (CFA s46)', () => {
    expect(planMayContinueUntil('2001-03-15')).toBe('2026-07-31'); // 25 on 15 March 2026: academic year 2025/26
    expect(planMayContinueUntil('2001-07-31')).toBe('2026-07-31');
    expect(planMayContinueUntil('2001-08-01')).toBe('2027-07-31'); // 25 on 1 August 2026: academic year 2026/27
    expect(planMayContinueUntil('2001-12-25')).toBe('2027-07-31');
  });
});
