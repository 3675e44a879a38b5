import fc from 'fast-check';
import { AppealableDecision, APPEALABLE_DECISIONS, appealDeadline, appealStage, computeAppealDeadlines, ceasesOnWithoutAppeal, mediationGuidance, nextWorkingDayOnOrAfter, OrderDuty, orderComplianceDuties, OrderKind, ORDER_KINDS } from './appeals';
import { decisionNotice } from './decision-notice';
import { addDays, addMonths, daysBetween, fromDayNumber, isOnOrAfter, toDayNumber } from './dates';
import { reminderRuleFor, ReminderAudience } from './reminders';
import { DeadlineKind, isChasedWhenOverdue, STATUTORY_RULES } from './rules';
import { isWorkingDay } from './working-days';

/** Any day from 2016 to 2034 (bank holidays are known 2015-2035, and the deadline may run into the next year). */
const anyDate = fc.integer({ min: toDayNumber('2016-01-01'), max: toDayNumber('2034-10-31') }).map(fromDayNumber);

describe('appealDeadline (HESC Rules 2008 r20(1)(c), r12)', () => {
  it('is 2 months after the notice when that is a working day', () => {
    // Monday 5 January 2026 + 2 months = Thursday 5 March 2026.
    const d = appealDeadline('2026-01-05');
    expect(d).toMatchObject({ dueOn: '2026-03-05', fromNoticeOn: '2026-03-05', fromCertificateOn: null, basis: 'notice', rolled: false });
    expect(d.explanation).toContain('Thursday 5 March 2026');
  });

  it('clamps month ends and rolls a weekend to the next working day', () => {
    // 31 December 2025 + 2 months = 28 February 2026 (clamped), a Saturday -> Monday 2 March 2026.
    expect(appealDeadline('2025-12-31')).toMatchObject({ fromNoticeOn: '2026-02-28', dueOn: '2026-03-02', rolled: true });
    // 30 December 2027 + 2 months = 29 February 2028 (leap year), a Tuesday.
    expect(appealDeadline('2027-12-30').dueOn).toBe('2028-02-29');
  });

  it('rolls a bank holiday (and the weekend before it) to the next working day', () => {
    // 3 February 2026 + 2 months = Friday 3 April 2026, Good Friday -> Tuesday 7 April (Easter Monday is 6 April).
    expect(appealDeadline('2026-02-03')).toMatchObject({ fromNoticeOn: '2026-04-03', dueOn: '2026-04-07', rolled: true });
    // 25 October 2026 + 2 months = Friday 25 December 2026: between 25 December and 1 January, so the first working day
    // after 1 January 2027 (a Friday and a bank holiday; 2 and 3 January are a weekend): Monday 4 January 2027 (r12(3)(a)).
    expect(appealDeadline('2026-10-25').dueOn).toBe('2027-01-04');
  });

  it('is 1 month after a mediation certificate when that is later', () => {
    // Notice 5 January 2026 (-> 5 March); certificate 20 February 2026 -> Friday 20 March 2026.
    expect(appealDeadline('2026-01-05', '2026-02-20')).toMatchObject({ dueOn: '2026-03-20', fromCertificateOn: '2026-03-20', basis: 'mediation_certificate' });
    // A certificate early on never shortens the 2 months.
    expect(appealDeadline('2026-01-05', '2026-01-20')).toMatchObject({ dueOn: '2026-03-05', basis: 'notice' });
    // Certificate 31 January 2026 -> 28 February (clamped, Saturday) -> Monday 2 March; the notice's 5 March is later.
    expect(appealDeadline('2026-01-05', '2026-01-31').dueOn).toBe('2026-03-05');
  });

  it('property: a working day, on or after both limbs, and at most 4 days after the later limb', () => {
    fc.assert(
      fc.property(anyDate, fc.option(fc.integer({ min: 0, max: 120 })), (notice, certOffset) => {
        const cert = certOffset === null ? null : addDays(notice, certOffset);
        const d = appealDeadline(notice, cert);
        expect(isWorkingDay(d.dueOn)).toBe(true);
        expect(isOnOrAfter(d.dueOn, addMonths(notice, 2))).toBe(true);
        if (cert) expect(isOnOrAfter(d.dueOn, addMonths(cert, 1))).toBe(true);
        const later = cert && d.fromCertificateOn! > d.fromNoticeOn ? d.fromCertificateOn! : d.fromNoticeOn;
        // Outside August and 25 December-1 January, at most 4 closed days (Christmas, Boxing Day and a weekend); an
        // August day runs at most to the first working day of September (r12(3)(a)).
        expect(daysBetween(later, d.dueOn)).toBeGreaterThanOrEqual(0);
        expect(daysBetween(later, d.dueOn)).toBeLessThanOrEqual(d.extension === 'august' ? 35 : d.extension === 'christmas' ? 11 : 4);
        expect(d.rolled).toBe(d.dueOn !== later);
      }),
    );
  });

  it('property: a later notice or certificate never gives an earlier deadline', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 60 }), (notice, later) => {
        expect(isOnOrAfter(appealDeadline(addDays(notice, later)).dueOn, appealDeadline(notice).dueOn)).toBe(true);
        expect(isOnOrAfter(appealDeadline(notice, addDays(notice, later)).dueOn, appealDeadline(notice).dueOn)).toBe(true);
      }),
    );
  });

  it('keeps the rule table citation within the deadlines table column (80 characters)', () => {
    expect(STATUTORY_RULES[DeadlineKind.Appeal].regulation.length).toBeLessThanOrEqual(80);
    expect(appealDeadline('2026-01-05').regulation.length).toBeLessThanOrEqual(80);
  });
});

describe('nextWorkingDayOnOrAfter', () => {
  it('keeps a working day and moves a closed one', () => {
    expect(nextWorkingDayOnOrAfter('2026-03-05')).toBe('2026-03-05');
    expect(nextWorkingDayOnOrAfter('2026-12-25')).toBe('2026-12-29');
  });
  it('property: the result is the first working day on or after the date', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const r = nextWorkingDayOnOrAfter(d);
        expect(isWorkingDay(r)).toBe(true);
        for (let day = d; day !== r; day = addDays(day, 1)) expect(isWorkingDay(day)).toBe(false);
      }),
    );
  });
});

describe('mediationGuidance (CFA s55; guidance)', () => {
  it('gives 3 working days for a certificate, 30 days for mediation, 3 working days after it', () => {
    // Contacted Thursday 2 April 2026: Good Friday and Easter Monday skipped: 7, 8, 9 April.
    const g = mediationGuidance({ adviserContactedOn: '2026-04-02', mediationRequestedOn: '2026-04-10', mediationHeldOn: '2026-05-01' });
    expect(g).toMatchObject({ certificateIfNoMediationBy: '2026-04-09', mediationBy: '2026-05-10', certificateAfterMediationBy: '2026-05-07', statutory: true, mediationAdviceRequired: true });
    // 1 May 2026 is a Friday; Monday 4 May is a bank holiday: 5, 6, 7 May.
  });
  it('needs no mediation advice for section I alone', () => {
    expect(mediationGuidance({ sectionIOnly: true })).toMatchObject({ mediationAdviceRequired: false, certificateIfNoMediationBy: null, mediationBy: null });
  });
});

describe('orderComplianceDuties (Regs 44(2), 45)', () => {
  const on = '2026-03-02';
  it('order to assess: notify in 2 weeks, a no-plan notice in 10, the final plan in 14', () => {
    expect(orderComplianceDuties(OrderKind.Assess, on).map((d) => [d.duty, d.dueOn])).toEqual([
      [OrderDuty.NotifyAssess, '2026-03-16'],
      [OrderDuty.NoPlanNotice, '2026-05-11'],
      [OrderDuty.FinalPlan, '2026-06-08'],
    ]);
  });
  it('order to make a plan: draft in 5 weeks, final in 11', () => {
    expect(orderComplianceDuties(OrderKind.MakePlan, on).map((d) => [d.duty, d.dueOn])).toEqual([
      [OrderDuty.DraftPlan, '2026-04-06'],
      [OrderDuty.FinalPlan, '2026-05-18'],
    ]);
  });
  it('amend provision in 5 weeks; section I only in 2; continue at once; dismissed nothing', () => {
    expect(orderComplianceDuties(OrderKind.AmendProvision, on).map((d) => [d.duty, d.dueOn])).toEqual([[OrderDuty.AmendedPlan, '2026-04-06']]);
    expect(orderComplianceDuties(OrderKind.NameSchool, on).map((d) => [d.duty, d.dueOn])).toEqual([[OrderDuty.AmendedPlan, '2026-03-16']]);
    expect(orderComplianceDuties(OrderKind.ContinuePlan, on).map((d) => [d.duty, d.dueOn, d.period])).toEqual([[OrderDuty.MaintainPlan, on, 'at once']]);
    expect(orderComplianceDuties(OrderKind.Dismissed, on)).toEqual([]);
  });
  it('cites reg 44 for an order and reg 45 for a concession', () => {
    expect(orderComplianceDuties(OrderKind.Assess, on)[0].regulation).toContain('reg 44');
    const conceded = orderComplianceDuties(OrderKind.Assess, on, true)[0];
    expect(conceded.regulation).toContain('reg 45');
    expect(conceded.explanation).toContain('would not oppose');
  });
  it('property: every duty is due the stated number of days after the order, never before it; calendar weeks', () => {
    fc.assert(
      fc.property(anyDate, fc.constantFrom(...ORDER_KINDS), fc.boolean(), (orderedOn, kind, concession) => {
        for (const duty of orderComplianceDuties(kind, orderedOn, concession)) {
          expect(daysBetween(orderedOn, duty.dueOn)).toBe(duty.days);
          expect(duty.days % 7).toBe(0);
          expect(duty.regulation.length).toBeLessThanOrEqual(80);
          expect(`order:${'0'.repeat(36)}:${duty.duty}`.length).toBeLessThanOrEqual(64);
        }
      }),
    );
  });
});

describe('ceasing and reminders', () => {
  it('a ceasing plan is maintained through the appeal deadline and closes the day after', () => {
    expect(ceasesOnWithoutAppeal('2026-01-05')).toBe('2026-03-06');
    expect(ceasesOnWithoutAppeal('2025-12-31')).toBe('2026-03-03');
  });
  it('order compliance reminds the LA (the caseworker) and is chased; the appeal deadline reminds nobody', () => {
    expect(reminderRuleFor(DeadlineKind.OrderCompliance)).toEqual({ audience: ReminderAudience.LocalAuthority, chasedWhenOverdue: true });
    expect(reminderRuleFor(DeadlineKind.Appeal)).toBeNull();
    expect(isChasedWhenOverdue(DeadlineKind.Appeal)).toBe(false);
  });
});

describe('decisionNotice (CFA s51; Regs 5(3), 10(3), 14)', () => {
  it('carries the appeal deadline from the day the family was notified, and mediation information', () => {
    const n = decisionNotice(AppealableDecision.RefuseToAssess, '2026-02-16');
    expect(n.appealDeadline).toBe('2026-04-16');
    expect(n.regulation).toContain('regs 5(3) and 32');
    expect(n.text).toContain('16 February 2026');
    expect(n.text).toContain('Thursday 16 April 2026');
    expect(n.text).toContain('mediation adviser');
    expect(n.mediation.statutory).toBe(true);
  });
  it('property: every decision gives the same deadline as appealDeadline', () => {
    fc.assert(fc.property(anyDate, fc.constantFrom(...APPEALABLE_DECISIONS), (on, decision) => expect(decisionNotice(decision, on).appealDeadline).toBe(appealDeadline(on).dueOn)));
  });
});

describe('computeAppealDeadlines and appealStage', () => {
  const base = { noticeOn: '2026-01-05', mediationCertificateOn: null, lodgedOn: null, closedWithoutLodgingOn: null, orders: [] };
  it('the family deadline is open, never overdue, met once lodged', () => {
    expect(computeAppealDeadlines(base, '2026-04-01')[0]).toMatchObject({ kind: 'appeal', dueOn: '2026-03-05', status: 'open' });
    expect(computeAppealDeadlines({ ...base, lodgedOn: '2026-03-01' }, '2026-04-01')[0]).toMatchObject({ status: 'met', completedOn: '2026-03-01' });
    expect(computeAppealDeadlines({ ...base, mediationCertificateOn: '2026-02-20' }, '2026-03-10')[0].dueOn).toBe('2026-03-20');
  });
  it('one order_compliance deadline per duty, with its completion or not applicable', () => {
    const rows = computeAppealDeadlines(
      { ...base, lodgedOn: '2026-03-01', orders: [{ id: 'o1', kind: OrderKind.Assess, orderedOn: '2026-06-01', concession: false, duties: [{ duty: OrderDuty.NotifyAssess, completedOn: '2026-06-10', notApplicable: false }, { duty: OrderDuty.NoPlanNotice, completedOn: null, notApplicable: true }] }] },
      '2026-09-30',
    );
    expect(rows.slice(1).map((r) => [r.key, r.kind, r.dueOn, r.status])).toEqual([
      ['order:o1:notify_assess', 'order_compliance', '2026-06-15', 'met'],
      ['order:o1:no_plan_notice', 'order_compliance', '2026-08-10', 'not_applicable'],
      ['order:o1:final_plan', 'order_compliance', '2026-09-07', 'overdue'],
    ]);
  });
  it('stages', () => {
    const a = { appealDeadline: '2026-03-05', mediationAdviserContactedOn: null, mediationRequestedOn: null, mediationHeldOn: null, mediationCertificateOn: null, lodgedOn: null, hearingOn: null, outcome: null };
    expect(appealStage(a, '2026-02-01')).toBe('notified');
    expect(appealStage({ ...a, mediationAdviserContactedOn: '2026-01-20' }, '2026-02-01')).toBe('mediation');
    expect(appealStage(a, '2026-03-06')).toBe('out_of_time');
    expect(appealStage({ ...a, lodgedOn: '2026-03-01' }, '2026-03-06')).toBe('lodged');
    expect(appealStage({ ...a, lodgedOn: '2026-03-01', hearingOn: '2026-06-01' }, '2026-03-06')).toBe('hearing_listed');
    expect(appealStage({ ...a, outcome: 'dismissed' }, '2026-03-06')).toBe('decided');
  });
});
