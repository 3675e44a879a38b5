import { decisionRightsHolder, endOfCompulsorySchoolAge, schoolLeavingDate } from './school-age';

describe('school leaving date', () => {
  it.each([
    [2024, '2024-06-28'],
    [2025, '2025-06-27'],
    [2026, '2026-06-26'],
    [2027, '2027-06-25'],
    [2032, '2032-06-25'],
    [2035, '2035-06-29'],
  ])('is the last Friday in June %i', (year, expected) => {
    expect(schoolLeavingDate(year)).toBe(expected);
  });
});

describe('end of compulsory school age', () => {
  it('is the leaving date of the school year in which the child turns 16', () => {
    expect(endOfCompulsorySchoolAge('2010-01-15')).toBe('2026-06-26');
    expect(endOfCompulsorySchoolAge('2010-08-31')).toBe('2026-06-26'); // summer-born: same school year
    expect(endOfCompulsorySchoolAge('2010-09-01')).toBe('2027-06-25'); // autumn-born: next June
    expect(endOfCompulsorySchoolAge('2010-12-31')).toBe('2027-06-25');
  });

  it('handles a 29 February birthday', () => {
    expect(endOfCompulsorySchoolAge('2012-02-29')).toBe('2028-06-30');
  });
});

describe('decision rights', () => {
  it('pass to the young person the day after compulsory school age ends', () => {
    expect(decisionRightsHolder('2010-01-15', '2026-06-26', false)).toBe('parent');
    expect(decisionRightsHolder('2010-01-15', '2026-06-27', false)).toBe('young_person');
  });

  it('stay with the parent when the young person lacks capacity', () => {
    expect(decisionRightsHolder('2005-01-15', '2026-06-27', true)).toBe('parent');
  });
});
