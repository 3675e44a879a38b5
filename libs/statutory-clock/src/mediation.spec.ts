import fc from 'fast-check';
import { computeAppealDeadlines, OrderDuty, orderComplianceDuties, OrderKind } from './appeals';
import { addDays, fromDayNumber, isAfter, toDayNumber } from './dates';
import { computeMediationDeadlines, MediationFacts } from './mediation';
import { reminderRuleFor, ReminderAudience } from './reminders';
import { DeadlineKind } from './rules';
import { isWorkingDay } from './working-days';

/** Statutory mediation (CFA ss52-57; SEND Regulations 2014, regs 32-42; statutory-rules.md section 6): exact days. */
const none: MediationFacts = { adviserContactedOn: null, mediationRequestedOn: null, healthInIssue: false, healthBodyToldOn: null, mediationHeldOn: null, mediationCertificateOn: null, agreementOn: null, agreementDoneOn: null, endedOn: null };
const byKey = (facts: Partial<MediationFacts>, today: string) => Object.fromEntries(computeMediationDeadlines({ ...none, ...facts }, today).map((d) => [d.key, d]));

describe('mediation deadlines on the appeal', () => {
  it('the LA arranges mediation within 30 days of being told; the health body is told within 3 working days', () => {
    // Told Thursday 2 April 2026: 30 days -> Saturday 2 May 2026 (the LA's own limit: not rolled). Good Friday 3 and
    // Easter Monday 6 April are skipped: 7, 8, 9 April.
    const d = byKey({ adviserContactedOn: '2026-03-30', mediationRequestedOn: '2026-04-02', healthInIssue: true }, '2026-04-03');
    expect(d['mediation:arrange']).toMatchObject({ kind: DeadlineKind.Mediation, dueOn: '2026-05-02', status: 'open', statutory: true });
    expect(d['mediation:arrange'].regulation).toContain('regs 32-42');
    expect(d['mediation:health_body']).toMatchObject({ dueOn: '2026-04-09', status: 'open' });
    expect(d['mediation:certificate_no_mediation']).toBeUndefined();
    expect(byKey({ mediationRequestedOn: '2026-04-02' }, '2026-04-03')['mediation:health_body']).toBeUndefined();
  });

  it('the certificate follows mediation within 3 working days; when mediation was not arranged in time, within 3 working days of the 30 days', () => {
    // Held Tuesday 28 April 2026: 29, 30 April, 1 May.
    const held = byKey({ mediationRequestedOn: '2026-04-02', mediationHeldOn: '2026-04-28' }, '2026-04-29');
    expect(held['mediation:arrange']).toMatchObject({ status: 'met', completedOn: '2026-04-28' });
    expect(held['mediation:certificate']).toMatchObject({ dueOn: '2026-05-01', status: 'open' });
    // Not held by Saturday 2 May: Monday 4 May is a bank holiday: 5, 6, 7 May (the deemed certificate).
    const deemed = byKey({ mediationRequestedOn: '2026-04-02' }, '2026-05-05');
    expect(deemed['mediation:arrange']).toMatchObject({ status: 'overdue' });
    expect(deemed['mediation:certificate']).toMatchObject({ startsOn: '2026-05-02', dueOn: '2026-05-07', status: 'open' });
    expect(byKey({ mediationRequestedOn: '2026-04-02' }, '2026-05-02')['mediation:certificate']).toBeUndefined();
  });

  it('without mediation, the adviser certificate is due 3 working days after the contact (not extended over Christmas)', () => {
    // Wednesday 23 December 2026: 24 December, then 25 and 28 December are bank holidays (26, 27 a weekend): 29, 30.
    expect(byKey({ adviserContactedOn: '2026-12-23' }, '2026-12-24')['mediation:certificate_no_mediation']).toMatchObject({ dueOn: '2026-12-30' });
  });

  it('a mediation agreement binds the LA: steps that are not appealable within 2 weeks (Regs 42)', () => {
    expect(byKey({ agreementOn: '2026-06-10' }, '2026-06-11')['mediation:agreement']).toMatchObject({ dueOn: '2026-06-24', regulation: 'SEND Regulations 2014, reg 42 (2 weeks)' });
    expect(byKey({ agreementOn: '2026-06-10', agreementDoneOn: '2026-06-20' }, '2026-06-25')['mediation:agreement']).toMatchObject({ status: 'met' });
  });

  it('reminds the LA (the case owner) and is chased; an ended appeal leaves undone steps not applicable', () => {
    expect(reminderRuleFor(DeadlineKind.Mediation)).toEqual({ audience: ReminderAudience.LocalAuthority, chasedWhenOverdue: true });
    expect(byKey({ mediationRequestedOn: '2026-04-02', endedOn: '2026-04-20' }, '2026-05-10')['mediation:arrange']).toMatchObject({ status: 'not_applicable' });
  });

  it('is part of the appeal\'s deadlines', () => {
    const rows = computeAppealDeadlines({ noticeOn: '2026-03-02', mediationCertificateOn: null, lodgedOn: null, closedWithoutLodgingOn: null, mediation: { ...none, mediationRequestedOn: '2026-04-02' }, orders: [] }, '2026-04-03');
    expect(rows.map((r) => r.key)).toEqual(['appeal', 'mediation:arrange']);
  });

  it('property: certificates fall on working days, 3 working days on; the 30 days are calendar days', () => {
    const anyDate = fc.integer({ min: toDayNumber('2016-01-01'), max: toDayNumber('2034-06-30') }).map(fromDayNumber);
    fc.assert(
      fc.property(anyDate, fc.integer({ min: 0, max: 40 }), (told, heldAfter) => {
        const held = addDays(told, heldAfter);
        const d = byKey({ mediationRequestedOn: told, mediationHeldOn: held }, held);
        expect(d['mediation:arrange'].dueOn).toBe(addDays(told, 30));
        expect(isWorkingDay(d['mediation:certificate'].dueOn)).toBe(true);
        expect(isAfter(d['mediation:certificate'].dueOn, heldAfter <= 30 ? held : addDays(told, 30))).toBe(true);
      }),
    );
  });
});

describe('orders (issue 24, point 9)', () => {
  it('continue and amend is one order with both duties; remit gives the reconsidered decision in 2 weeks', () => {
    expect(orderComplianceDuties(OrderKind.ContinueAndAmend, '2026-03-02').map((d) => [d.duty, d.dueOn, d.period])).toEqual([
      [OrderDuty.MaintainPlan, '2026-03-02', 'at once'],
      [OrderDuty.AmendedPlan, '2026-04-06', '5 weeks'],
    ]);
    expect(orderComplianceDuties(OrderKind.Remit, '2026-03-02').map((d) => [d.duty, d.dueOn])).toEqual([[OrderDuty.Reconsider, '2026-03-16']]);
  });
});
