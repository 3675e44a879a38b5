import { addDays, IsoDate, isAfter, isOnOrAfter } from './dates';

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
