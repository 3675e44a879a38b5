import { addDays, daysBetween, IsoDate, isOnOrBefore } from './dates';
import { DeadlineKind, STATUTORY_RULES } from './rules';

/** DfE measure: a plan issued within 20 weeks (140 days) of the request, the due day included. */
export function issuedWithin20Weeks(requestReceivedOn: IsoDate, finalIssuedOn: IsoDate): boolean {
  return isOnOrBefore(finalIssuedOn, addDays(requestReceivedOn, STATUTORY_RULES[DeadlineKind.FinalPlan].days!));
}

/** Weeks from request to final plan, to one decimal place (DfE publishes the average). */
export function weeksToIssue(requestReceivedOn: IsoDate, finalIssuedOn: IsoDate): number {
  return Math.round((daysBetween(requestReceivedOn, finalIssuedOn) / 7) * 10) / 10;
}

/** The day limits of the DfE bands: up to day 140 is within 20 weeks; up to day 364 within 52 weeks. */
export const DFE_BAND_LIMITS = { within20WeeksMaxDays: 140, within52WeeksMaxDays: 364 } as const;

/** The DfE publication's bands: within 20 weeks, 20 to 52 weeks, over 52 weeks. */
export enum TimelinessBand {
  Within20Weeks = 'within_20_weeks',
  From20To52Weeks = '20_to_52_weeks',
  Over52Weeks = 'over_52_weeks',
}

export function timelinessBand(requestReceivedOn: IsoDate, finalIssuedOn: IsoDate): TimelinessBand {
  const days = daysBetween(requestReceivedOn, finalIssuedOn);
  if (days <= DFE_BAND_LIMITS.within20WeeksMaxDays) return TimelinessBand.Within20Weeks;
  return days <= DFE_BAND_LIMITS.within52WeeksMaxDays ? TimelinessBand.From20To52Weeks : TimelinessBand.Over52Weeks;
}

/** DfE measure: the decision whether to assess was made within 6 weeks. */
export function decidedWithin6Weeks(requestReceivedOn: IsoDate, decidedOn: IsoDate): boolean {
  return isOnOrBefore(decidedOn, addDays(requestReceivedOn, STATUTORY_RULES[DeadlineKind.DecisionToAssess].days!));
}

/** DfE measure: a decision not to issue was notified within 16 weeks. */
export function noPlanNoticeWithin16Weeks(requestReceivedOn: IsoDate, decidedOn: IsoDate): boolean {
  return isOnOrBefore(decidedOn, addDays(requestReceivedOn, STATUTORY_RULES[DeadlineKind.NoPlanNotice].days!));
}
