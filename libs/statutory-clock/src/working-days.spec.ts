import { addWorkingDays, bankHolidays, easterSunday, isWorkingDay, UnsupportedYearError } from './working-days';

/** GOV.UK "UK bank holidays", England and Wales. */
const PUBLISHED: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28'],
  2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
};

describe('bank holidays in England and Wales', () => {
  it.each(Object.entries(PUBLISHED))('%s matches the published list', (year, dates) => {
    expect([...bankHolidays(Number(year))].sort()).toEqual(dates);
  });

  it('finds Easter Sunday', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2019)).toBe('2019-04-21');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('refuses years it has no data for, rather than guessing', () => {
    expect(() => bankHolidays(2014)).toThrow(UnsupportedYearError);
    expect(() => bankHolidays(2036)).toThrow(UnsupportedYearError);
    expect(() => isWorkingDay('2040-01-02')).toThrow(UnsupportedYearError);
  });
});

describe('working days', () => {
  it('skips weekends and bank holidays', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(isWorkingDay('2026-12-28')).toBe(false); // Boxing Day substitute
  });

  it('counts forward from the day after the start', () => {
    expect(addWorkingDays('2026-11-23', 0)).toBe('2026-11-23');
    expect(addWorkingDays('2026-11-23', 1)).toBe('2026-11-24');
    expect(addWorkingDays('2026-11-20', 1)).toBe('2026-11-23'); // Friday -> Monday
    expect(addWorkingDays('2026-12-23', 3)).toBe('2026-12-30'); // over Christmas: 24, 29, 30
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07'); // over Easter
    expect(addWorkingDays('2026-12-10', 15)).toBe('2027-01-05'); // 15 working days (a plan transfer, Regs 15): Christmas, the 28th and New Year skipped
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays('2026-11-23', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', 1.5)).toThrow(RangeError);
  });
});
