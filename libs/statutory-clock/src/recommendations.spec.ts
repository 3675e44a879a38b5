import { computeAppealDeadlines } from './appeals';
import { addDays } from './dates';
import { DeadlineKind, DeadlineStatus } from './rules';
import { isWorkingDay } from './working-days';
import { computeDirectPaymentReviewDeadline, computeReviewDeadlines } from './reviews';
import {
  computeHealthBodyChangeDeadlines,
  computeRecommendationDeadlines,
  healthBodyReviewDueOn,
  RECOMMENDATION_ANSWER_REGULATION,
  recommendationAnswerDueOn,
} from './recommendations';
import fc from 'fast-check';

describe('Tribunal health and social care recommendations (Recommendations Power Regulations 2017)', () => {
  it('the body answers in writing within 5 weeks of the decision: day D + 35, not moved off a weekend', () => {
    expect(recommendationAnswerDueOn('2026-06-01')).toBe('2026-07-06');
    // 5 weeks from Monday 23 November 2026 is Monday 28 December 2026, a bank holiday: the body's duty is not extended.
    expect(recommendationAnswerDueOn('2026-11-23')).toBe('2026-12-28');
    expect(recommendationAnswerDueOn('2026-07-31')).toBe('2026-09-04');
  });

  it('is always exactly 35 days after the decision', () => {
    const day = fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2018-04-03', n));
    fc.assert(fc.property(day, (d) => recommendationAnswerDueOn(d) === addDays(d, 35)));
  });

  it('one deadline per recommendation keyed on it, open, then overdue, met by the written answer, with its citation', () => {
    const recs = [
      { id: 'a', kind: 'health' as const, body: 'NHS North ICB', decidedOn: '2026-06-01', answeredOn: null },
      { id: 'b', kind: 'social_care' as const, body: 'Children’s social care', decidedOn: '2026-06-01', answeredOn: '2026-07-06' },
      { id: 'c', kind: 'health' as const, body: 'NHS North ICB', decidedOn: '2026-06-01', answeredOn: '2026-07-07' },
    ];
    const [a, b, c] = computeRecommendationDeadlines(recs, '2026-07-07');
    expect(a).toMatchObject({ key: 'recommendation:a', kind: DeadlineKind.RecommendationAnswer, startsOn: '2026-06-01', dueOn: '2026-07-06', status: DeadlineStatus.Overdue, regulation: RECOMMENDATION_ANSWER_REGULATION, chasedWhenOverdue: true });
    expect(a.explanation).toContain('6 July 2026');
    expect(b).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2026-07-06' });
    expect(c).toMatchObject({ status: DeadlineStatus.Late });
    expect(computeRecommendationDeadlines(recs.slice(0, 1), '2026-07-06')[0].status).toBe(DeadlineStatus.Open);
    expect(RECOMMENDATION_ANSWER_REGULATION).toMatch(/Recommendations Power\) Regs 2017/);
  });

  it('an appeal shows its recommendations among its deadlines', () => {
    const rows = computeAppealDeadlines({ noticeOn: '2026-03-02', mediationCertificateOn: null, lodgedOn: '2026-04-01', closedWithoutLodgingOn: null, orders: [], recommendations: [{ id: 'x', kind: 'health', body: 'ICB', decidedOn: '2026-06-01', answeredOn: null }] }, '2026-06-02');
    expect(rows.map((r) => r.key)).toEqual(['appeal', 'recommendation:x']);
  });
});

describe('a change of health commissioning body (SEND Regulations 2014, reg 16)', () => {
  it('the new body has 15 working days beginning with the day it became aware', () => {
    expect(healthBodyReviewDueOn('2026-03-02')).toBe('2026-03-20');
    expect(healthBodyReviewDueOn('2026-04-01')).toBe('2026-04-23'); // Good Friday and Easter Monday skipped
    expect(healthBodyReviewDueOn('2026-12-21')).toBe('2027-01-13'); // 25 and 28 December (Boxing Day substitute) and 1 January are bank holidays
    expect(healthBodyReviewDueOn('2026-08-29')).toBe('2026-09-21'); // Saturday; 31 August 2026 is a bank holiday: counting starts on Tuesday 1 September
  });

  it('always ends on a working day, 15 working days in', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2025-01-01', n));
    fc.assert(fc.property(day, (d) => isWorkingDay(healthBodyReviewDueOn(d))));
  });

  it('met by the answer; falls away when the plan ends unanswered', () => {
    expect(computeHealthBodyChangeDeadlines({ changedOn: '2026-03-02', answeredOn: '2026-03-10', endedOn: null }, '2026-04-01')[0]).toMatchObject({ kind: 'health_body_review', dueOn: '2026-03-20', status: 'met' });
    expect(computeHealthBodyChangeDeadlines({ changedOn: '2026-03-02', answeredOn: null, endedOn: null }, '2026-03-23')[0].status).toBe('overdue');
    expect(computeHealthBodyChangeDeadlines({ changedOn: '2026-03-02', answeredOn: null, endedOn: '2026-03-05' }, '2026-03-23')[0].status).toBe('not_applicable');
  });
});

describe('a direct payment reviewed at the annual review (CFA s49)', () => {
  const base = { scheduledOn: '2026-05-01', meetingOn: '2026-06-10', reviewedOn: null, decidedOn: null, endedBeforeMeeting: false };
  it('is due by the meeting, met when recorded by it', () => {
    expect(computeDirectPaymentReviewDeadline(base, '2026-06-01')).toMatchObject({ kind: 'direct_payment_review', dueOn: '2026-06-10', status: 'open' });
    expect(computeDirectPaymentReviewDeadline({ ...base, reviewedOn: '2026-06-10' }, '2026-06-20').status).toBe('met');
  });
  it('a review decided without it shows it missed (overdue), never not applicable', () => {
    const d = computeDirectPaymentReviewDeadline({ ...base, decidedOn: '2026-06-20' }, '2026-06-21');
    expect(d.status).toBe('overdue');
    expect(d.explanation).toContain('missed');
  });
  it('is one of the review’s deadlines only when section J holds a direct payment', () => {
    const review = { scheduledOn: '2026-05-01', meetingOn: '2026-06-10', heldOn: null, invitationsSentOn: null, reportIssuedOn: null, decision: null, representationsReceivedOn: null, amendedPlanIssuedOn: null, endedOn: null };
    expect(computeReviewDeadlines(review, '2026-06-01').map((d) => d.kind)).not.toContain('direct_payment_review');
    expect(computeReviewDeadlines({ ...review, directPayment: { reviewedOn: null } }, '2026-06-01').map((d) => d.kind)).toContain('direct_payment_review');
    // The plan ceased before the meeting: the duty fell away.
    expect(computeReviewDeadlines({ ...review, endedOn: '2026-05-20', directPayment: { reviewedOn: null } }, '2026-06-01').find((d) => d.kind === 'direct_payment_review')!.status).toBe('not_applicable');
  });
});
