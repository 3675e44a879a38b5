import { ReminderAudience, reminderRuleFor, ReminderStage } from '@app/statutory-clock';
import { AppConfig } from '@app/core';
import { NotificationKind } from '../entities/notification.entity';

/**
 * Which deadlines remind whom, and when "due soon" starts, come from the statutory clock's reminder rule; the lead
 * times per audience are configuration (REMINDER_LEAD_DAYS for the LA's steps, ADVICE_REMINDER_LEAD_DAYS for advice).
 */
export function leadDaysFor(kind: string, config: Pick<AppConfig, 'reminderLeadDays' | 'adviceReminderLeadDays'>): number {
  return reminderRuleFor(kind)?.audience === ReminderAudience.Adviser ? config.adviceReminderLeadDays : config.reminderLeadDays;
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
