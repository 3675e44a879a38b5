import fc from 'fast-check';
import { addDays, addMonths, daysBetween, fromDayNumber, isBefore, parseIsoDate, toDayNumber } from './dates';
import { DeadlineKind, DeadlineStatus } from './rules';
import {
  computePlanDeadlines,
  computeReviewDeadlines,
  earliestAmendedPlanOn,
  lastDayOfMonthsStartingWith,
  PHASE_TRANSFER_KINDS,
  phaseTransferDueOn,
  PhaseTransferKind,
  reviewCoversPreparationForAdulthood,
  reviewCycles,
  reviewDecidedInTime,
  ReviewFacts,
  reviewDueOn,
  reviewHeldOn,
  yearGroupLabel,
  yearGroupOn,
} from './reviews';

const anyDate = fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2090-12-31') }).map(fromDayNumber);

describe('a period of months starting with a day (CFA s44(1))', () => {
  it('ends the day before the same date a year later (statutory-rules.md: 6 October 2025 -> 5 October 2026)', () => {
    expect(reviewDueOn('2025-10-06')).toBe('2026-10-05');
    expect(reviewDueOn('2026-05-25')).toBe('2027-05-24');
    expect(reviewDueOn('2026-01-01')).toBe('2026-12-31');
  });

  it('ends on 28 February for a plan made on 29 February', () => {
    expect(reviewDueOn('2028-02-29')).toBe('2029-02-28');
    expect(reviewDueOn('2024-02-29')).toBe('2025-02-28');
  });

  it('ends on 29 February in a leap year when the period starts on 1 March the year before', () => {
    expect(reviewDueOn('2027-03-01')).toBe('2028-02-29');
    expect(reviewDueOn('2026-03-01')).toBe('2027-02-28');
  });

  it('takes a shorter interval (guidance for under-5s), never a longer one or a fraction', () => {
    expect(reviewDueOn('2026-05-25', 6)).toBe('2026-11-24');
    expect(reviewDueOn('2026-05-25', 3)).toBe('2026-08-24');
    expect(reviewDueOn('2026-08-31', 6)).toBe('2027-02-28'); // no 31 February: the month's last day
    expect(() => reviewDueOn('2026-05-25', 13)).toThrow(RangeError);
    expect(() => reviewDueOn('2026-05-25', 0)).toThrow(RangeError);
    expect(() => reviewDueOn('2026-05-25', 2.5)).toThrow(RangeError);
  });

  it('is always within the 12 months: at least 364 days on, at most 365, and the next cycle could not start on the same date', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const due = reviewDueOn(d);
        const span = daysBetween(d, due);
        expect(span).toBeGreaterThanOrEqual(364);
        expect(span).toBeLessThanOrEqual(365);
        // The day after the last day is the same date a year later (or 1 March after a 29 February start).
        const next = addDays(due, 1);
        const { month, day } = parseIsoDate(d);
        if (!(month === 2 && day === 29)) expect(next).toBe(addMonths(d, 12));
        else expect(next.slice(5)).toBe('03-01');
      }),
    );
  });

  it('for any interval, ends before the same date N months later and after the previous month', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 1, max: 12 }), (d, months) => {
        const end = lastDayOfMonthsStartingWith(d, months);
        expect(isBefore(end, addMonths(d, months)) || parseIsoDate(addMonths(d, months)).day !== parseIsoDate(d).day).toBe(true);
        expect(isBefore(addMonths(d, months - 1), end) || months === 1).toBe(true);
      }),
    );
  });
});

describe('phase transfers (Regs 18)', () => {
  it('falls on 14 February of the transfer year for moves into or between schools', () => {
    for (const kind of [PhaseTransferKind.EarlyYearsToSchool, PhaseTransferKind.InfantToJunior, PhaseTransferKind.PrimaryToMiddle, PhaseTransferKind.PrimaryToSecondary, PhaseTransferKind.MiddleToSecondary]) {
      expect(phaseTransferDueOn(kind, '2027-09-01')).toBe('2027-02-14');
    }
  });

  it('falls on 30 March of the transfer year for secondary school to post-16', () => {
    expect(phaseTransferDueOn(PhaseTransferKind.SecondaryToPost16, '2027-09-06')).toBe('2027-03-30');
  });

  it('is the same date 5 months earlier for a post-16 to post-16 move, month ends clamped', () => {
    expect(phaseTransferDueOn(PhaseTransferKind.Post16ToPost16, '2027-09-01')).toBe('2027-04-01');
    expect(phaseTransferDueOn(PhaseTransferKind.Post16ToPost16, '2027-03-31')).toBe('2026-10-31');
    expect(phaseTransferDueOn(PhaseTransferKind.Post16ToPost16, '2027-07-31')).toBe('2027-02-28');
    expect(phaseTransferDueOn(PhaseTransferKind.Post16ToPost16, '2028-07-31')).toBe('2028-02-29');
  });

  it('is never after the transfer, for every kind', () => {
    fc.assert(
      fc.property(anyDate, fc.constantFrom(...PHASE_TRANSFER_KINDS), (transferOn, kind) => {
        const due = phaseTransferDueOn(kind, transferOn);
        // A transfer before 15 February would be due later in its own year: schools move in September; still, the
        // date follows the regulation's words (the calendar year of transfer), so only the post-16 rule is checked.
        if (kind === PhaseTransferKind.Post16ToPost16) expect(isBefore(due, transferOn)).toBe(true);
        expect(due.slice(0, 4) === transferOn.slice(0, 4) || kind === PhaseTransferKind.Post16ToPost16).toBe(true);
      }),
    );
  });
});

describe('year groups (age on 31 August)', () => {
  it('puts a child born on 31 August in the year above one born on 1 September', () => {
    expect(yearGroupOn('2015-08-31', '2026-11-29')).toBe(7);
    expect(yearGroupOn('2015-09-01', '2026-11-29')).toBe(6);
  });

  it('moves up each September, not on the birthday', () => {
    expect(yearGroupOn('2013-01-10', '2026-08-31')).toBe(8);
    expect(yearGroupOn('2013-01-10', '2026-09-01')).toBe(9);
    expect(yearGroupOn('2013-01-10', '2027-01-10')).toBe(9);
  });

  it('is Reception the September after the 4th birthday, and early years before', () => {
    expect(yearGroupOn('2022-05-01', '2026-09-10')).toBe(0);
    expect(yearGroupOn('2022-05-01', '2026-07-10')).toBe(-1);
    expect(yearGroupLabel(0)).toBe('Reception');
    expect(yearGroupLabel(-1)).toBe('Early years (1 year before Reception)');
    expect(yearGroupLabel(9)).toBe('Year 9');
    expect(yearGroupLabel(14)).toBe('Year 14 (beyond Year 13)');
  });

  it('flags preparation for adulthood from Year 9', () => {
    expect(reviewCoversPreparationForAdulthood(8)).toBe(false);
    expect(reviewCoversPreparationForAdulthood(9)).toBe(true);
  });

  it('goes up by exactly one a year', () => {
    fc.assert(
      fc.property(anyDate, anyDate, (dob, on) => {
        expect(yearGroupOn(dob, addMonths(on, 12)) - yearGroupOn(dob, on)).toBe(1);
      }),
    );
  });
});

describe('a plan\'s own deadlines', () => {
  const base = { firstIssuedOn: '2025-10-06', reviewsCompletedOn: [], intervalMonths: 12, phaseTransfer: null, amendedPlansIssuedOn: [], endedOn: null };

  it('opens the first review cycle from the final plan', () => {
    const [review] = computePlanDeadlines(base, '2026-01-01');
    expect(review).toMatchObject({ key: 'review_due:2025-10-06', kind: DeadlineKind.ReviewDue, dueOn: '2026-10-05', status: DeadlineStatus.Open, regulation: 'Children and Families Act 2014, s44(1)' });
    expect(computePlanDeadlines(base, '2026-10-06')[0].status).toBe(DeadlineStatus.Overdue);
  });

  it('starts each new cycle on the day a review completed, keeping the old one met or late', () => {
    const deadlines = computePlanDeadlines({ ...base, reviewsCompletedOn: ['2026-09-30'] }, '2026-11-01');
    expect(deadlines.map((d) => [d.key, d.dueOn, d.status, d.completedOn])).toEqual([
      ['review_due:2025-10-06', '2026-10-05', DeadlineStatus.Met, '2026-09-30'],
      ['review_due:2026-09-30', '2027-09-29', DeadlineStatus.Open, null],
    ]);
    const late = computePlanDeadlines({ ...base, reviewsCompletedOn: ['2026-10-20'] }, '2026-11-01');
    expect(late[0].status).toBe(DeadlineStatus.Late);
    expect(late[1].dueOn).toBe('2027-10-19');
  });

  it('uses a shorter interval for the cycles from now on and keeps past intervals', () => {
    const cycles = reviewCycles({ firstIssuedOn: '2026-01-10', reviewsCompletedOn: ['2026-06-01'], intervalMonths: 6, pastIntervals: [6] });
    expect(cycles).toEqual([
      { startsOn: '2026-01-10', months: 6, completedOn: '2026-06-01' },
      { startsOn: '2026-06-01', months: 6, completedOn: null },
    ]);
    const deadlines = computePlanDeadlines({ ...base, firstIssuedOn: '2026-01-10', reviewsCompletedOn: ['2026-06-01'], intervalMonths: 6, pastIntervals: [6] }, '2026-06-02');
    expect(deadlines.map((d) => d.dueOn)).toEqual(['2026-07-09', '2026-11-30']);
    expect(deadlines[1].explanation).toMatch(/9\.178/);
  });

  it('closes an open review cycle as not applicable once the plan has ceased', () => {
    const [review] = computePlanDeadlines({ ...base, endedOn: '2026-03-01' }, '2026-11-01');
    expect(review.status).toBe(DeadlineStatus.NotApplicable);
  });

  it('adds the phase transfer, completed by an amended plan in the 12 months before the move', () => {
    const facts = { ...base, phaseTransfer: { kind: PhaseTransferKind.PrimaryToSecondary, transferOn: '2027-09-01' } };
    const open = computePlanDeadlines(facts, '2027-01-10').find((d) => d.kind === DeadlineKind.PhaseTransfer)!;
    expect(open).toMatchObject({ dueOn: '2027-02-14', status: DeadlineStatus.Open, regulation: 'SEND Regulations 2014, reg 18: before 15 February of the year of transfer', startsOn: '2026-09-02' });
    // An amendment from before the window does not count; one inside it does.
    const early = computePlanDeadlines({ ...facts, amendedPlansIssuedOn: ['2026-06-01'] }, '2027-02-15').find((d) => d.kind === DeadlineKind.PhaseTransfer)!;
    expect(early.status).toBe(DeadlineStatus.Overdue);
    const met = computePlanDeadlines({ ...facts, amendedPlansIssuedOn: ['2026-06-01', '2027-02-10'] }, '2027-03-01').find((d) => d.kind === DeadlineKind.PhaseTransfer)!;
    expect(met).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2027-02-10' });
    const late = computePlanDeadlines({ ...facts, amendedPlansIssuedOn: ['2027-03-01'] }, '2027-03-02').find((d) => d.kind === DeadlineKind.PhaseTransfer)!;
    expect(late.status).toBe(DeadlineStatus.Late);
  });
});

describe('a review\'s deadlines (Regs 20-22)', () => {
  const scheduled: ReviewFacts = {
    scheduledOn: '2026-11-01',
    meetingOn: '2026-12-15',
    heldOn: null,
    invitationsSentOn: null,
    reportIssuedOn: null,
    decision: null,
    representationsReceivedOn: null,
    amendedPlanIssuedOn: null,
    endedOn: null,
  };
  const byKind = (facts: ReviewFacts, today: string) => Object.fromEntries(computeReviewDeadlines(facts, today).map((d) => [d.kind, d]));

  it('owes invitations 2 weeks before a meeting arranged ahead, and nothing after it yet', () => {
    const d = byKind(scheduled, '2026-11-29');
    // Two duties, recorded and chased apart: notice of the meeting (Regs 20(3)) and the advice circulated (Regs 20(4)).
    expect(Object.keys(d)).toEqual([DeadlineKind.ReviewInvitations, DeadlineKind.ReviewAdviceCirculation]);
    expect(d[DeadlineKind.ReviewInvitations]).toMatchObject({ dueOn: '2026-12-01', status: DeadlineStatus.Open, regulation: 'SEND Regulations 2014, regs 20(3) and 21(3)' });
    expect(d[DeadlineKind.ReviewAdviceCirculation]).toMatchObject({ dueOn: '2026-12-01', status: DeadlineStatus.Open, regulation: 'SEND Regulations 2014, regs 20(4) and 21(4)' });
    const noticeOnly = byKind({ ...scheduled, invitationsSentOn: '2026-11-30' }, '2026-12-10');
    expect(noticeOnly[DeadlineKind.ReviewAdviceCirculation].status).toBe(DeadlineStatus.Overdue);
    expect(byKind({ ...scheduled, invitationsSentOn: '2026-11-30', adviceCirculatedOn: '2026-12-01' }, '2026-12-10')[DeadlineKind.ReviewAdviceCirculation]).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2026-12-01' });
    expect(byKind({ ...scheduled, invitationsSentOn: '2026-11-30' }, '2026-12-10')[DeadlineKind.ReviewInvitations].status).toBe(DeadlineStatus.Met);
    expect(byKind(scheduled, '2026-12-02')[DeadlineKind.ReviewInvitations].status).toBe(DeadlineStatus.Overdue);
  });

  it('counts a meeting on or before today as held: report 2 weeks and decision 4 weeks after it', () => {
    const held: ReviewFacts = { ...scheduled, scheduledOn: '2026-11-20', meetingOn: '2026-11-20' };
    const d = byKind(held, '2026-11-29');
    expect(d[DeadlineKind.ReviewInvitations]).toBeUndefined();
    expect(d[DeadlineKind.ReviewReport]).toMatchObject({ dueOn: '2026-12-04', status: DeadlineStatus.Open });
    expect(d[DeadlineKind.ReviewDecision]).toMatchObject({ dueOn: '2026-12-18', status: DeadlineStatus.Open });
    expect(reviewHeldOn(scheduled, '2026-12-15')).toBe('2026-12-15');
    expect(reviewHeldOn(scheduled, '2026-12-14')).toBeNull();
  });

  it('runs from the day the meeting was held when it moved; a duty not recorded by the meeting is missed, never not applicable', () => {
    const d = byKind({ ...scheduled, heldOn: '2026-12-17' }, '2026-12-20');
    expect(d[DeadlineKind.ReviewInvitations]).toMatchObject({ status: DeadlineStatus.Overdue, completedOn: null });
    expect(d[DeadlineKind.ReviewInvitations].explanation).toContain('missed');
    expect(d[DeadlineKind.ReviewAdviceCirculation]).toMatchObject({ status: DeadlineStatus.Overdue, completedOn: null });
    expect(d[DeadlineKind.ReviewReport].dueOn).toBe('2026-12-31');
    expect(d[DeadlineKind.ReviewDecision].dueOn).toBe('2027-01-14');
  });

  it('is complete on the decision: maintain adds nothing, amend adds the 15 days and the 8 weeks', () => {
    const decided: ReviewFacts = { ...scheduled, heldOn: '2026-12-15', invitationsSentOn: '2026-11-20', decision: { decision: 'maintain', notifiedOn: '2027-01-05' } };
    const m = byKind(decided, '2027-01-06');
    expect(m[DeadlineKind.ReviewDecision]).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2027-01-05' });
    // Due 29 December: a decision without a report leaves the report missing (overdue), never met or closed by it.
    expect(m[DeadlineKind.ReviewReport]).toMatchObject({ status: DeadlineStatus.Overdue, completedOn: null });
    expect(byKind({ ...decided, reportIssuedOn: '2026-12-20' }, '2027-01-06')[DeadlineKind.ReviewReport]).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2026-12-20' });
    expect(m[DeadlineKind.AmendedPlan]).toBeUndefined();
    const a = byKind({ ...decided, decision: { decision: 'amend', notifiedOn: '2027-01-05' } }, '2027-01-06');
    expect(a[DeadlineKind.AmendmentRepresentations]).toMatchObject({ dueOn: '2027-01-19', status: DeadlineStatus.Open });
    expect(a[DeadlineKind.AmendedPlan]).toMatchObject({ dueOn: '2027-03-02', status: DeadlineStatus.Open, regulation: 'SEND Regulations 2014, reg 22(3)' });
  });

  it('never chases the family\'s 15 days, and closes them when the window ends or the plan is issued', () => {
    const amend: ReviewFacts = { ...scheduled, heldOn: '2026-12-15', decision: { decision: 'amend', notifiedOn: '2027-01-05' } };
    expect(byKind(amend, '2027-01-25')[DeadlineKind.AmendmentRepresentations]).toMatchObject({ status: DeadlineStatus.Met, completedOn: '2027-01-19' });
    expect(byKind({ ...amend, representationsReceivedOn: '2027-01-10' }, '2027-01-12')[DeadlineKind.AmendmentRepresentations].completedOn).toBe('2027-01-10');
    expect(byKind({ ...amend, amendedPlanIssuedOn: '2027-03-10' }, '2027-03-11')[DeadlineKind.AmendedPlan].status).toBe(DeadlineStatus.Late);
  });

  it('lets the amended plan be issued from notice + 15, or once representations are in', () => {
    expect(earliestAmendedPlanOn('2027-01-05', null)).toBe('2027-01-20');
    expect(earliestAmendedPlanOn('2027-01-05', '2027-01-08')).toBe('2027-01-08');
    expect(earliestAmendedPlanOn('2027-01-05', '2027-02-01')).toBe('2027-01-20');
  });

  it('measures decisions within 4 weeks of the meeting', () => {
    expect(reviewDecidedInTime('2026-12-15', '2027-01-12')).toBe(true);
    expect(reviewDecidedInTime('2026-12-15', '2027-01-13')).toBe(false);
  });

  it('closes what is still open when the plan ends mid-review', () => {
    const d = byKind({ ...scheduled, heldOn: '2026-12-15', endedOn: '2026-12-20' }, '2027-02-01');
    expect(d[DeadlineKind.ReviewDecision].status).toBe(DeadlineStatus.NotApplicable);
    expect(d[DeadlineKind.ReviewReport].status).toBe(DeadlineStatus.NotApplicable);
  });

  it('always dates the decision 4 weeks and the report 2 weeks after the meeting held', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 60 }), (meetingOn, lead) => {
        const d = byKind({ ...scheduled, scheduledOn: addDays(meetingOn, -lead), meetingOn }, addDays(meetingOn, 1));
        expect(daysBetween(meetingOn, d[DeadlineKind.ReviewDecision].dueOn)).toBe(28);
        expect(daysBetween(meetingOn, d[DeadlineKind.ReviewReport].dueOn)).toBe(14);
        if (lead > 0) expect(daysBetween(d[DeadlineKind.ReviewInvitations].dueOn, meetingOn)).toBe(14);
        else expect(d[DeadlineKind.ReviewInvitations]).toBeUndefined();
      }),
    );
  });
});
