import { addDays, addMonths, dayOfWeek, daysBetween, IsoDate, isAfter, isBefore, parseIsoDate } from './dates';
import { DeadlineKind, STATUTORY_RULES } from './rules';
import { DFE_BAND_LIMITS } from './timeliness';

const SIX_WEEKS = STATUTORY_RULES[DeadlineKind.DecisionToAssess].days!;
const TWELVE_WEEKS = 2 * SIX_WEEKS;

/** The first day of the date's calendar month. */
export function monthStart(date: IsoDate): IsoDate {
  const { year, month } = parseIsoDate(date);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/** The last day of the date's calendar month. */
export function monthEnd(date: IsoDate): IsoDate {
  return addDays(addMonths(monthStart(date), 1), -1);
}

/** Whole weeks from `from` to `on` (day 0 to 6 is week 0). */
export function wholeWeeksBetween(from: IsoDate, on: IsoDate): number {
  return Math.floor(daysBetween(from, on) / 7);
}

/**
 * A reporting period split into the whole calendar months it covers (read from the monthly summary) and the partial
 * months at either end (read from the case rows). `months` is null when no month lies wholly inside the period.
 */
export interface PeriodSplit {
  months: { first: IsoDate; last: IsoDate } | null;
  partial: { from: IsoDate; to: IsoDate }[];
}

export function splitIntoWholeMonths(from: IsoDate, to: IsoDate): PeriodSplit {
  if (isAfter(from, to)) return { months: null, partial: [] };
  const firstWhole = from === monthStart(from) ? from : addMonths(monthStart(from), 1);
  const lastWhole = to === monthEnd(to) ? monthStart(to) : addMonths(monthStart(to), -1);
  if (isAfter(firstWhole, lastWhole)) return { months: null, partial: [{ from, to }] };
  const partial: { from: IsoDate; to: IsoDate }[] = [];
  if (isBefore(from, firstWhole)) partial.push({ from, to: addDays(firstWhole, -1) });
  const afterWhole = addMonths(lastWhole, 1);
  if (!isAfter(afterWhole, to)) partial.push({ from: afterWhole, to });
  return { months: { first: firstWhole, last: lastWhole }, partial };
}

/** Ageing bands of open cases by weeks since the request, as the risk report shows them. */
export const AGEING_BANDS = [
  { key: 'weeks0To6', fromDay: 0, toDay: SIX_WEEKS - 1 },
  { key: 'weeks6To12', fromDay: SIX_WEEKS, toDay: TWELVE_WEEKS - 1 },
  { key: 'weeks12To20', fromDay: TWELVE_WEEKS, toDay: DFE_BAND_LIMITS.within20WeeksMaxDays },
  { key: 'weeks20To52', fromDay: DFE_BAND_LIMITS.within20WeeksMaxDays + 1, toDay: DFE_BAND_LIMITS.within52WeeksMaxDays },
  { key: 'over52Weeks', fromDay: DFE_BAND_LIMITS.within52WeeksMaxDays + 1, toDay: null },
] as const;

export type AgeingBandKey = (typeof AGEING_BANDS)[number]['key'];

/** The request dates (inclusive) that put a case in each ageing band on `today`. */
export function ageingBandRequestDates(today: IsoDate): { key: AgeingBandKey; receivedFrom: IsoDate | null; receivedTo: IsoDate }[] {
  return AGEING_BANDS.map((band) => ({ key: band.key, receivedFrom: band.toDay === null ? null : addDays(today, -band.toDay), receivedTo: addDays(today, -band.fromDay) }));
}

/** The day of the 20-week limit for a request (the last day a final plan is on time). */
export function twentyWeekDate(requestReceivedOn: IsoDate): IsoDate {
  return addDays(requestReceivedOn, STATUTORY_RULES[DeadlineKind.FinalPlan].days!);
}

/**
 * SEN2 is a snapshot at the January census date of activity in the previous calendar year (statutory-rules.md
 * section 7): the year before the census date's year, 1 January to 31 December.
 */
export function sen2ActivityPeriod(censusDate: IsoDate): { from: IsoDate; to: IsoDate } {
  const year = parseIsoDate(censusDate).year - 1;
  const pad = String(year).padStart(4, '0');
  return { from: `${pad}-01-01`, to: `${pad}-12-31` };
}

/**
 * The SEN2 census date of a year: the third Thursday of January (the DfE's published dates fit it: 15 January 2026,
 * 21 January 2027). The DfE sets each year's date in its guide; a year it sets otherwise must be given explicitly.
 */
export function sen2CensusDate(year: number): IsoDate {
  const first = `${String(year).padStart(4, '0')}-01-01`;
  return addDays(first, ((4 - dayOfWeek(first) + 7) % 7) + 14);
}
