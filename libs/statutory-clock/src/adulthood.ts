import { IsoDate, parseIsoDate } from './dates';
import { PREPARATION_FOR_ADULTHOOD_FROM_YEAR, yearGroupOn } from './reviews';

/**
 * Preparing for adulthood (statutory-rules.md section 9): from Year 9 every review covers it (CoP 8.9, 9.166) and the
 * plan's E and F carry outcomes and provision for it (Regs 12(3)); a plan may continue to the end of the academic year
 * in which the young person turns 25 (CFA s46).
 */

export const PFA_AREAS = ['employment', 'independent_living', 'community', 'health'] as const;
export type PreparingForAdulthoodArea = (typeof PFA_AREAS)[number];

export const PFA_OUTCOMES_RULE = 'SEND Regulations 2014, reg 12(3): from Year 9, outcomes and provision for preparing for adulthood; SEND Code of Practice 2015, paras 8.9 and 9.166';
/** "Academic year" as 1 August to 31 July is taken from the Act's interpretation (verify). */
export const PLAN_AGE_LIMIT_RULE = 'Children and Families Act 2014, s46 (academic year 1 August to 31 July: verify)';

/** Whether preparation for adulthood is required on a day: Year 9 and above. */
export function preparingForAdulthoodRequired(dateOfBirth: IsoDate, on: IsoDate, yearGroupOverride: number | null = null): boolean {
  return (yearGroupOverride ?? yearGroupOn(dateOfBirth, on)) >= PREPARATION_FOR_ADULTHOOD_FROM_YEAR;
}

/**
 * The last day a plan may continue (CFA s46): the end (31 July) of the academic year in which the young person turns
 * 25. A 25th birthday from 1 August falls in the academic year ending the next 31 July.
 */
export function planMayContinueUntil(dateOfBirth: IsoDate): IsoDate {
  const { year, month } = parseIsoDate(dateOfBirth);
  const birthdayYear = year + 25;
  const endYear = month >= 8 ? birthdayYear + 1 : birthdayYear;
  return `${String(endYear).padStart(4, '0')}-07-31`;
}
