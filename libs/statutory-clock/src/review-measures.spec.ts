import fc from 'fast-check';
import { addDays, daysBetween, fromDayNumber, toDayNumber } from './dates';
import { amendedPlanIssuedInTime, PLAN_RISK_RULES, planRiskDueCutoff, PlanRiskReason, planRiskReasons, REVIEW_MEASURE_LIMITS } from './review-measures';
import { reviewDecidedInTime } from './reviews';

const anyDate = fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2090-12-31') }).map(fromDayNumber);
const rule = (reason: PlanRiskReason) => PLAN_RISK_RULES.find((r) => r.reason === reason)!;

describe('review measures', () => {
  it('takes 4 and 8 weeks from the rule table', () => {
    expect(REVIEW_MEASURE_LIMITS).toEqual({ decisionWithinDays: 28, amendedPlanWithinDays: 56 });
  });

  it('counts an amended plan on the 56th day after the notice as in time, the 57th as late (Regs 22(3))', () => {
    expect(amendedPlanIssuedInTime('2027-03-20', '2027-05-15')).toBe(true);
    expect(amendedPlanIssuedInTime('2027-03-20', '2027-05-16')).toBe(false);
    expect(amendedPlanIssuedInTime('2027-03-20', '2027-03-20')).toBe(true);
  });

  it('agrees with the day counts SQL uses: issued - notice <= 56, notified - meeting <= 28', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 200 }), (start, days) => {
        const on = addDays(start, days);
        expect(amendedPlanIssuedInTime(start, on)).toBe(daysBetween(start, on) <= REVIEW_MEASURE_LIMITS.amendedPlanWithinDays);
        expect(reviewDecidedInTime(start, on)).toBe(daysBetween(start, on) <= REVIEW_MEASURE_LIMITS.decisionWithinDays);
      }),
    );
  });
});

describe('plans at risk', () => {
  const today = '2027-03-01';

  it('flags a review due within 4 weeks only while no meeting has been held', () => {
    expect(planRiskReasons({ reviewDueOn: '2027-03-29', meetingHeld: false, phaseTransferDueOn: null }, today)).toEqual([PlanRiskReason.ReviewDueSoonNoMeeting]);
    expect(planRiskReasons({ reviewDueOn: '2027-03-29', meetingHeld: true, phaseTransferDueOn: null }, today)).toEqual([]);
    expect(planRiskReasons({ reviewDueOn: '2027-03-30', meetingHeld: false, phaseTransferDueOn: null }, today)).toEqual([]);
    expect(planRiskReasons({ reviewDueOn: today, meetingHeld: false, phaseTransferDueOn: null }, today)).toEqual([PlanRiskReason.ReviewDueSoonNoMeeting]);
  });

  it('flags an overdue review whether or not the meeting was held', () => {
    expect(planRiskReasons({ reviewDueOn: '2027-02-28', meetingHeld: true, phaseTransferDueOn: null }, today)).toEqual([PlanRiskReason.ReviewOverdue]);
    expect(planRiskReasons({ reviewDueOn: '2027-02-28', meetingHeld: false, phaseTransferDueOn: null }, today)).toEqual([PlanRiskReason.ReviewOverdue]);
  });

  it('flags a phase transfer within 6 weeks or past', () => {
    expect(planRiskReasons({ reviewDueOn: null, meetingHeld: false, phaseTransferDueOn: '2027-04-12' }, today)).toEqual([PlanRiskReason.PhaseTransferDueSoon]);
    expect(planRiskReasons({ reviewDueOn: null, meetingHeld: false, phaseTransferDueOn: '2027-04-13' }, today)).toEqual([]);
    expect(planRiskReasons({ reviewDueOn: null, meetingHeld: false, phaseTransferDueOn: '2027-02-14' }, today)).toEqual([PlanRiskReason.PhaseTransferOverdue]);
    expect(planRiskReasons({ reviewDueOn: '2027-02-01', meetingHeld: false, phaseTransferDueOn: '2027-02-14' }, today)).toEqual([PlanRiskReason.ReviewOverdue, PlanRiskReason.PhaseTransferOverdue]);
  });

  it('holds the SQL cut-offs to the reasons: soon = today..cutoff, overdue = ..cutoff (the day before today)', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -100, max: 100 }), fc.boolean(), (day, offset, meetingHeld) => {
        const dueOn = addDays(day, offset);
        const reasons = planRiskReasons({ reviewDueOn: dueOn, meetingHeld, phaseTransferDueOn: dueOn }, day);
        const soonReview = dueOn >= day && dueOn <= planRiskDueCutoff(rule(PlanRiskReason.ReviewDueSoonNoMeeting), day) && !meetingHeld;
        const soonTransfer = dueOn >= day && dueOn <= planRiskDueCutoff(rule(PlanRiskReason.PhaseTransferDueSoon), day);
        const overdue = dueOn <= planRiskDueCutoff(rule(PlanRiskReason.ReviewOverdue), day);
        expect(reasons.includes(PlanRiskReason.ReviewDueSoonNoMeeting)).toBe(soonReview);
        expect(reasons.includes(PlanRiskReason.PhaseTransferDueSoon)).toBe(soonTransfer);
        expect(reasons.includes(PlanRiskReason.ReviewOverdue)).toBe(overdue);
        expect(reasons.includes(PlanRiskReason.PhaseTransferOverdue)).toBe(overdue);
        expect(soonReview && overdue).toBe(false);
        // The warnings are 4 and 6 weeks (28 and 42 days including today's due date).
        expect(soonTransfer).toBe(offset >= 0 && offset <= 42);
      }),
    );
  });
});
