import { DeadlineKind, ReminderStage } from '@app/statutory-clock';
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
