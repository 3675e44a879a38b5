/**
 * The scorecard's measures and how a value is judged against an LA's target (docs/reports.md, "Scorecard"). Pure:
 * the service fetches the values from the reports, these rules say red, amber or green and which way it moved.
 */
export type Direction = 'higher_is_better' | 'lower_is_better';
export type Rag = 'red' | 'amber' | 'green' | 'no_target' | 'no_data';
export type Trend = 'improving' | 'worsening' | 'unchanged' | 'no_data';

export interface ScorecardMeasure {
  key: string;
  label: string;
  direction: Direction;
  /** Where the value comes from, for the reader. */
  source: string;
}

export const SCORECARD_MEASURES: readonly ScorecardMeasure[] = [
  { key: 'timeliness_20_weeks_excl', label: 'Final plans issued within 20 weeks, excluding exceptions (%)', direction: 'higher_is_better', source: 'reports/timeliness excludingExceptions.percentWithin20Weeks' },
  { key: 'timeliness_20_weeks', label: 'Final plans issued within 20 weeks, including exceptions (%)', direction: 'higher_is_better', source: 'reports/timeliness percentWithin20Weeks' },
  { key: 'decisions_to_assess_6_weeks', label: 'Decisions whether to assess within 6 weeks (%)', direction: 'higher_is_better', source: 'reports/timeliness decisionsWithin6Weeks.percentOnTime' },
  { key: 'reviews_4_weeks_dfe', label: 'Review decisions within 4 weeks of the meeting, DfE measure (%)', direction: 'higher_is_better', source: 'reports/reviews dfeReviewMeasure.percentWithin4Weeks (the year of the period end)' },
  { key: 'amended_plans_8_weeks', label: 'Amended plans within 8 weeks of the notice, local measure (%)', direction: 'higher_is_better', source: 'reports/reviews amendedPlans.percentWithin8Weeks' },
  { key: 'appeal_rate', label: 'Appeals lodged per 100 appealable decisions (%)', direction: 'lower_is_better', source: 'reports/appeals appealRate' },
];

export const SCORECARD_MEASURE_KEYS = SCORECARD_MEASURES.map((m) => m.key);

export function measureOf(key: string): ScorecardMeasure | undefined {
  return SCORECARD_MEASURES.find((m) => m.key === key);
}

/** Whether a threshold is on the right side of the target for the measure's direction (amber sits between red and green). */
export function thresholdsAgree(direction: Direction, target: number, amber: number): boolean {
  return direction === 'higher_is_better' ? amber <= target : amber >= target;
}

/** Green at or beyond the target, amber at or beyond the threshold, red short of it ("beyond": the measure's direction). */
export function rag(direction: Direction, value: number | null, target: { target: number; amber: number } | null): Rag {
  if (value === null) return 'no_data';
  if (!target) return 'no_target';
  const atLeast = (limit: number) => (direction === 'higher_is_better' ? value >= limit : value <= limit);
  return atLeast(target.target) ? 'green' : atLeast(target.amber) ? 'amber' : 'red';
}

/** Which way the value moved against the previous period of the same length, in the measure's terms. */
export function trend(direction: Direction, value: number | null, previous: number | null): Trend {
  if (value === null || previous === null) return 'no_data';
  if (value === previous) return 'unchanged';
  return value > previous === (direction === 'higher_is_better') ? 'improving' : 'worsening';
}
