import { ageingBandRequestDates, monthEnd, monthStart, sen2ActivityPeriod, sen2CensusDate, splitIntoWholeMonths, twentyWeekDate, wholeWeeksBetween } from './reporting-periods';
import { riskAssessor, RiskReason, riskReasons, riskRequestCutoff, RISK_RULES } from './risk';
import { addDays, daysBetween, isOnOrBefore } from './dates';

describe('reporting periods', () => {
  it('finds month bounds, leap years included', () => {
    expect(monthStart('2024-02-29')).toBe('2024-02-01');
    expect(monthEnd('2024-02-10')).toBe('2024-02-29');
    expect(monthEnd('2025-02-10')).toBe('2025-02-28');
    expect(monthEnd('2025-12-31')).toBe('2025-12-31');
  });

  it('splits a period into whole months and partial ends', () => {
    expect(splitIntoWholeMonths('2025-01-01', '2025-12-31')).toEqual({ months: { first: '2025-01-01', last: '2025-12-01' }, partial: [] });
    expect(splitIntoWholeMonths('2025-01-15', '2025-03-10')).toEqual({ months: { first: '2025-02-01', last: '2025-02-01' }, partial: [{ from: '2025-01-15', to: '2025-01-31' }, { from: '2025-03-01', to: '2025-03-10' }] });
    expect(splitIntoWholeMonths('2025-05-26', '2025-05-26')).toEqual({ months: null, partial: [{ from: '2025-05-26', to: '2025-05-26' }] });
    expect(splitIntoWholeMonths('2025-01-31', '2025-02-27')).toEqual({ months: null, partial: [{ from: '2025-01-31', to: '2025-02-27' }] });
    expect(splitIntoWholeMonths('2024-02-01', '2024-02-29')).toEqual({ months: { first: '2024-02-01', last: '2024-02-01' }, partial: [] });
    expect(splitIntoWholeMonths('2025-03-01', '2025-02-01')).toEqual({ months: null, partial: [] });
  });

  it('covers every day of the period exactly once', () => {
    for (const [from, to] of [['2024-12-17', '2026-03-04'], ['2025-06-01', '2025-06-30'], ['2025-06-02', '2025-07-31'], ['2025-06-01', '2025-07-30']]) {
      const split = splitIntoWholeMonths(from, to);
      const days = new Set<string>();
      const add = (a: string, b: string) => {
        for (let d = a; isOnOrBefore(d, b); d = addDays(d, 1)) {
          expect(days.has(d)).toBe(false);
          days.add(d);
        }
      };
      split.partial.forEach((p) => add(p.from, p.to));
      if (split.months) add(split.months.first, monthEnd(split.months.last));
      let expected = 0;
      for (let d = from; isOnOrBefore(d, to); d = addDays(d, 1)) expected++;
      expect(days.size).toBe(expected);
    }
  });

  it('counts whole weeks and the 20-week date', () => {
    expect(wholeWeeksBetween('2026-01-05', '2026-01-11')).toBe(0);
    expect(wholeWeeksBetween('2026-01-05', '2026-01-12')).toBe(1);
    expect(twentyWeekDate('2026-01-05')).toBe('2026-05-25');
  });

  it('gives the request dates of each ageing band', () => {
    const bands = ageingBandRequestDates('2026-05-25');
    expect(bands[0]).toEqual({ key: 'weeks0To6', receivedFrom: '2026-04-14', receivedTo: '2026-05-25' });
    expect(bands[2]).toEqual({ key: 'weeks12To20', receivedFrom: '2026-01-05', receivedTo: '2026-03-02' });
    expect(bands[4]).toEqual({ key: 'over52Weeks', receivedFrom: null, receivedTo: '2025-05-25' });
  });
});

describe('risk rules', () => {
  const today = '2026-05-25'; // day 140 for a request on 2026-01-05
  it('flags a decision not made after week 6, not on day 42', () => {
    expect(riskReasons({ status: 'awaiting_decision', requestReceivedOn: addDays(today, -42), adviceOutstanding: false }, today)).toEqual([]);
    expect(riskReasons({ status: 'awaiting_decision', requestReceivedOn: addDays(today, -43), adviceOutstanding: false }, today)).toEqual([RiskReason.DecisionToAssessOverdue]);
  });
  it('flags outstanding advice only after week 12 and only while it is outstanding', () => {
    expect(riskReasons({ status: 'assessing', requestReceivedOn: addDays(today, -85), adviceOutstanding: true }, today)).toEqual([RiskReason.AdviceOutstandingAfterWeek12]);
    expect(riskReasons({ status: 'assessing', requestReceivedOn: addDays(today, -85), adviceOutstanding: false }, today)).toEqual([]);
    expect(riskReasons({ status: 'assessing', requestReceivedOn: addDays(today, -84), adviceOutstanding: true }, today)).toEqual([]);
  });
  it('flags no draft after week 14 and no decision after week 16, and 20 weeks missed', () => {
    expect(riskReasons({ status: 'drafting', requestReceivedOn: addDays(today, -99), adviceOutstanding: false }, today)).toEqual([RiskReason.NoDraftAfterWeek14]);
    expect(riskReasons({ status: 'assessing', requestReceivedOn: addDays(today, -113), adviceOutstanding: true }, today)).toEqual([RiskReason.AdviceOutstandingAfterWeek12, RiskReason.NoDraftAfterWeek14, RiskReason.NoDecisionToIssueAfterWeek16]);
    expect(riskReasons({ status: 'draft_issued', requestReceivedOn: addDays(today, -140), adviceOutstanding: false }, today)).toEqual([]);
    expect(riskReasons({ status: 'draft_issued', requestReceivedOn: addDays(today, -141), adviceOutstanding: false }, today)).toEqual([RiskReason.FinalPlanOverdue]);
    expect(riskReasons({ status: 'plan_issued', requestReceivedOn: addDays(today, -400), adviceOutstanding: false }, today)).toEqual([]);
  });
  it('gives SQL the same boundary as the rule', () => {
    for (const rule of RISK_RULES) {
      const cutoff = riskRequestCutoff(rule, today);
      const facts = { status: rule.statuses[0], adviceOutstanding: true };
      expect(riskReasons({ ...facts, requestReceivedOn: cutoff }, today)).toContain(rule.reason);
      expect(riskReasons({ ...facts, requestReceivedOn: addDays(cutoff, 1) }, today)).not.toContain(rule.reason);
    }
  });
});

describe('SEN2 activity period', () => {
  it('is the calendar year before the census date', () => {
    expect(sen2ActivityPeriod('2027-01-21')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(sen2ActivityPeriod('2026-01-15')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    // The census date: the third Thursday of January, as the DfE set it for 2026 and 2027.
    expect([sen2CensusDate(2026), sen2CensusDate(2027), sen2CensusDate(2028)]).toEqual(['2026-01-15', '2027-01-21', '2028-01-20']);
  });
});

describe('risk assessor', () => {
  it('agrees with riskReasons, twentyWeekDate and wholeWeeksBetween for every status and day', () => {
    const today = '2026-05-25';
    const assess = riskAssessor(today);
    for (const status of ['awaiting_decision', 'assessing', 'drafting', 'draft_issued', 'plan_issued']) {
      for (let day = 0; day <= 400; day += 1) {
        for (const adviceOutstanding of [true, false]) {
          const facts = { status, requestReceivedOn: addDays(today, -day), adviceOutstanding };
          const view = assess(facts);
          expect(view.reasons).toEqual(riskReasons(facts, today));
          expect(view.twentyWeekDate).toBe(twentyWeekDate(facts.requestReceivedOn));
          expect(view.week).toBe(wholeWeeksBetween(facts.requestReceivedOn, today));
          expect(view.daysLeft).toBe(daysBetween(today, view.twentyWeekDate));
        }
      }
    }
  });
});
