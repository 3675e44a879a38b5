import { addDays, dayOfWeek, fromDayNumber, IsoDate, parseIsoDate, toDayNumber } from './dates';

/**
 * Bank holidays in England and Wales (Banking and Financial Dealings Act 1971 and royal proclamations), computed
 * from the standing rules, with the one-off moves and extra days listed. Only a few SEND rules count working days
 * (transfer between LAs, mediation certificates).
 */
const FIRST_SUPPORTED_YEAR = 2015;
const LAST_SUPPORTED_YEAR = 2035;

/** Proclaimed changes to the standing rules: holidays moved away (`remove`) and extra days (`add`). */
const PROCLAIMED: Record<number, { remove?: IsoDate[]; add?: IsoDate[] }> = {
  2020: { remove: ['2020-05-04'], add: ['2020-05-08'] }, // VE Day 75
  2022: { remove: ['2022-05-30'], add: ['2022-06-02', '2022-06-03', '2022-09-19'] }, // Platinum Jubilee; the Queen's funeral
  2023: { add: ['2023-05-08'] }, // Coronation
};

export class UnsupportedYearError extends Error {
  constructor(readonly year: number) {
    super(`Bank holidays are only known for ${FIRST_SUPPORTED_YEAR}-${LAST_SUPPORTED_YEAR}, not ${year}`);
    this.name = 'UnsupportedYearError';
  }
}

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): IsoDate {
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

function firstMonday(year: number, month: number): IsoDate {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  return addDays(first, (8 - dayOfWeek(first)) % 7);
}

function lastMonday(year: number, month: number): IsoDate {
  const nextFirst = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  const last = addDays(nextFirst, -1);
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

/** A holiday on a weekend moves to the next weekday not already taken. */
function substitute(date: IsoDate, taken: Set<IsoDate>): IsoDate {
  let day = date;
  while (dayOfWeek(day) === 0 || dayOfWeek(day) === 6 || taken.has(day)) day = addDays(day, 1);
  return day;
}

const cache = new Map<number, Set<IsoDate>>();

export function bankHolidays(year: number): Set<IsoDate> {
  if (year < FIRST_SUPPORTED_YEAR || year > LAST_SUPPORTED_YEAR) throw new UnsupportedYearError(year);
  const cached = cache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const days = new Set<IsoDate>();
  days.add(substitute(`${year}-01-01`, days));
  days.add(addDays(easter, -2));
  days.add(addDays(easter, 1));
  days.add(firstMonday(year, 5));
  days.add(lastMonday(year, 5));
  days.add(lastMonday(year, 8));
  days.add(substitute(`${year}-12-25`, days));
  days.add(substitute(`${year}-12-26`, days));
  for (const removed of PROCLAIMED[year]?.remove ?? []) days.delete(removed);
  for (const added of PROCLAIMED[year]?.add ?? []) days.add(added);
  cache.set(year, days);
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
