import { reminderHorizon, ReminderStage, reminderStage } from './reminders';

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
