import { addMonths, IsoDate, isAfter } from './dates';

/** The last Friday in June of a year: the school leaving date (Education (School Leaving Date) Order 1997). */
export function schoolLeavingDate(year: number): IsoDate {
  const june30 = new Date(Date.UTC(year, 5, 30));
  const daysBackToFriday = (june30.getUTCDay() - 5 + 7) % 7;
  const day = 30 - daysBackToFriday;
  return `${String(year).padStart(4, '0')}-06-${String(day).padStart(2, '0')}`;
}

/**
 * The end of compulsory school age (Education Act 1996 s8): the school leaving date of the school year in which the
 * child turns 16. A 16th birthday from September to December falls in the school year that ends the next June.
 */
export function endOfCompulsorySchoolAge(dateOfBirth: IsoDate): IsoDate {
  const sixteenth = addMonths(dateOfBirth, 16 * 12);
  const year = Number(sixteenth.slice(0, 4));
  const month = Number(sixteenth.slice(5, 7));
  return schoolLeavingDate(month >= 9 ? year + 1 : year);
}

/**
 * Who takes decisions under CFA Part 3: the parent until the end of compulsory school age, then the young person
 * (CFA s83(2)), unless the young person lacks capacity (CFA s80 and the Mental Capacity Act 2005).
 */
export function decisionRightsHolder(dateOfBirth: IsoDate, today: IsoDate, lacksCapacity: boolean): 'parent' | 'young_person' {
  if (lacksCapacity) return 'parent';
  return isAfter(today, endOfCompulsorySchoolAge(dateOfBirth)) ? 'young_person' : 'parent';
}
