/**
 * Anomalies (docs/reports.md): a team or LA whose share of plans flagged with the DfE 20-week exceptions is far
 * above the rest. The DfE has flagged LAs that marked every plan as an exception, which lifts the headline measure
 * (exceptions leave both counts). A group is flagged when it has at least MIN_PLANS plans in the period and its rate is
 * both at least TIMES_REST times the rate of everyone else and at least POINTS_ABOVE percentage points above it.
 */
export const OUTLIER_RULE = { minPlans: 10, timesRest: 2, pointsAbove: 25 } as const;

export interface ExceptionGroup {
  plansIssued: number;
  withExceptions: number;
}

export interface OutlierVerdict {
  percentWithExceptions: number | null;
  restPercentWithExceptions: number | null;
  flagged: boolean;
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : (part / whole) * 100);
const oneDecimal = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);

/** Judge one group against the rest (all plans minus the group's). */
export function judgeExceptionRate(group: ExceptionGroup, all: ExceptionGroup): OutlierVerdict {
  const own = rate(group.withExceptions, group.plansIssued);
  const rest = rate(all.withExceptions - group.withExceptions, all.plansIssued - group.plansIssued);
  const flagged = own !== null && group.plansIssued >= OUTLIER_RULE.minPlans && own >= (rest ?? 0) * OUTLIER_RULE.timesRest && own - (rest ?? 0) >= OUTLIER_RULE.pointsAbove;
  return { percentWithExceptions: oneDecimal(own), restPercentWithExceptions: oneDecimal(rest), flagged };
}
