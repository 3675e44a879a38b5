/** What a deadline is for. The values are the API contract's `kind`s. */
export enum DeadlineKind {
  DecisionToAssess = 'decision_to_assess',
  Advice = 'advice',
  NoPlanNotice = 'no_plan_notice',
  DraftRepresentations = 'draft_representations',
  FinalPlan = 'final_plan',
  ReviewDue = 'review_due',
  ReviewReport = 'review_report',
  ReviewDecision = 'review_decision',
  AmendedPlan = 'amended_plan',
  PhaseTransfer = 'phase_transfer',
}

/** A deadline as of a given day. */
export enum DeadlineStatus {
  Open = 'open',
  Overdue = 'overdue',
  Met = 'met',
  Late = 'late',
  NotApplicable = 'not_applicable',
}

/** Why the LA's own limits (Regs 5(4), 10(4), 13(3)) may not be met. */
export enum ExceptionGround {
  InstitutionClosure = 'institution_closure',
  EarlyYearsClosure = 'early_years_closure',
  PersonalCircumstances = 'personal_circumstances',
  AbsenceFromArea = 'absence_from_area',
}

/** Why an adviser's 6 weeks (Regs 8(2)) may not be met. A waiting list or staff shortage is never one. */
export enum AdviceExceptionGround {
  ExceptionalCircumstances = 'exceptional_circumstances',
  AbsenceFromArea = 'absence_from_area',
  MissedAppointment = 'missed_appointment',
}

export interface StatutoryRule {
  kind: DeadlineKind;
  /** The period in days, where the rule is a fixed number of days. */
  days?: number;
  months?: number;
  /** Human period, for explanations ("6 weeks"). */
  period: string;
  /** Where it comes from, as shown to users next to the date. */
  regulation: string;
  /** False for guidance (shown, but labelled as not a legal duty). */
  statutory: boolean;
}

const REGS = 'SEND Regulations 2014';

/** Every period the product counts, with its citation: the single table the rest of the system reads. */
export const STATUTORY_RULES: Readonly<Record<DeadlineKind, StatutoryRule>> = {
  [DeadlineKind.DecisionToAssess]: { kind: DeadlineKind.DecisionToAssess, days: 42, period: '6 weeks', regulation: `${REGS}, reg 5(1)`, statutory: true },
  [DeadlineKind.Advice]: { kind: DeadlineKind.Advice, days: 42, period: '6 weeks', regulation: `${REGS}, reg 8(1)`, statutory: true },
  [DeadlineKind.NoPlanNotice]: { kind: DeadlineKind.NoPlanNotice, days: 112, period: '16 weeks', regulation: `${REGS}, reg 10(1)`, statutory: true },
  // "At least 15 days beginning with the day on which the draft was served": days D..D+14.
  [DeadlineKind.DraftRepresentations]: { kind: DeadlineKind.DraftRepresentations, days: 14, period: '15 days', regulation: `${REGS}, reg 13(1)`, statutory: true },
  [DeadlineKind.FinalPlan]: { kind: DeadlineKind.FinalPlan, days: 140, period: '20 weeks', regulation: `${REGS}, reg 13(2)`, statutory: true },
  [DeadlineKind.ReviewDue]: { kind: DeadlineKind.ReviewDue, months: 12, period: '12 months', regulation: 'Children and Families Act 2014, s44(1)', statutory: true },
  [DeadlineKind.ReviewReport]: { kind: DeadlineKind.ReviewReport, days: 14, period: '2 weeks', regulation: `${REGS}, reg 20(7)`, statutory: true },
  [DeadlineKind.ReviewDecision]: { kind: DeadlineKind.ReviewDecision, days: 28, period: '4 weeks', regulation: `${REGS}, reg 20(10)`, statutory: true },
  [DeadlineKind.AmendedPlan]: { kind: DeadlineKind.AmendedPlan, days: 56, period: '8 weeks', regulation: `${REGS}, reg 22(5)`, statutory: true },
  [DeadlineKind.PhaseTransfer]: { kind: DeadlineKind.PhaseTransfer, period: 'the phase-transfer date', regulation: `${REGS}, reg 18`, statutory: true },
};

/** The LA limits an assessment exception affects unless it says otherwise (Regs 5(4), 10(4), 13(3)). */
export const LA_LIMITS_AFFECTED_BY_EXCEPTIONS: readonly DeadlineKind[] = [DeadlineKind.DecisionToAssess, DeadlineKind.NoPlanNotice, DeadlineKind.FinalPlan];

/** The minimum length the regulations give some grounds (closure or absence of at least 4 continuous weeks). */
export const MINIMUM_EXCEPTION_DAYS: Partial<Record<ExceptionGround, number>> = {
  [ExceptionGround.AbsenceFromArea]: 28,
  [ExceptionGround.InstitutionClosure]: 28,
  [ExceptionGround.EarlyYearsClosure]: 28,
};
