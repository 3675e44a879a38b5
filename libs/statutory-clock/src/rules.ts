import type { IsoDate } from './dates';

/** What a deadline is for. The values are the API contract's `kind`s. */
export enum DeadlineKind {
  DecisionToAssess = 'decision_to_assess',
  Advice = 'advice',
  NoPlanNotice = 'no_plan_notice',
  DraftRepresentations = 'draft_representations',
  FinalPlan = 'final_plan',
  ReviewDue = 'review_due',
  /** Notice of a scheduled review meeting, at least 2 weeks before it (Regs 20(3), 21(3)). */
  ReviewInvitations = 'review_invitations',
  /** The advice and information gathered, circulated at least 2 weeks before the meeting (Regs 20(4), 21(4)). */
  ReviewAdviceCirculation = 'review_advice_circulation',
  ReviewReport = 'review_report',
  ReviewDecision = 'review_decision',
  /** The family's 15 days on an amendment notice: theirs, never chased. */
  AmendmentRepresentations = 'amendment_representations',
  AmendedPlan = 'amended_plan',
  PhaseTransfer = 'phase_transfer',
  /** The family's last day to appeal to the Tribunal: shown, never chased as the LA's duty. */
  Appeal = 'appeal',
  /** A duty a Tribunal order (or the LA's concession) creates, counted from the order (Regs 44, 45). */
  OrderCompliance = 'order_compliance',
  /** A school the family asked for is consulted before it is named: guidance, 15 days to answer (CFA s39, CoP 9.83). */
  SchoolConsultation = 'school_consultation',
  /** Statutory mediation on an appeal (CFA ss52-57; Regs 32-42): the LA's 30 days, certificates, the health body. */
  Mediation = 'mediation',
  // Across boundaries (statutory-rules.md section 9; rules in transfers.ts and reassessment.ts).
  /** The old LA transfers the plan to the new one (Regs 15(2)). */
  TransferOut = 'transfer_out',
  /** The new LA tells the family the plan was transferred, whether it will assess, and when it will review (Regs 15(4)). */
  TransferReassessmentNotice = 'transfer_reassessment_notice',
  /** The LA's decision on a request to re-assess, notified (Regs 25(1)). */
  ReassessmentDecision = 'reassessment_decision',
  /** The amended or replacement plan (or notice not to amend) after a decision to re-assess (Regs 27(2)). */
  ReassessmentOutcome = 'reassessment_outcome',
  /** A Tribunal recommendation on health or social care: the body's written answer (Recommendations Power Regs 2017). */
  RecommendationAnswer = 'recommendation_answer',
  /** A new health commissioning body: asks the LA to assess or review where it cannot secure section G (Regs 16). */
  HealthBodyReview = 'health_body_review',
  /** A direct payment in section J, reviewed at the annual review (CFA s49; Personal Budgets Regs 2014). */
  DirectPaymentReview = 'direct_payment_review',
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
  /**
   * The first day the rule applies (to periods starting on or after it). Omitted: from the commencement of the SEND
   * provisions, 1 September 2014. A later change is a new dated row in the rule book (rule-book.ts), never an edit here.
   */
  appliesFrom?: IsoDate;
  /**
   * Tribunal time limits in SEN cases only: a last day from 25 December to 1 January inclusive, or in August, runs to
   * the first working day after 1 January or 31 August (HESC Rules 2008 r12(3)(a), as amended in 2020).
   */
  holidayExtension?: boolean;
}

const REGS = 'SEND Regulations 2014';

// Across boundaries (statutory-rules.md section 9): periods here, date logic in transfers.ts and reassessment.ts.
const BOUNDARY_RULES = {
  // 15 working days beginning with the day the old LA learned of the move, or the day of the move.
  [DeadlineKind.TransferOut]: { kind: DeadlineKind.TransferOut, days: 15, period: '15 working days, or the day of the move', regulation: `${REGS}, reg 15(2)`, statutory: true },
  [DeadlineKind.TransferReassessmentNotice]: { kind: DeadlineKind.TransferReassessmentNotice, days: 42, period: '6 weeks', regulation: `${REGS}, reg 15(4)`, statutory: true },
  // "15 days from the request" is marked (verify) in statutory-rules.md section 9.
  [DeadlineKind.ReassessmentDecision]: { kind: DeadlineKind.ReassessmentDecision, days: 15, period: '15 days', regulation: `${REGS}, reg 25(1) (15 days: verify)`, statutory: true },
  [DeadlineKind.ReassessmentOutcome]: { kind: DeadlineKind.ReassessmentOutcome, days: 98, period: '14 weeks', regulation: `${REGS}, reg 27(2)`, statutory: true },
  // The body the Tribunal addressed answers in writing within 5 weeks of the decision. "5 weeks" is statutory-rules.md's
  // (verify); the regulation numbers were not read in the primary text (legislation.gov.uk SI 2017/1306): verify.
  [DeadlineKind.RecommendationAnswer]: { kind: DeadlineKind.RecommendationAnswer, days: 35, period: '5 weeks', regulation: 'SEND (Tribunal Recommendations Power) Regs 2017, regs 6-7 (5 weeks: verify)', statutory: true },
  // 15 working days of becoming aware of the change (SEND Code of Practice 2015, paras 9.162-9.164, restating reg 16);
  // the paragraph of reg 16 was not read in the primary text: verify.
  [DeadlineKind.HealthBodyReview]: { kind: DeadlineKind.HealthBodyReview, days: 15, period: '15 working days', regulation: `${REGS}, reg 16 (15 working days, CoP 9.163: verify)`, statutory: true },
  // Direct payments are reviewed at least at each annual review (statutory-rules.md section 9): due by the meeting.
  [DeadlineKind.DirectPaymentReview]: { kind: DeadlineKind.DirectPaymentReview, days: 0, period: 'at each annual review meeting', regulation: 'CFA 2014 s49; SEN (Personal Budgets) Regulations 2014, reg 11 (verify)', statutory: true },
} as const;

/** Every period the product counts, with its citation: the single table the rest of the system reads. */
export const STATUTORY_RULES: Readonly<Record<DeadlineKind, StatutoryRule>> = {
  [DeadlineKind.DecisionToAssess]: { kind: DeadlineKind.DecisionToAssess, days: 42, period: '6 weeks', regulation: `${REGS}, reg 5(1)`, statutory: true },
  [DeadlineKind.Advice]: { kind: DeadlineKind.Advice, days: 42, period: '6 weeks', regulation: `${REGS}, reg 8(1)`, statutory: true },
  [DeadlineKind.NoPlanNotice]: { kind: DeadlineKind.NoPlanNotice, days: 112, period: '16 weeks', regulation: `${REGS}, reg 10(1)`, statutory: true },
  // "At least 15 days beginning with the day on which the draft was served": days D..D+14.
  [DeadlineKind.DraftRepresentations]: { kind: DeadlineKind.DraftRepresentations, days: 14, period: '15 days', regulation: `${REGS}, reg 13(1)`, statutory: true },
  [DeadlineKind.FinalPlan]: { kind: DeadlineKind.FinalPlan, days: 140, period: '20 weeks', regulation: `${REGS}, reg 13(2)`, statutory: true },
  [DeadlineKind.ReviewDue]: { kind: DeadlineKind.ReviewDue, months: 12, period: '12 months', regulation: 'Children and Families Act 2014, s44(1)', statutory: true },
  // "At least two weeks before the date on which the review meeting is to take place": due 14 days before it.
  [DeadlineKind.ReviewInvitations]: { kind: DeadlineKind.ReviewInvitations, days: 14, period: '2 weeks before the meeting', regulation: `${REGS}, regs 20(3) and 21(3)`, statutory: true },
  [DeadlineKind.ReviewAdviceCirculation]: { kind: DeadlineKind.ReviewAdviceCirculation, days: 14, period: '2 weeks before the meeting', regulation: `${REGS}, regs 20(4) and 21(4)`, statutory: true },
  [DeadlineKind.ReviewReport]: { kind: DeadlineKind.ReviewReport, days: 14, period: '2 weeks', regulation: `${REGS}, regs 20(7) and 21(7)`, statutory: true },
  [DeadlineKind.ReviewDecision]: { kind: DeadlineKind.ReviewDecision, days: 28, period: '4 weeks', regulation: `${REGS}, regs 20(10) and 22(2)`, statutory: true },
  // "At least 15 days, beginning with the day on which the notice was served": days N..N+14, as for a draft plan.
  [DeadlineKind.AmendmentRepresentations]: { kind: DeadlineKind.AmendmentRepresentations, days: 14, period: '15 days', regulation: `${REGS}, reg 22(2)(c)`, statutory: true },
  [DeadlineKind.AmendedPlan]: { kind: DeadlineKind.AmendedPlan, days: 56, period: '8 weeks', regulation: `${REGS}, reg 22(3)`, statutory: true },
  [DeadlineKind.PhaseTransfer]: { kind: DeadlineKind.PhaseTransfer, period: 'before 15 February or 31 March of the transfer year, or 5 months before a post-16 move', regulation: `${REGS}, reg 18`, statutory: true },
  [DeadlineKind.Appeal]: { kind: DeadlineKind.Appeal, months: 2, period: '2 months after the notice, or 1 month after a mediation certificate', regulation: 'CFA 2014 ss51, 55; HESC Rules 2008, r20(1)(c), r12(2) and r12(3)(a)', statutory: true, holidayExtension: true },
  [DeadlineKind.OrderCompliance]: { kind: DeadlineKind.OrderCompliance, period: 'as the order requires', regulation: `${REGS}, regs 44 and 45`, statutory: true },
  // Guidance: the school should answer within 15 days of being consulted (day D + 15).
  [DeadlineKind.Mediation]: { kind: DeadlineKind.Mediation, days: 30, period: '30 days to arrange; certificates in 3 working days', regulation: 'CFA 2014 ss52-57; SEND Regulations 2014, regs 32-42', statutory: true },
  [DeadlineKind.SchoolConsultation]: { kind: DeadlineKind.SchoolConsultation, days: 15, period: '15 days', regulation: 'Children and Families Act 2014, s39; SEND Code of Practice 2015, para 9.83', statutory: false },
  ...BOUNDARY_RULES,
};

/**
 * Who an advice deadline binds. Regs 8(1) is a duty only on bodies asked to co-operate under CFA s31 (health bodies,
 * other LAs, youth offending teams); for schools and the LA's own services the same 6 weeks is the Code's
 * expectation (CoP 9.52). The parent's or young person's own advice (Regs 6(1)(a)) has no deadline at all.
 */
export enum AdviceBinding {
  Duty = 'duty',
  Expectation = 'expectation',
  None = 'none',
}

export const ADVICE_DUTY_REGULATION = `${REGS}, reg 8(1)`;
export const ADVICE_EXPECTATION_REGULATION = 'SEND Code of Practice 2015, para 9.52';
/** The family's own views and advice: sought, but with no deadline. */
export const PARENT_ADVICE_REGULATION = `${REGS}, reg 6(1)(a): no deadline`;

/** Organisation kinds that are CFA s31 co-operating bodies (a health body); other LAs and YOTs have no kind of their own. */
const S31_ORGANISATION_KINDS: readonly string[] = ['nhs_body'];
/** Schools, settings and the LA's own services: the Code's expectation. */
const EXPECTATION_ORGANISATION_KINDS: readonly string[] = ['school', 'early_years', 'post16', 'ep_service', 'social_care_team'];

/**
 * Who the 6 weeks binds for an advice request, from what is asked (the discipline, the API's values) and whom (the
 * addressed organisation's kind, when known). Without a known organisation, health advice comes from a health body
 * (a duty); anything else is not assumed to be a s31 body, so it is shown as the Code's expectation, never overstated.
 */
export function adviceBinding(discipline: string, organisationKind: string | null | undefined): AdviceBinding {
  if (discipline === 'parent') return AdviceBinding.None;
  if (organisationKind && S31_ORGANISATION_KINDS.includes(organisationKind)) return AdviceBinding.Duty;
  if (organisationKind && EXPECTATION_ORGANISATION_KINDS.includes(organisationKind)) return AdviceBinding.Expectation;
  return discipline === 'health' ? AdviceBinding.Duty : AdviceBinding.Expectation;
}

/** The family's own periods (15 days on a draft or an amendment notice, the appeal deadline), guidance, and warnings. */
const NEVER_CHASED_KINDS: readonly DeadlineKind[] = [DeadlineKind.NoPlanNotice, DeadlineKind.DraftRepresentations, DeadlineKind.SchoolConsultation, DeadlineKind.AmendmentRepresentations, DeadlineKind.Appeal];

/**
 * Deadlines whose passing is not an overdue duty, so reminders never chase them as overdue: the family's 15 days
 * (theirs), and the no-plan notice, which binds only a decision not to issue (Regs 10(1)): on an open case its date is
 * a warning. The 6-week expectation on schools and LA services is still chased (it is the Code's expectation).
 */
export function isChasedWhenOverdue(kind: string): boolean {
  return !NEVER_CHASED_KINDS.includes(kind as DeadlineKind);
}


/**
 * The LA limits an assessment exception affects unless it says otherwise (Regs 5(4), 10(4), 13(3)). The 6-week limit
 * is excused only for a decision to assess (Regs 5(4) qualifies reg 5(1)): a refusal to assess is notified under
 * Regs 4(1)/5(1) with no exception, so nothing excuses a late refusal.
 */
export const LA_LIMITS_AFFECTED_BY_EXCEPTIONS: readonly DeadlineKind[] = [DeadlineKind.DecisionToAssess, DeadlineKind.NoPlanNotice, DeadlineKind.FinalPlan];

/** The minimum length the regulations give some grounds (closure or absence of at least 4 continuous weeks). */
export const MINIMUM_EXCEPTION_DAYS: Partial<Record<ExceptionGround, number>> = {
  [ExceptionGround.AbsenceFromArea]: 28,
  [ExceptionGround.InstitutionClosure]: 28,
  [ExceptionGround.EarlyYearsClosure]: 28,
};

/** Where the closure grounds (a) and (b) come from, quoted when one does not qualify. */
export const CLOSURE_EXCEPTION_RULE = 'SEND Regulations 2014, regs 5(4)(a)-(b), 10(4)(a)-(b) and 13(3)(a)-(b)';

/** Closure grounds: tied to the LA's request for educational advice (Regs 6(1)(b)) to the closed school or provider. */
export const CLOSURE_GROUNDS: readonly ExceptionGround[] = [ExceptionGround.InstitutionClosure, ExceptionGround.EarlyYearsClosure];
