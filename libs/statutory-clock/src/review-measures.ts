import { addDays, IsoDate, isBefore, isOnOrBefore } from './dates';
import { DeadlineKind, STATUTORY_RULES } from './rules';

/**
 * Managers' review measures and the plans whose review or phase transfer is at risk (docs/reports.md). The day limits
 * come from the rule table; reporting passes them to SQL as parameters, as it does for the 20-week measures.
 */
export const REVIEW_MEASURE_LIMITS = {
  /** The DfE's published measure: the decision notified within 4 weeks of the meeting (Regs 20(10), 22(2)). */
  decisionWithinDays: STATUTORY_RULES[DeadlineKind.ReviewDecision].days!,
  /** The amended plan issued within 8 weeks of the amendment notice (Regs 22(3)). */
  amendedPlanWithinDays: STATUTORY_RULES[DeadlineKind.AmendedPlan].days!,
} as const;

/** Whether an amended plan was issued within 8 weeks of the amendment notice (the decision's notification). */
export function amendedPlanIssuedInTime(noticeOn: IsoDate, issuedOn: IsoDate): boolean {
  return isOnOrBefore(issuedOn, addDays(noticeOn, REVIEW_MEASURE_LIMITS.amendedPlanWithinDays));
}

export enum PlanRiskReason {
  /** The plan's review period has ended without a completed review (CFA s44(1)). */
  ReviewOverdue = 'review_overdue',
  /** The review period ends within 4 weeks and no meeting has been held: the decision cannot follow in time. */
  ReviewDueSoonNoMeeting = 'review_due_soon_no_meeting',
  /** The Regs 18 phase-transfer date is within 6 weeks and the amended plan naming the next placement is not issued. */
  PhaseTransferDueSoon = 'phase_transfer_due_soon',
  PhaseTransferOverdue = 'phase_transfer_overdue',
}

export interface PlanRiskRule {
  reason: PlanRiskReason;
  kind: DeadlineKind.ReviewDue | DeadlineKind.PhaseTransfer;
  /** Null: the deadline has passed (due before today). Otherwise: due from today to today + withinDays. */
  withinDays: number | null;
  /** Only while no review meeting has been held in the review period. */
  needsNoMeetingHeld: boolean;
  description: string;
}

/** A review needs its meeting and then up to 4 weeks for the decision: so 4 weeks' warning. */
const REVIEW_WARNING_DAYS = STATUTORY_RULES[DeadlineKind.ReviewDecision].days!;
/** A phase transfer needs the decision to amend, the family's 15 days and the amended plan: 6 weeks' warning. */
const PHASE_TRANSFER_WARNING_DAYS = 42;

export const PLAN_RISK_RULES: readonly PlanRiskRule[] = [
  { reason: PlanRiskReason.ReviewOverdue, kind: DeadlineKind.ReviewDue, withinDays: null, needsNoMeetingHeld: false, description: 'The review period has ended without a completed review (CFA s44(1))' },
  {
    reason: PlanRiskReason.ReviewDueSoonNoMeeting,
    kind: DeadlineKind.ReviewDue,
    withinDays: REVIEW_WARNING_DAYS,
    needsNoMeetingHeld: true,
    description: 'The review period ends within 4 weeks and no review meeting has been held',
  },
  {
    reason: PlanRiskReason.PhaseTransferDueSoon,
    kind: DeadlineKind.PhaseTransfer,
    withinDays: PHASE_TRANSFER_WARNING_DAYS,
    needsNoMeetingHeld: false,
    description: 'The phase-transfer date (Regs 18) is within 6 weeks and the amended plan naming the next placement is not issued',
  },
  { reason: PlanRiskReason.PhaseTransferOverdue, kind: DeadlineKind.PhaseTransfer, withinDays: null, needsNoMeetingHeld: false, description: 'The phase-transfer date (Regs 18) has passed without the amended plan' },
];

/** For SQL: the last due date (inclusive) an open deadline of the rule's kind may have for the rule to hold on `today`. */
export function planRiskDueCutoff(rule: PlanRiskRule, today: IsoDate): IsoDate {
  return rule.withinDays === null ? addDays(today, -1) : addDays(today, rule.withinDays);
}

export interface PlanRiskFacts {
  /** The due date of the plan's open `review_due` deadline (null: none open). */
  reviewDueOn: IsoDate | null;
  /** Whether a meeting of the review closing that period has been held (recorded, or its day has come). */
  meetingHeld: boolean;
  /** The due date of the plan's open `phase_transfer` deadline (null: none, or met). */
  phaseTransferDueOn: IsoDate | null;
}

/** Why a maintained plan's review or phase transfer is at risk on `today` (empty: on track). Open deadlines only. */
export function planRiskReasons(facts: PlanRiskFacts, today: IsoDate): PlanRiskReason[] {
  return PLAN_RISK_RULES.filter((rule) => {
    const dueOn = rule.kind === DeadlineKind.ReviewDue ? facts.reviewDueOn : facts.phaseTransferDueOn;
    if (dueOn === null) return false;
    if (rule.needsNoMeetingHeld && facts.meetingHeld) return false;
    if (rule.withinDays === null) return isBefore(dueOn, today);
    return !isBefore(dueOn, today) && isOnOrBefore(dueOn, planRiskDueCutoff(rule, today));
  }).map((rule) => rule.reason);
}
