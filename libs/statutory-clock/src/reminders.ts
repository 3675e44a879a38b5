import { addDays, IsoDate, isAfter, isOnOrAfter, maxDate } from './dates';

export enum ReminderStage {
  DueSoon = 'due_soon',
  DueToday = 'due_today',
  Overdue = 'overdue',
}

/**
 * The most advanced reminder a deadline calls for on `today`, or null: overdue from the day after the due date, due
 * today on it, due soon from `leadDays` before. Only the most advanced one is sent, so a case entered late gets one
 * "overdue", not a burst of every stage it missed.
 */
export function reminderStage(dueOn: IsoDate, today: IsoDate, leadDays: number): ReminderStage | null {
  if (isAfter(today, dueOn)) return ReminderStage.Overdue;
  if (today === dueOn) return ReminderStage.DueToday;
  return isOnOrAfter(today, addDays(dueOn, -leadDays)) ? ReminderStage.DueSoon : null;
}

/** The latest due date that can call for a reminder on `today`: the horizon the sweeper reads up to. */
export function reminderHorizon(today: IsoDate, leadDays: number): IsoDate {
  return addDays(today, leadDays);
}

/** One reminder a deadline will need: its stage and the London date it goes out. */
export interface PlannedReminder {
  stage: ReminderStage;
  remindOn: IsoDate;
}

/**
 * Every reminder an open deadline due on `dueOn` still needs, seen from `today`: "due soon" from `leadDays` before
 * (while the due date is still ahead), "due today" on the due date, "overdue" the day after. A stage whose window
 * has wholly passed is not planned, and one whose day has passed goes out today; so a case entered late plans only
 * what is still ahead, and at delivery `reminderStage` drops any that a more advanced stage has overtaken.
 */
export function reminderPlan(dueOn: IsoDate, today: IsoDate, leadDays: number): PlannedReminder[] {
  const plan: PlannedReminder[] = [];
  const lastDueSoonDay = addDays(dueOn, -1);
  if (leadDays > 0 && isOnOrAfter(lastDueSoonDay, today)) plan.push({ stage: ReminderStage.DueSoon, remindOn: maxDate(addDays(dueOn, -leadDays), today) });
  if (isOnOrAfter(dueOn, today)) plan.push({ stage: ReminderStage.DueToday, remindOn: dueOn });
  plan.push({ stage: ReminderStage.Overdue, remindOn: maxDate(addDays(dueOn, 1), today) });
  return plan;
}
