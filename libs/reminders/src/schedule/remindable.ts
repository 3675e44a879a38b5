import { DeadlineKind, isChasedWhenOverdue, ReminderStage } from '@app/statutory-clock';
import { AppConfig } from '@app/core';
import { NotificationKind } from '../entities/notification.entity';

/**
 * The deadlines that remind someone: the LA's own steps and each piece of advice. The family's 15 days on a draft
 * are theirs, not a duty to chase, so they remind nobody.
 */
export const LA_REMINDER_KINDS: readonly string[] = [DeadlineKind.DecisionToAssess, DeadlineKind.NoPlanNotice, DeadlineKind.FinalPlan];

export function isRemindable(kind: string): boolean {
  return kind === DeadlineKind.Advice || LA_REMINDER_KINDS.includes(kind);
}

/**
 * Whether a deadline of this kind is reminded at this stage: the no-plan notice (Regs 10(1)) is a warning date on an
 * open case, so it gets "due soon" and "due today" but never "overdue" nor an escalation (statutory-clock).
 */
export function remindsAt(kind: string, stage: ReminderStage): boolean {
  return stage !== ReminderStage.Overdue || isChasedWhenOverdue(kind);
}

/** Kinds that are never chased once past their date (for the SQL that plans and counts overdue reminders). */
export const NOT_CHASED_WHEN_OVERDUE: readonly string[] = LA_REMINDER_KINDS.filter((kind) => !isChasedWhenOverdue(kind));

/** Days before the due date that "due soon" goes out, per kind of deadline. */
export function leadDaysFor(kind: string, config: Pick<AppConfig, 'reminderLeadDays' | 'adviceReminderLeadDays'>): number {
  return kind === DeadlineKind.Advice ? config.adviceReminderLeadDays : config.reminderLeadDays;
}

export const LA_NOTIFICATION: Record<ReminderStage, NotificationKind> = {
  [ReminderStage.DueSoon]: NotificationKind.DeadlineDueSoon,
  [ReminderStage.DueToday]: NotificationKind.DeadlineDueToday,
  [ReminderStage.Overdue]: NotificationKind.DeadlineOverdue,
};

export const ADVICE_NOTIFICATION: Record<ReminderStage, NotificationKind> = {
  [ReminderStage.DueSoon]: NotificationKind.AdviceDueSoon,
  [ReminderStage.DueToday]: NotificationKind.AdviceDueSoon,
  [ReminderStage.Overdue]: NotificationKind.AdviceOverdue,
};
