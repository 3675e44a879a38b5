import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays';
import { dayOfWeek, fromDayNumber, IsoDate, parseIsoDate, toDayNumber } from './dates';

/** Only a few SEND rules count working days (transfer of a plan between LAs, mediation certificates). */
export class UnsupportedYearError extends Error {
  constructor(readonly year: number) {
    const years = Object.keys(ENGLAND_AND_WALES_BANK_HOLIDAYS).map(Number);
    super(`Bank holidays are only known for ${Math.min(...years)}-${Math.max(...years)}, not ${year}: add the year to libs/statutory-clock/src/bank-holidays.ts`);
    this.name = 'UnsupportedYearError';
  }
}

const byYear = new Map(Object.entries(ENGLAND_AND_WALES_BANK_HOLIDAYS).map(([year, dates]) => [Number(year), new Set(dates)]));

/** The bank holidays of a year in England and Wales (from the data in bank-holidays.ts). */
export function bankHolidays(year: number): ReadonlySet<IsoDate> {
  const days = byYear.get(year);
  if (!days) throw new UnsupportedYearError(year);
  return days;
}

export function isWorkingDay(date: IsoDate): boolean {
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return false;
  return !bankHolidays(parseIsoDate(date).year).has(date);
}

/** The date `count` working days after `date` (the start day itself never counts). */
export function addWorkingDays(date: IsoDate, count: number): IsoDate {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a whole number of days, not ${count}`);
  let day = toDayNumber(date);
  let remaining = count;
  while (remaining > 0) {
    day += 1;
    if (isWorkingDay(fromDayNumber(day))) remaining -= 1;
  }
  return fromDayNumber(day);
}
