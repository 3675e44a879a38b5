import { addDays, IsoDate, isAfter, isOnOrAfter, maxDate } from './dates';
import { DeadlineKind, isChasedWhenOverdue } from './rules';

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

/** Whom a deadline's reminders are for. */
export enum ReminderAudience {
  /** The LA's own step: its owner (the caseworker); once overdue, escalated to the LA's managers. */
  LocalAuthority = 'local_authority',
  /** Advice asked of someone outside the case team: the adviser (or their organisation); once overdue, the caseworker too. */
  Adviser = 'adviser',
}

/** How a kind of deadline reminds: its audience (which also picks the lead time) and whether it is chased once past. */
export interface ReminderRule {
  audience: ReminderAudience;
  /** False for a date that is a warning, not a duty, once passed (the no-plan notice on an open case, Regs 10(1)). */
  chasedWhenOverdue: boolean;
}

const la = (kind: DeadlineKind): ReminderRule => ({ audience: ReminderAudience.LocalAuthority, chasedWhenOverdue: isChasedWhenOverdue(kind) });

/**
 * Which deadlines remind anyone. The LA's own statutory steps and each piece of advice do; the family's 15 days on a
 * draft or an amendment notice are theirs to use, a school's 15 days to answer a consultation are guidance, and the
 * family's own advice has no deadline (Regs 6(1)(a)): those remind nobody. Whether a passed date is still chased is
 * the clock's `isChasedWhenOverdue` (the no-plan notice is a warning on an open case, Regs 10(1)).
 */
const REMINDER_RULES: Partial<Record<DeadlineKind, ReminderRule>> = {
  [DeadlineKind.DecisionToAssess]: la(DeadlineKind.DecisionToAssess),
  [DeadlineKind.NoPlanNotice]: la(DeadlineKind.NoPlanNotice),
  [DeadlineKind.FinalPlan]: la(DeadlineKind.FinalPlan),
  [DeadlineKind.Advice]: { audience: ReminderAudience.Adviser, chasedWhenOverdue: isChasedWhenOverdue(DeadlineKind.Advice) },
  [DeadlineKind.ReviewDue]: la(DeadlineKind.ReviewDue),
  [DeadlineKind.ReviewInvitations]: la(DeadlineKind.ReviewInvitations),
  [DeadlineKind.ReviewAdviceCirculation]: la(DeadlineKind.ReviewAdviceCirculation),
  [DeadlineKind.ReviewReport]: la(DeadlineKind.ReviewReport),
  [DeadlineKind.ReviewDecision]: la(DeadlineKind.ReviewDecision),
  [DeadlineKind.AmendedPlan]: la(DeadlineKind.AmendedPlan),
  [DeadlineKind.PhaseTransfer]: la(DeadlineKind.PhaseTransfer),
  // Each duty a Tribunal order or an LA concession creates (Regs 44, 45): the case's caseworker owns it.
  [DeadlineKind.OrderCompliance]: la(DeadlineKind.OrderCompliance),
  // Statutory mediation (CFA ss52-57; Regs 32-42): the LA's 30 days, the certificates, the health body.
  [DeadlineKind.Mediation]: la(DeadlineKind.Mediation),
  // Across boundaries (statutory-rules.md section 9): the LA's own duties, the caseworker's.
  [DeadlineKind.TransferOut]: la(DeadlineKind.TransferOut),
  [DeadlineKind.TransferReassessmentNotice]: la(DeadlineKind.TransferReassessmentNotice),
  [DeadlineKind.ReassessmentDecision]: la(DeadlineKind.ReassessmentDecision),
  [DeadlineKind.ReassessmentOutcome]: la(DeadlineKind.ReassessmentOutcome),
  // The health or social care body's answer to a Tribunal recommendation: the LA's owner of the appeal chases it.
  [DeadlineKind.RecommendationAnswer]: la(DeadlineKind.RecommendationAnswer),
  // A new health commissioning body's 15 working days (Regs 16): the plan's caseworker chases it.
  [DeadlineKind.HealthBodyReview]: la(DeadlineKind.HealthBodyReview),
  // The direct payment reviewed at the annual review: a reminder before the meeting.
  [DeadlineKind.DirectPaymentReview]: la(DeadlineKind.DirectPaymentReview),
};

/** The reminder rule of a kind of deadline, or null when it reminds nobody. */
export function reminderRuleFor(kind: string): ReminderRule | null {
  return REMINDER_RULES[kind as DeadlineKind] ?? null;
}

/** Every kind that reminds someone (for the SQL that pages and counts reminders). */
export const REMINDING_KINDS: readonly DeadlineKind[] = (Object.keys(REMINDER_RULES) as DeadlineKind[]).sort();

/** Whether a deadline of this kind is reminded at this stage (a warning date gets no overdue reminder). */
export function remindsAtStage(kind: string, stage: ReminderStage): boolean {
  const rule = reminderRuleFor(kind);
  return rule !== null && (stage !== ReminderStage.Overdue || rule.chasedWhenOverdue);
}
