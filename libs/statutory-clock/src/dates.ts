/**
 * Calendar dates as `YYYY-MM-DD` strings. All arithmetic runs on whole day numbers (days since 1970-01-01), so the
 * answer never depends on the process time zone or on daylight saving: a date is a date, not a midnight.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export class InvalidDateError extends Error {
  constructor(readonly value: unknown) {
    super(`Not a calendar date in the form YYYY-MM-DD: ${JSON.stringify(value)}`);
    this.name = 'InvalidDateError';
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a `YYYY-MM-DD` string naming a day that exists (2015-02-30 and 2026-13-01 do not). */
export function isValidIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The date's parts; throws InvalidDateError for anything that is not a real calendar date. */
export function parseIsoDate(value: IsoDate): { year: number; month: number; day: number } {
  if (!isValidIsoDate(value)) throw new InvalidDateError(value);
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5, 7)), day: Number(value.slice(8, 10)) };
}

function format(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01. */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return Math.round(utc.getTime() / MS_PER_DAY);
}

export function fromDayNumber(dayNumber: number): IsoDate {
  const utc = new Date(dayNumber * MS_PER_DAY);
  return format(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

export function addWeeks(date: IsoDate, weeks: number): IsoDate {
  return addDays(date, weeks * 7);
}

/** Calendar months; a day that does not exist in the target month clamps to its last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return format(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return Math.sign(toDayNumber(a) - toDayNumber(b));
}

export const isBefore = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) < 0;
export const isAfter = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) > 0;
export const isOnOrBefore = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) <= 0;
export const isOnOrAfter = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) >= 0;

export function minDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((min, d) => (isBefore(d, min) ? d : min), first);
}

export function maxDate(first: IsoDate, ...rest: IsoDate[]): IsoDate {
  return rest.reduce((max, d) => (isAfter(d, max) ? d : max), first);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in England at an instant, whatever the process TZ (00:30 BST on 1 June is 1 June, not 31 May). */
export function todayInLondon(instant: Date): IsoDate {
  const parts = Object.fromEntries(LONDON_DATE.formatToParts(instant).map((p) => [p.type, p.value]));
  return format(Number(parts.year), Number(parts.month), Number(parts.day));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "5 January 2026", or "Monday 5 January 2026" with the weekday: the style of letters to families. */
export function formatLongDate(date: IsoDate, options: { weekday?: boolean } = {}): string {
  const { year, month, day } = parseIsoDate(date);
  const text = `${day} ${MONTHS[month - 1]} ${year}`;
  return options.weekday ? `${WEEKDAYS[dayOfWeek(date)]} ${text}` : text;
}

/** Age in whole years on a day. Someone born on 29 February reaches a new age on 1 March in other years. */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const birth = parseIsoDate(dateOfBirth);
  const day = parseIsoDate(on);
  let age = day.year - birth.year;
  if (day.month < birth.month || (day.month === birth.month && day.day < birth.day)) age -= 1;
  return age;
}

const LONDON_WALL_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Minutes London is ahead of UTC at an instant (0 in winter, 60 in summer time). */
function londonOffsetMinutes(epochMs: number): number {
  const p = Object.fromEntries(LONDON_WALL_CLOCK.formatToParts(new Date(epochMs)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / 60000);
}

/** A wall-clock time of day in England, "HH:MM" (24-hour). */
export type LondonTime = string;

export function isValidLondonTime(value: unknown): value is LondonTime {
  return typeof value === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}

/**
 * The instant at which a London calendar date reaches a wall-clock time ("07:00" on 30 March 2026 is 06:00 UTC,
 * in summer time). A time the spring change skips (01:30 on its Sunday) is moved an hour on, to 02:30 BST; a time
 * the autumn change repeats is its first occurrence.
 */
export function londonInstant(date: IsoDate, time: LondonTime): Date {
  if (!isValidLondonTime(time)) throw new Error(`"${time}" is not a time of day in the form HH:MM`);
  const { year, month, day } = parseIsoDate(date);
  const [hour, minute] = time.split(':').map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const candidates = [wall - londonOffsetMinutes(wall) * 60000, wall - 60 * 60000, wall];
  const exact = candidates.filter((at) => londonOffsetMinutes(at) * 60000 === wall - at);
  return new Date(exact.length > 0 ? Math.min(...exact) : wall);
}
