import fc from 'fast-check';
import { addDays, fromDayNumber, isOnOrAfter, toDayNumber } from './dates';
import { reminderHorizon, reminderPlan, ReminderStage, reminderStage } from './reminders';

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
