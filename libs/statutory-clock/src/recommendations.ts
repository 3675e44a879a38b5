import { ComputedDeadline } from './assessment-deadlines';
import { addDays, formatLongDate, IsoDate } from './dates';
import { DeadlineKind, STATUTORY_RULES } from './rules';
import { boundaryDeadline, lastOfWorkingDaysBeginningWith } from './transfers';

/**
 * The health and social care bodies' answers (statutory-rules.md sections 6 and 9): a Tribunal recommendation's written
 * answer (the SEND (First-tier Tribunal Recommendations Power) Regulations 2017), a new health commissioning body's
 * answer on the plan's health provision (SEND Regulations 2014, reg 16). The direct payment reviewed at each annual
 * review (CFA s49) is a review deadline (reviews.ts). Pure functions over calendar dates.
 */

export const RECOMMENDATION_ANSWER_REGULATION = STATUTORY_RULES[DeadlineKind.RecommendationAnswer].regulation;
export const HEALTH_BODY_REVIEW_REGULATION = STATUTORY_RULES[DeadlineKind.HealthBodyReview].regulation;

/** Which body a Tribunal recommendation is about: health (the commissioning body) or social care (the LA's). */
export type RecommendationKind = 'health' | 'social_care';

/** The body's written answer to a recommendation: within 5 weeks of the Tribunal's decision (day D + 35). */
export function recommendationAnswerDueOn(decidedOn: IsoDate): IsoDate {
  return addDays(decidedOn, STATUTORY_RULES[DeadlineKind.RecommendationAnswer].days!);
}

export interface RecommendationFacts {
  id: string;
  kind: RecommendationKind;
  body: string;
  decidedOn: IsoDate;
  /** The day the body's written answer was given, or null. */
  answeredOn: IsoDate | null;
}

/** One deadline per recommendation, keyed `recommendation:<id>` on the appeal; met by the body's written answer. */
export function computeRecommendationDeadlines(recommendations: readonly RecommendationFacts[], today: IsoDate): ComputedDeadline[] {
  return recommendations.map((r) => {
    const dueOn = recommendationAnswerDueOn(r.decidedOn);
    const what = r.kind === 'health' ? 'health' : 'social care';
    return {
      ...boundaryDeadline(DeadlineKind.RecommendationAnswer, r.decidedOn, dueOn, r.answeredOn, false, today,
        `The Tribunal's ${what} recommendation of ${formatLongDate(r.decidedOn)} to ${r.body} must be answered in writing within 5 weeks: by ${formatLongDate(dueOn)} (${RECOMMENDATION_ANSWER_REGULATION}).`),
      key: `recommendation:${r.id}`,
    };
  });
}

/**
 * A new health commissioning body for a plan (Regs 16): where it cannot secure the health provision in section G, it
 * asks the LA to assess or review within 15 working days beginning with the day it became aware of the change.
 */
export function healthBodyReviewDueOn(awareOn: IsoDate): IsoDate {
  return lastOfWorkingDaysBeginningWith(awareOn, STATUTORY_RULES[DeadlineKind.HealthBodyReview].days!);
}

export interface HealthBodyChangeFacts {
  /** The day the new body became responsible, or learned it had (the period begins with it). */
  changedOn: IsoDate;
  /** The day the new body answered (secures the provision, or asked for a review or an assessment), or null. */
  answeredOn: IsoDate | null;
  /** The plan stopped being maintained, or the change was superseded before an answer: the duty falls away. */
  endedOn: IsoDate | null;
}

export function computeHealthBodyChangeDeadlines(facts: HealthBodyChangeFacts, today: IsoDate): ComputedDeadline[] {
  const dueOn = healthBodyReviewDueOn(facts.changedOn);
  return [
    boundaryDeadline(DeadlineKind.HealthBodyReview, facts.changedOn, dueOn, facts.answeredOn, facts.answeredOn === null && facts.endedOn !== null, today,
      `The plan's health commissioning body changed on ${formatLongDate(facts.changedOn)}: the new body must say whether it can secure the health provision in section G, or ask the LA to review the plan or assess, within 15 working days: by ${formatLongDate(dueOn)} (${HEALTH_BODY_REVIEW_REGULATION}).`),
  ];
}
