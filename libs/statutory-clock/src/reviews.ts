import { addMonths, IsoDate } from './dates';
import { DeadlineKind, STATUTORY_RULES } from './rules';

/**
 * The next annual review: within 12 months of the plan first being issued, then of each previous review (CFA s44(1)).
 * A shorter interval may be set per plan (guidance for under-5s: 3 to 6 months, CoP 9.178). Month arithmetic clamps
 * to the month's end (a plan issued on 29 February 2028 is due for review by 28 February 2029).
 */
export function reviewDueOn(from: IsoDate, months: number = STATUTORY_RULES[DeadlineKind.ReviewDue].months!): IsoDate {
  if (!Number.isInteger(months) || months < 1 || months > 12) throw new RangeError(`A review interval is 1 to 12 months, not ${months}`);
  return addMonths(from, months);
}
