import { DeadlineKind, ReminderStage } from '@app/statutory-clock';
import { isRemindable, NOT_CHASED_WHEN_OVERDUE, remindsAt } from './remindable';

describe('what reminders chase', () => {
  it('never sends an overdue reminder (nor so an escalation) for the no-plan notice, a warning date (Regs 10(1))', () => {
    expect(remindsAt(DeadlineKind.NoPlanNotice, ReminderStage.Overdue)).toBe(false);
    expect(remindsAt(DeadlineKind.NoPlanNotice, ReminderStage.DueSoon)).toBe(true);
    expect(remindsAt(DeadlineKind.NoPlanNotice, ReminderStage.DueToday)).toBe(true);
    expect(NOT_CHASED_WHEN_OVERDUE).toEqual([DeadlineKind.NoPlanNotice]);
  });

  it('chases the LA’s duties and advice at every stage', () => {
    for (const kind of [DeadlineKind.DecisionToAssess, DeadlineKind.FinalPlan, DeadlineKind.Advice]) {
      for (const stage of Object.values(ReminderStage)) expect(remindsAt(kind, stage)).toBe(true);
    }
  });

  it('reminds nobody of the family’s 15 days or a school’s consultation answer', () => {
    expect(isRemindable(DeadlineKind.DraftRepresentations)).toBe(false);
    expect(isRemindable(DeadlineKind.SchoolConsultation)).toBe(false);
  });
});
