import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays';
import { addDays, dayOfWeek, IsoDate } from './dates';
import { addWorkingDays, bankHolidays, isWorkingDay, UnsupportedYearError } from './working-days';

/** Easter Sunday (anonymous Gregorian algorithm), for checking the data against the standing rules. */
function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const firstMonday = (year: number, month: number) => addDays(`${year}-${pad(month)}-01`, (8 - dayOfWeek(`${year}-${pad(month)}-01`)) % 7);
function lastMonday(year: number, month: number): IsoDate {
  const last = addDays(month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`, -1);
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

/** The standing rules of the Banking and Financial Dealings Act 1971, with weekend substitutes; no proclamations. */
function fromStandingRules(year: number): IsoDate[] {
  const days = new Set<IsoDate>();
  const substitute = (date: IsoDate) => {
    let day = date;
    while (dayOfWeek(day) === 0 || dayOfWeek(day) === 6 || days.has(day)) day = addDays(day, 1);
    return day;
  };
  days.add(substitute(`${year}-01-01`));
  days.add(addDays(easterSunday(year), -2));
  days.add(addDays(easterSunday(year), 1));
  days.add(firstMonday(year, 5));
  days.add(lastMonday(year, 5));
  days.add(lastMonday(year, 8));
  days.add(substitute(`${year}-12-25`));
  days.add(substitute(`${year}-12-26`));
  return [...days].sort();
}

/** Years whose holidays were changed by proclamation (VE Day 75; the Platinum Jubilee and the state funeral; the Coronation). */
const PROCLAIMED_YEARS = [2020, 2022, 2023];

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

  it('holds, for every other year of data, exactly what the standing rules give', () => {
    const years = Object.keys(ENGLAND_AND_WALES_BANK_HOLIDAYS).map(Number).filter((year) => !PROCLAIMED_YEARS.includes(year));
    expect(years.length).toBeGreaterThan(15);
    for (const year of years) expect({ year, dates: [...ENGLAND_AND_WALES_BANK_HOLIDAYS[year]] }).toEqual({ year, dates: fromStandingRules(year) });
  });

  it('cross-checks the Easter computation', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2019)).toBe('2019-04-21');
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
