import { decidedWithin6Weeks, issuedWithin20Weeks, noPlanNoticeWithin16Weeks, TimelinessBand, timelinessBand, weeksToIssue } from './timeliness';

describe('DfE timeliness measures', () => {
  it('counts a plan issued on day 140 as within 20 weeks, day 141 as not', () => {
    expect(issuedWithin20Weeks('2026-01-05', '2026-05-25')).toBe(true);
    expect(issuedWithin20Weeks('2026-01-05', '2026-05-26')).toBe(false);
    expect(issuedWithin20Weeks('2028-01-05', '2028-05-24')).toBe(true); // leap year: still 140 days
    expect(issuedWithin20Weeks('2028-01-05', '2028-05-25')).toBe(false);
  });

  it('puts plans in the published bands', () => {
    expect(timelinessBand('2026-01-05', '2026-05-25')).toBe(TimelinessBand.Within20Weeks);
    expect(timelinessBand('2026-01-05', '2026-05-26')).toBe(TimelinessBand.From20To52Weeks);
    expect(timelinessBand('2026-01-05', '2027-01-04')).toBe(TimelinessBand.From20To52Weeks); // day 364
    expect(timelinessBand('2026-01-05', '2027-01-05')).toBe(TimelinessBand.Over52Weeks); // day 365
  });

  it('measures weeks to issue to one decimal place', () => {
    expect(weeksToIssue('2026-01-05', '2026-05-25')).toBe(20);
    expect(weeksToIssue('2026-01-05', '2026-05-28')).toBe(20.4);
  });

  it('measures the 6-week decision and the 16-week no-plan notice', () => {
    expect(decidedWithin6Weeks('2026-01-05', '2026-02-16')).toBe(true);
    expect(decidedWithin6Weeks('2026-01-05', '2026-02-17')).toBe(false);
    expect(noPlanNoticeWithin16Weeks('2026-01-05', '2026-04-27')).toBe(true);
    expect(noPlanNoticeWithin16Weeks('2026-01-05', '2026-04-28')).toBe(false);
  });
});
