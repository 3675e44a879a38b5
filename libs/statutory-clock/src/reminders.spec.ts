import fc from 'fast-check';
import { addDays, fromDayNumber, isOnOrAfter, toDayNumber } from './dates';
import { ReminderAudience, reminderHorizon, reminderPlan, reminderRuleFor, REMINDING_KINDS, remindsAtStage, ReminderStage, reminderStage } from './reminders';
import { DeadlineKind, isChasedWhenOverdue } from './rules';

describe('reminderStage', () => {
  it.each([
    ['2026-02-10', null],
    ['2026-02-11', ReminderStage.DueSoon], // 5 days before
    ['2026-02-15', ReminderStage.DueSoon],
    ['2026-02-16', ReminderStage.DueToday],
    ['2026-02-17', ReminderStage.Overdue],
    ['2027-01-01', ReminderStage.Overdue],
  ])('on %s a deadline due 2026-02-16 calls for %s', (today, stage) => {
    expect(reminderStage('2026-02-16', today, 5)).toBe(stage);
  });

  it('reads up to the lead time ahead', () => {
    expect(reminderHorizon('2026-12-29', 7)).toBe('2027-01-05');
  });
});

describe('reminderPlan', () => {
  const plan = (today: string, lead = 5) => reminderPlan('2026-02-16', today, lead).map((r) => `${r.stage}@${r.remindOn}`);

  it('plans every stage ahead of time', () => {
    expect(plan('2026-01-05')).toEqual(['due_soon@2026-02-11', 'due_today@2026-02-16', 'overdue@2026-02-17']);
  });
  it('sends "due soon" today when the case arrives inside the lead time', () => {
    expect(plan('2026-02-13')).toEqual(['due_soon@2026-02-13', 'due_today@2026-02-16', 'overdue@2026-02-17']);
  });
  it('skips "due soon" on the due date itself', () => {
    expect(plan('2026-02-16')).toEqual(['due_today@2026-02-16', 'overdue@2026-02-17']);
  });
  it('plans one "overdue", today, for a backdated case', () => {
    expect(plan('2026-05-01')).toEqual(['overdue@2026-05-01']);
  });
  it('plans no "due soon" with no lead time', () => {
    expect(plan('2026-01-05', 0)).toEqual(['due_today@2026-02-16', 'overdue@2026-02-17']);
  });

  const date = fc.integer({ min: toDayNumber('2015-01-01'), max: toDayNumber('2035-12-31') }).map(fromDayNumber);
  it('plans each stage at most once, never before today, and each on a day that calls for exactly that stage', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -400, max: 400 }), fc.integer({ min: 0, max: 60 }), (dueOn, offset, lead) => {
        const today = addDays(dueOn, offset);
        const planned = reminderPlan(dueOn, today, lead);
        expect(new Set(planned.map((r) => r.stage)).size).toBe(planned.length);
        for (const r of planned) {
          expect(isOnOrAfter(r.remindOn, today)).toBe(true);
          expect(reminderStage(dueOn, r.remindOn, lead)).toBe(r.stage);
        }
        // The reminder today's stage calls for is always planned (nothing that should go out is missed).
        const now = reminderStage(dueOn, today, lead);
        if (now) expect(planned.some((r) => r.stage === now && r.remindOn === today)).toBe(true);
        // Overdue is always planned while the deadline is open.
        expect(planned.some((r) => r.stage === ReminderStage.Overdue)).toBe(true);
      }),
    );
  });
});

describe('reminderRuleFor', () => {
  it('reminds the LA of its own steps and the adviser of advice; the family and schools are never chased', () => {
    expect(reminderRuleFor(DeadlineKind.DecisionToAssess)).toEqual({ audience: ReminderAudience.LocalAuthority, chasedWhenOverdue: true });
    expect(reminderRuleFor(DeadlineKind.FinalPlan)).toEqual({ audience: ReminderAudience.LocalAuthority, chasedWhenOverdue: true });
    expect(reminderRuleFor(DeadlineKind.Advice)).toEqual({ audience: ReminderAudience.Adviser, chasedWhenOverdue: true });
    expect(reminderRuleFor(DeadlineKind.DraftRepresentations)).toBeNull();
    expect(reminderRuleFor(DeadlineKind.SchoolConsultation)).toBeNull();
    expect(reminderRuleFor('no_such_kind')).toBeNull();
  });

  it('warns of the no-plan notice but never chases it once passed (Regs 10(1))', () => {
    expect(reminderRuleFor(DeadlineKind.NoPlanNotice)).toEqual({ audience: ReminderAudience.LocalAuthority, chasedWhenOverdue: false });
    expect(remindsAtStage(DeadlineKind.NoPlanNotice, ReminderStage.DueSoon)).toBe(true);
    expect(remindsAtStage(DeadlineKind.NoPlanNotice, ReminderStage.DueToday)).toBe(true);
    expect(remindsAtStage(DeadlineKind.NoPlanNotice, ReminderStage.Overdue)).toBe(false);
    expect(remindsAtStage(DeadlineKind.FinalPlan, ReminderStage.Overdue)).toBe(true);
    expect(remindsAtStage(DeadlineKind.DraftRepresentations, ReminderStage.DueSoon)).toBe(false);
  });

  it('agrees with isChasedWhenOverdue for every kind that reminds, and lists each such kind once', () => {
    for (const kind of Object.values(DeadlineKind)) {
      const rule = reminderRuleFor(kind);
      if (rule) expect({ kind, chased: rule.chasedWhenOverdue }).toEqual({ kind, chased: isChasedWhenOverdue(kind) });
      expect(REMINDING_KINDS.includes(kind)).toBe(rule !== null);
    }
    expect(new Set(REMINDING_KINDS).size).toBe(REMINDING_KINDS.length);
  });
});
