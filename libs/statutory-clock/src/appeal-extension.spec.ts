import fc from 'fast-check';
import { AppealableDecision, appealDeadline, ceasesOnWithoutAppeal, computeAppealDeadlines, nextWorkingDayOnOrAfter, tribunalHolidayExtension } from './appeals';
import { decisionNotice } from './decision-notice';
import { computeAssessmentDeadlines } from './assessment-deadlines';
import type { AssessmentFacts } from './assessment-deadlines';
import { addDays, addMonths, fromDayNumber, isAfter, isOnOrAfter, isOnOrBefore, parseIsoDate, toDayNumber } from './dates';
import { computePlanDeadlines, computeReviewDeadlines, PhaseTransferKind } from './reviews';
import type { PlanScheduleFacts } from './reviews';
import { RULE_BOOK, RuleBook, SEND_PROVISIONS_COMMENCED } from './rule-book';
import { DeadlineKind, STATUTORY_RULES } from './rules';
import { isWorkingDay } from './working-days';

/**
 * Issue 24, the clock: the appeal deadline's August and Christmas extension (HESC Rules 2008 r20(1)(c), r12(3)(a)),
 * ceasing after it, the corrected citations, and rules dated by when they apply. Exact days from statutory-rules.md
 * section 6, with the 2026-2027 calendar: 31 August 2026 is a bank holiday (a Monday), 26 December 2026 a Saturday
 * (28 December the substitute Boxing Day), 1 January 2027 a Friday.
 */

const anyDate = fc.integer({ min: toDayNumber('2016-01-01'), max: toDayNumber('2034-10-31') }).map(fromDayNumber);

describe('appeal deadline in August and over Christmas (HESC Rules 2008 r20(1)(c), r12(3)(a))', () => {
  it.each([
    // [notice, certificate, last day before any move, due, why]
    ['2026-06-15', null, '2026-08-15', '2026-09-01', 'august'], // Saturday 15 August 2026; 31 August a bank holiday; Tuesday 1 September
    ['2026-06-01', null, '2026-08-01', '2026-09-01', 'august'],
    ['2026-06-30', null, '2026-08-30', '2026-09-01', 'august'],
    ['2026-06-29', null, '2026-08-29', '2026-09-01', 'august'],
    ['2027-06-30', null, '2027-08-30', '2027-09-01', 'august'], // 30 August 2027 is a bank holiday: Wednesday 1 September
    ['2027-06-02', null, '2027-08-02', '2027-09-01', 'august'],
    ['2028-06-30', null, '2028-08-30', '2028-09-01', 'august'], // Friday 1 September 2028
    ['2026-10-25', null, '2026-12-25', '2027-01-04', 'christmas'], // Christmas Day 2026 -> Monday 4 January 2027
    ['2026-10-26', null, '2026-12-26', '2027-01-04', 'christmas'], // Saturday 26 December 2026
    ['2026-10-31', null, '2026-12-31', '2027-01-04', 'christmas'],
    ['2026-11-01', null, '2027-01-01', '2027-01-04', 'christmas'], // 1 January itself is in the period
    ['2027-10-25', null, '2027-12-25', '2028-01-04', 'christmas'], // 2 January 2028 a Sunday, 3 January a bank holiday
    ['2025-10-31', null, '2025-12-31', '2026-01-02', 'christmas'], // Friday 2 January 2026 is a working day
    ['2027-10-29', null, '2027-12-29', '2028-01-04', 'christmas'],
  ])('notice %s (certificate %s): last day %s runs to %s (%s)', (notice, certificate, later, due, why) => {
    const d = appealDeadline(notice, certificate);
    expect(d.basis === 'notice' ? d.fromNoticeOn : d.fromCertificateOn).toBe(later);
    expect(d).toMatchObject({ dueOn: due, extension: why, rolled: true, regulation: 'CFA 2014 ss51, 55; HESC Rules 2008, r20(1)(c) and r12(3)(a)' });
    expect(d.explanation).toContain(why === 'august' ? 'first working day after 31 August' : 'first working day after 1 January');
  });

  it('is not extended on the days either side of the periods', () => {
    // Thursday 24 December 2026: a working day, kept.
    expect(appealDeadline('2026-10-24')).toMatchObject({ dueOn: '2026-12-24', extension: null, rolled: false, regulation: 'CFA 2014 ss51, 55; HESC Rules 2008, r20(1)(c)' });
    // Friday 31 July 2026 and Tuesday 1 September 2026: kept.
    expect(appealDeadline('2026-05-31')).toMatchObject({ dueOn: '2026-07-31', extension: null });
    expect(appealDeadline('2026-07-01')).toMatchObject({ dueOn: '2026-09-01', extension: null });
    // Saturday 2 January 2027 is after the period: the next working day under r12(2), Monday 4 January.
    expect(appealDeadline('2026-11-02')).toMatchObject({ dueOn: '2027-01-04', extension: 'closed_day', regulation: 'CFA 2014 ss51, 55; HESC Rules 2008, r20(1)(c) and r12(2)' });
    // 31 December 2025 + 2 months = Saturday 28 February 2026 -> Monday 2 March (r12(2)).
    expect(appealDeadline('2025-12-31')).toMatchObject({ dueOn: '2026-03-02', extension: 'closed_day' });
  });

  it('extends the 1 month after a mediation certificate the same way, whichever limb is later', () => {
    // Notice 10 May 2026 -> Friday 10 July; certificate 15 July 2026 -> 15 August: the first working day after 31 August.
    expect(appealDeadline('2026-05-10', '2026-07-15')).toMatchObject({ basis: 'mediation_certificate', fromCertificateOn: '2026-08-15', dueOn: '2026-09-01', extension: 'august' });
    // Notice 30 June 2027 -> Monday 30 August 2027 (bank holiday); certificate 20 July 2027 -> 20 August: notice is later.
    expect(appealDeadline('2027-06-30', '2027-07-20')).toMatchObject({ basis: 'notice', dueOn: '2027-09-01' });
    // Certificate 26 November 2026 -> 26 December 2026 (Saturday) -> Monday 4 January 2027.
    expect(appealDeadline('2026-09-01', '2026-11-26')).toMatchObject({ basis: 'mediation_certificate', dueOn: '2027-01-04', extension: 'christmas' });
  });

  it('the LA\'s own duties are not extended: an order\'s limits and the mediation certificates keep their days', () => {
    expect(tribunalHolidayExtension('2026-08-15')).toEqual({ dueOn: '2026-09-01', period: 'august' });
    expect(tribunalHolidayExtension('2026-07-31')).toBeNull();
    expect(tribunalHolidayExtension('2027-01-02')).toBeNull();
  });

  it('a closed day just before a period rolls under r12(2) only: the time ended on that day, not in the period', () => {
    // Saturday 31 July 2027: next working day Monday 2 August 2027 (r12(2)); r12(3)(a) is about a time ending in August.
    expect(appealDeadline('2027-05-31')).toMatchObject({ fromNoticeOn: '2027-07-31', dueOn: '2027-08-02', extension: 'closed_day' });
    // Saturday 23 December 2034: Christmas Day and Boxing Day are bank holidays, so Wednesday 27 December (r12(2)).
    expect(appealDeadline('2034-10-23')).toMatchObject({ fromNoticeOn: '2034-12-23', dueOn: '2034-12-27', extension: 'closed_day' });
  });

  it('property: the first working day after 1 January / 31 August when the time ends in a period, else the next working day', () => {
    fc.assert(
      fc.property(anyDate, fc.option(fc.integer({ min: 0, max: 120 })), (notice, certOffset) => {
        const cert = certOffset === null ? null : addDays(notice, certOffset);
        const d = appealDeadline(notice, cert);
        expect(isWorkingDay(d.dueOn)).toBe(true);
        expect(isOnOrAfter(d.dueOn, addMonths(notice, 2))).toBe(true);
        if (cert) expect(isOnOrAfter(d.dueOn, addMonths(cert, 1))).toBe(true);
        const later = d.basis === 'notice' ? d.fromNoticeOn : d.fromCertificateOn!;
        const l = parseIsoDate(later);
        if (l.month === 8) expect(d.dueOn).toBe(nextWorkingDayOnOrAfter(`${l.year}-09-01`));
        else if (l.month === 12 && l.day >= 25) expect(d.dueOn).toBe(nextWorkingDayOnOrAfter(`${l.year + 1}-01-02`));
        else if (l.month === 1 && l.day === 1) expect(d.dueOn).toBe(nextWorkingDayOnOrAfter(`${l.year}-01-02`));
        else expect(d.dueOn).toBe(nextWorkingDayOnOrAfter(later));
        expect(d.regulation.includes('r12(3)(a)')).toBe(d.extension === 'august' || d.extension === 'christmas');
        expect(d.regulation).toContain('r20(1)(c)');
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a later notice never gives an earlier deadline', () => {
    fc.assert(fc.property(anyDate, fc.integer({ min: 0, max: 60 }), (notice, later) => expect(isOnOrAfter(appealDeadline(addDays(notice, later)).dueOn, appealDeadline(notice).dueOn)).toBe(true)));
  });

  it('the notice and the appeal record carry the extended day', () => {
    expect(decisionNotice(AppealableDecision.Cease, '2026-06-15').appealDeadline).toBe('2026-09-01');
    const rows = computeAppealDeadlines({ noticeOn: '2026-10-26', mediationCertificateOn: null, lodgedOn: null, closedWithoutLodgingOn: null, orders: [] }, '2026-12-30');
    expect(rows[0]).toMatchObject({ kind: 'appeal', dueOn: '2027-01-04', status: 'open', regulation: 'CFA 2014 ss51, 55; HESC Rules 2008, r20(1)(c) and r12(3)(a)' });
  });
});

describe('ceasing follows the extended appeal deadline (CFA s45; Regs 31; statutory-rules.md section 5)', () => {
  it.each([
    ['2026-06-15', '2026-09-02'], // maintained through Tuesday 1 September 2026
    ['2026-06-30', '2026-09-02'],
    ['2026-07-01', '2026-09-02'], // 1 September 2026 is not extended: still the day after it
    ['2026-10-25', '2027-01-05'], // maintained through Monday 4 January 2027
    ['2026-11-01', '2027-01-05'],
    ['2026-10-24', '2026-12-25'], // deadline Thursday 24 December 2026 (not in the period): ceases on Christmas Day
    ['2026-01-05', '2026-03-06'],
  ])('a cease notified on %s stops being maintained on %s', (notice, ceases) => {
    expect(ceasesOnWithoutAppeal(notice)).toBe(ceases);
  });

  it('property: the plan is maintained on every day up to and including the appeal deadline', () => {
    fc.assert(
      fc.property(anyDate, (notice) => {
        const ceases = ceasesOnWithoutAppeal(notice);
        expect(isAfter(ceases, appealDeadline(notice).dueOn)).toBe(true);
        expect(ceases).toBe(addDays(appealDeadline(notice).dueOn, 1));
      }),
    );
  });
});

describe('citations (issue 24, point 10)', () => {
  it('cites the rules as statutory-rules.md sections 4-6 state them', () => {
    expect(STATUTORY_RULES[DeadlineKind.AmendmentRepresentations].regulation).toBe('SEND Regulations 2014, reg 22(2)(c)');
    expect(STATUTORY_RULES[DeadlineKind.AmendedPlan].regulation).toBe('SEND Regulations 2014, reg 22(3)');
    expect(STATUTORY_RULES[DeadlineKind.Appeal].regulation).toContain('HESC Rules 2008, r20(1)(c)');
    expect(STATUTORY_RULES[DeadlineKind.Appeal].regulation).not.toContain('r20(4)');
    expect(decisionNotice(AppealableDecision.RefuseToReassess, '2026-03-02').regulation).toBe('SEND Regulations 2014, regs 25 and 32');
    expect(decisionNotice(AppealableDecision.NotToAmend, '2026-03-02').regulation).toBe('SEND Regulations 2014, regs 20, 21 or 22(4), and 32');
    expect(decisionNotice(AppealableDecision.Cease, '2026-03-02').regulation).toBe('SEND Regulations 2014, regs 31(3) and 32');
    for (const rule of Object.values(STATUTORY_RULES)) expect(rule.regulation.length).toBeLessThanOrEqual(80);
  });

  it('the review deadlines carry the corrected citations', () => {
    const rows = computeReviewDeadlines(
      { scheduledOn: '2027-01-04', meetingOn: '2027-02-01', heldOn: null, invitationsSentOn: '2027-01-10', reportIssuedOn: null, decision: { decision: 'amend', notifiedOn: '2027-02-10' }, representationsReceivedOn: null, amendedPlanIssuedOn: null, endedOn: null } as never,
      '2027-02-11',
    );
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, r]));
    expect(byKind[DeadlineKind.AmendmentRepresentations]).toMatchObject({ dueOn: '2027-02-24', regulation: 'SEND Regulations 2014, reg 22(2)(c)' });
    expect(byKind[DeadlineKind.AmendedPlan]).toMatchObject({ dueOn: '2027-04-07', regulation: 'SEND Regulations 2014, reg 22(3)' });
  });
});

describe('rules dated by when they apply (issue 24, point 11)', () => {
  const facts = (requestReceivedOn: string): AssessmentFacts => ({
    requestReceivedOn,
    decisionToAssess: null,
    adviceRequests: [],
    decisionToIssue: null,
    draftIssuedOn: null,
    representationsReceivedOn: null,
    finalIssuedOn: null,
    withdrawnOn: null,
    exceptions: [],
  });
  // A fictional later rule, as a white-paper change would be: the final plan in 18 weeks for requests from 1 September 2030.
  const fictional = { ...STATUTORY_RULES[DeadlineKind.FinalPlan], days: 126, period: '18 weeks', regulation: 'Fictional Regulations 2030, reg 1', appliesFrom: '2030-09-01' };
  const later = RULE_BOOK.with(fictional);

  it('every rule carries the day from which it applies', () => {
    for (const kind of Object.values(DeadlineKind)) {
      const history = RULE_BOOK.history(kind);
      expect(history.length).toBeGreaterThanOrEqual(1);
      expect(history[0].appliesFrom).toBe(SEND_PROVISIONS_COMMENCED);
      expect(RULE_BOOK.ruleOn(kind, '2026-01-05')).toMatchObject({ kind, appliesFrom: '2014-09-01' });
    }
  });

  it('a later rule is a new row: cases started before it keep the old rule, cases from its day take the new one', () => {
    const before = computeAssessmentDeadlines(facts('2030-08-31'), '2030-09-15', later).find((d) => d.kind === DeadlineKind.FinalPlan)!;
    expect(before).toMatchObject({ dueOn: '2031-01-18', regulation: 'SEND Regulations 2014, reg 13(2)' });
    const from = computeAssessmentDeadlines(facts('2030-09-01'), '2030-09-15', later).find((d) => d.kind === DeadlineKind.FinalPlan)!;
    expect(from).toMatchObject({ dueOn: '2031-01-05', regulation: 'Fictional Regulations 2030, reg 1' });
    expect(from.explanation).toContain('18 weeks');
    expect(later.history(DeadlineKind.FinalPlan).map((r) => r.appliesFrom)).toEqual(['2014-09-01', '2030-09-01']);
    // The standard book is untouched.
    expect(RULE_BOOK.history(DeadlineKind.FinalPlan)).toHaveLength(1);
  });

  it('property: adding a later rule never changes a deadline whose period started before it', () => {
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber('2015-01-01'), max: toDayNumber('2030-08-31') }).map(fromDayNumber), fc.integer({ min: 0, max: 400 }), (request, todayOffset) => {
        const today = addDays(request, todayOffset);
        expect(computeAssessmentDeadlines(facts(request), today, later)).toEqual(computeAssessmentDeadlines(facts(request), today));
      }),
      { numRuns: 500 },
    );
  });

  it('an appeal rule changed later applies to notices from its day only', () => {
    const noExtension = RULE_BOOK.with({ ...STATUTORY_RULES[DeadlineKind.Appeal], holidayExtension: false, regulation: 'Fictional Tribunal Rules 2031', appliesFrom: '2031-01-01' });
    expect(appealDeadline('2030-06-15', null, noExtension).dueOn).toBe('2030-09-02'); // Thursday 15 August 2030 -> Monday 2 September 2030
    expect(appealDeadline('2031-06-15', null, noExtension).dueOn).toBe('2031-08-15'); // Friday 15 August 2031, not extended
    expect(isOnOrBefore(appealDeadline('2031-06-15').dueOn, '2031-09-01')).toBe(true);
  });

  it('refuses a row that would replace a rule rather than add one', () => {
    expect(() => RULE_BOOK.with({ ...STATUTORY_RULES[DeadlineKind.FinalPlan], days: 100, appliesFrom: SEND_PROVISIONS_COMMENCED })).toThrow('a change is a new row');
    expect(() => new RuleBook([{ ...STATUTORY_RULES[DeadlineKind.FinalPlan], appliesFrom: '2030-02-30' }])).toThrow();
  });
});

describe('phase transfer "where necessary" (Regs 18; statutory-rules.md section 4)', () => {
  const base = { reviewsCompletedOn: [], intervalMonths: 12, phaseTransfer: { kind: PhaseTransferKind.PrimaryToSecondary, transferOn: '2027-09-01' }, amendedPlansIssuedOn: [], endedOn: null };
  const transfer = (facts: Partial<PlanScheduleFacts>, today: string) => computePlanDeadlines({ firstIssuedOn: '2022-03-10', ...base, ...facts } as PlanScheduleFacts, today).find((d) => d.kind === DeadlineKind.PhaseTransfer)!;

  it('is due 14 February 2027 (before 15 February of the transfer year) and met by an amended plan in the 12 months', () => {
    expect(transfer({}, '2027-01-10')).toMatchObject({ dueOn: '2027-02-14', status: 'open', startsOn: '2026-09-02' });
    expect(transfer({ amendedPlansIssuedOn: ['2027-02-01'] }, '2027-03-01')).toMatchObject({ status: 'met', completedOn: '2027-02-01' });
    expect(transfer({ amendedPlansIssuedOn: ['2026-08-31'] }, '2027-03-01')).toMatchObject({ status: 'overdue' }); // before the 12 months
  });

  it('is met by a plan first issued in the 12 months (it names the placement) or a review in them recording no amendment is needed', () => {
    expect(transfer({ firstIssuedOn: '2026-11-20' }, '2027-03-01')).toMatchObject({ status: 'met', completedOn: '2026-11-20' });
    expect(transfer({ reviewsCompletedOn: ['2027-01-20'], reviewsNoAmendmentNeededOn: ['2027-01-20'] }, '2027-03-01')).toMatchObject({ status: 'met', completedOn: '2027-01-20' });
    expect(transfer({ reviewsCompletedOn: ['2027-02-20'], reviewsNoAmendmentNeededOn: ['2027-02-20'] }, '2027-03-01')).toMatchObject({ status: 'late', completedOn: '2027-02-20' });
    // A review that did not record it does not meet the duty.
    expect(transfer({ reviewsCompletedOn: ['2027-01-20'] }, '2027-03-01')).toMatchObject({ status: 'overdue' });
  });
});
