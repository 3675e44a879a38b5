import { addDays, addMonths, formatLongDate, IsoDate, isAfter, isOnOrAfter, isOnOrBefore, maxDate, minDate, parseIsoDate } from './dates';
import { ComputedDeadline, deadlineStatus } from './assessment-deadlines';
import { DeadlineKind, isChasedWhenOverdue, STATUTORY_RULES } from './rules';
import { RULE_BOOK, RuleBook } from './rule-book';

/**
 * After the final plan: annual reviews, amendments and phase transfers (CFA s44; SEND Regulations 2014, regs 18-22).
 * Pure functions over calendar dates, like the rest of the clock.
 */

/**
 * The last day of "a period of N months starting with" `startsOn` (CFA s44(1)): the day before the same date N months
 * later; where that date does not exist (29 February, or 31st into a shorter month) the period ends on the last day of
 * that month. A plan made on 6 October 2025 must be reviewed by 5 October 2026; one made on 29 February 2028 by
 * 28 February 2029.
 */
export function lastDayOfMonthsStartingWith(startsOn: IsoDate, months: number): IsoDate {
  const sameDate = addMonths(startsOn, months);
  const clamped = parseIsoDate(sameDate).day !== parseIsoDate(startsOn).day;
  return clamped ? sameDate : addDays(sameDate, -1);
}

/** The statutory review interval (CFA s44(1)). */
export const ANNUAL_REVIEW_MONTHS = STATUTORY_RULES[DeadlineKind.ReviewDue].months!;

/**
 * Guidance for the under-5s (CoP 9.178): consider reviewing every 3 to 6 months. A plan may carry a shorter interval;
 * the law's 12 months is the longest.
 */
export const UNDER_FIVES_REVIEW_GUIDANCE = 'SEND Code of Practice 2015, para 9.178 (guidance: consider reviews every 3 to 6 months for children under 5)';

/**
 * The last day of the next review: within 12 months starting with the day the plan was first issued, then with the day
 * each review completed, i.e. the LA notified its decision (CFA s44(1); Regs 22(2)). A shorter interval may be set per
 * plan (guidance for under-5s); never a longer one.
 */
export function reviewDueOn(cycleStartsOn: IsoDate, months: number = ANNUAL_REVIEW_MONTHS): IsoDate {
  if (!Number.isInteger(months) || months < 1 || months > ANNUAL_REVIEW_MONTHS) throw new RangeError(`A review interval is 1 to 12 months, not ${months}`);
  return lastDayOfMonthsStartingWith(cycleStartsOn, months);
}

// ---- phase transfers (Regs 18) ----

export enum PhaseTransferKind {
  EarlyYearsToSchool = 'early_years_to_school',
  InfantToJunior = 'infant_to_junior',
  PrimaryToMiddle = 'primary_to_middle',
  PrimaryToSecondary = 'primary_to_secondary',
  MiddleToSecondary = 'middle_to_secondary',
  SecondaryToPost16 = 'secondary_to_post16',
  Post16ToPost16 = 'post16_to_post16',
}

export const PHASE_TRANSFER_KINDS: readonly PhaseTransferKind[] = Object.values(PhaseTransferKind);

const BEFORE_15_FEBRUARY: readonly PhaseTransferKind[] = [
  PhaseTransferKind.EarlyYearsToSchool,
  PhaseTransferKind.InfantToJunior,
  PhaseTransferKind.PrimaryToMiddle,
  PhaseTransferKind.PrimaryToSecondary,
  PhaseTransferKind.MiddleToSecondary,
];

/** Where each phase-transfer deadline comes from, word for word as shown next to the date. */
export function phaseTransferRegulation(kind: PhaseTransferKind): string {
  if (kind === PhaseTransferKind.Post16ToPost16) return 'SEND Regulations 2014, reg 18: at least 5 months before the transfer';
  if (kind === PhaseTransferKind.SecondaryToPost16) return 'SEND Regulations 2014, reg 18: before 31 March of the year of transfer';
  return 'SEND Regulations 2014, reg 18: before 15 February of the year of transfer';
}

/**
 * The last day by which the plan must be reviewed and amended, naming the next placement, for a move between phases
 * (Regs 18): before 15 February of the calendar year of transfer (so 14 February) for moves into or between schools;
 * before 31 March (30 March) for secondary school to post-16; at least 5 months before a post-16 to post-16 move (the
 * same date 5 months earlier, month ends clamped: 31 July -> 28 or 29 February).
 */
export function phaseTransferDueOn(kind: PhaseTransferKind, transferOn: IsoDate): IsoDate {
  const { year } = parseIsoDate(transferOn);
  const y = String(year).padStart(4, '0');
  if (BEFORE_15_FEBRUARY.includes(kind)) return `${y}-02-14`;
  if (kind === PhaseTransferKind.SecondaryToPost16) return `${y}-03-30`;
  if (kind === PhaseTransferKind.Post16ToPost16) return addMonths(transferOn, -5);
  throw new RangeError(`Not a phase transfer kind: ${String(kind)}`);
}

/** The review and amendment for a transfer falls in the 12 months before it (Regs 18(1)): the window's first day. */
export function phaseTransferWindowStartsOn(transferOn: IsoDate): IsoDate {
  return addDays(addMonths(transferOn, -12), 1);
}

// ---- school year groups ----

/** The school year (by the year it starts in September) that contains a day. */
export function schoolYearStarting(on: IsoDate): number {
  const { year, month } = parseIsoDate(on);
  return month >= 9 ? year : year - 1;
}

/**
 * The National Curriculum year group on a day, from the date of birth: a child's cohort is fixed by their age on
 * 31 August before the school year (Education Act 1996 s8; children reach compulsory school age the term after their
 * 5th birthday and join Reception the September after their 4th). 0 is Reception, 1 to 13 are Years 1 to 13,
 * -1 and below are the early years (nursery), 14 and above are beyond Year 13 (a young person aged 18 or more).
 */
export function yearGroupOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const start = schoolYearStarting(on);
  const birth = parseIsoDate(dateOfBirth);
  // Age on 31 August of the year the school year starts.
  const ageOn31August = start - birth.year - (birth.month > 8 ? 1 : 0);
  return ageOn31August - 4;
}

/** "Reception", "Year 9", "Early years (2 years before Reception)", "Year 14 (beyond Year 13)". */
export function yearGroupLabel(yearGroup: number): string {
  if (yearGroup === 0) return 'Reception';
  if (yearGroup < 0) return `Early years (${-yearGroup} year${yearGroup === -1 ? '' : 's'} before Reception)`;
  if (yearGroup <= 13) return `Year ${yearGroup}`;
  return `Year ${yearGroup} (beyond Year 13)`;
}

/** From Year 9 reviews must cover preparation for adulthood (CoP 8.9, 9.166). */
export const PREPARATION_FOR_ADULTHOOD_FROM_YEAR = 9;
export const PREPARATION_FOR_ADULTHOOD_GUIDANCE = 'SEND Code of Practice 2015, paras 8.9 and 9.166: from Year 9, reviews must include a focus on preparing for adulthood';

export function reviewCoversPreparationForAdulthood(yearGroup: number): boolean {
  return yearGroup >= PREPARATION_FOR_ADULTHOOD_FROM_YEAR;
}

// ---- a plan's own deadlines: the review cycle and the phase transfer ----

export interface ReviewCycleFact {
  /** The day this cycle's 12 months (or shorter interval) start: the first issue, then each review's notified decision. */
  startsOn: IsoDate;
  /** The interval in force for this cycle. */
  months: number;
  /** The day the review closing this cycle was completed (its decision notified); null while it is open. */
  completedOn: IsoDate | null;
}

export interface PlanScheduleFacts {
  /** The day the plan was first issued as final. */
  firstIssuedOn: IsoDate;
  /** Completed reviews' notification dates, in any order: each starts a new cycle. */
  reviewsCompletedOn: readonly IsoDate[];
  /** The interval for cycles from now on (12 unless a shorter one is set). */
  intervalMonths: number;
  /** Intervals of the completed cycles, in order (missing ones are taken as 12): the history keeps the interval it had. */
  pastIntervals?: readonly number[];
  phaseTransfer: { kind: PhaseTransferKind; transferOn: IsoDate } | null;
  /** Amended plans issued (their issue dates): the one in the transfer window completes the phase-transfer duty. */
  amendedPlansIssuedOn: readonly IsoDate[];
  /**
   * Regs 18 "where necessary": reviews completed (decision notified) that recorded no amendment is needed because the
   * plan already names the next placement. One in the transfer window completes the duty, as does a plan first issued
   * in it (a final plan names its placement in section I).
   */
  reviewsNoAmendmentNeededOn?: readonly IsoDate[];
  /** The plan stopped being maintained (ceased): open duties become not applicable. */
  endedOn: IsoDate | null;
  /** A plan transferred in from another LA: its first review here is due by this day instead (Regs 15(5), transfers.ts). */
  firstCycleDueOn?: IsoDate | null;
}

/** The last day of a review cycle: 12 months (or the interval) from its start, or the Regs 15(5) date for a transferred plan's first cycle. */
export function cycleDueOn(facts: Pick<PlanScheduleFacts, 'firstCycleDueOn'>, cycle: ReviewCycleFact, index: number): IsoDate {
  return index === 0 && facts.firstCycleDueOn ? facts.firstCycleDueOn : reviewDueOn(cycle.startsOn, cycle.months);
}

/** The review cycles of a plan, oldest first: each completed review closes one and starts the next. */
export function reviewCycles(facts: Pick<PlanScheduleFacts, 'firstIssuedOn' | 'reviewsCompletedOn' | 'intervalMonths' | 'pastIntervals'>): ReviewCycleFact[] {
  const completions = [...facts.reviewsCompletedOn].sort();
  const starts = [facts.firstIssuedOn, ...completions];
  return starts.map((startsOn, index) => ({
    startsOn,
    months: index < completions.length ? (facts.pastIntervals?.[index] ?? ANNUAL_REVIEW_MONTHS) : facts.intervalMonths,
    completedOn: completions[index] ?? null,
  }));
}

/**
 * The plan's own deadlines as of `today`: one `review_due` per review cycle (key `review_due:<cycle start>`, so that
 * each year's record stays met or late), and the `phase_transfer` deadline when a transfer is recorded, completed by
 * the amended plan issued in the 12 months before the transfer.
 */
export function computePlanDeadlines(facts: PlanScheduleFacts, today: IsoDate): ComputedDeadline[] {
  const deadlines: ComputedDeadline[] = [];
  for (const [index, cycle] of reviewCycles(facts).entries()) {
    const dueOn = cycleDueOn(facts, cycle, index);
    const transferred = index === 0 && Boolean(facts.firstCycleDueOn);
    const notApplicable = cycle.completedOn === null && facts.endedOn !== null;
    const interval = cycle.months === ANNUAL_REVIEW_MONTHS ? '12 months' : `${cycle.months} months (a shorter interval set for this plan: ${UNDER_FIVES_REVIEW_GUIDANCE})`;
    deadlines.push(
      deadline(DeadlineKind.ReviewDue, cycle.startsOn, dueOn, cycle.completedOn, notApplicable, today, {
        key: `review_due:${cycle.startsOn}`,
        ...(transferred ? { regulation: 'SEND Regulations 2014, reg 15(5)' } : {}),
        explanation: transferred
          ? `The plan transferred from another LA must be reviewed before the later of 12 months from ${formatLongDate(cycle.startsOn)} and 3 months from the transfer: the last day is ${formatLongDate(dueOn)} (SEND Regulations 2014, reg 15(5)).`
          : `The plan must be reviewed within ${interval} starting with ${formatLongDate(cycle.startsOn)}: the last day is ${formatLongDate(dueOn)} (${STATUTORY_RULES[DeadlineKind.ReviewDue].regulation}).`,
      }),
    );
  }
  if (facts.phaseTransfer) {
    const { kind, transferOn } = facts.phaseTransfer;
    const dueOn = phaseTransferDueOn(kind, transferOn);
    const windowStartsOn = phaseTransferWindowStartsOn(transferOn);
    const meetsDuty = [...facts.amendedPlansIssuedOn, facts.firstIssuedOn, ...(facts.reviewsNoAmendmentNeededOn ?? [])];
    const completedOn = meetsDuty.sort().find((on) => isOnOrAfter(on, windowStartsOn) && isOnOrBefore(on, transferOn)) ?? null;
    const notApplicable = completedOn === null && facts.endedOn !== null;
    const regulation = phaseTransferRegulation(kind);
    deadlines.push(
      deadline(DeadlineKind.PhaseTransfer, windowStartsOn, dueOn, completedOn, notApplicable, today, {
        regulation,
        explanation: `Before the move on ${formatLongDate(transferOn)} the plan must be reviewed and amended, naming the next placement, by ${formatLongDate(dueOn)} (${regulation}); where that is not necessary, a plan first issued, or a review completed recording that no amendment is needed, in the 12 months before the move meets it.`,
      }),
    );
  }
  return deadlines;
}

// ---- one review: the meeting, its report, the decision and an amendment ----

export type ReviewDecision = 'maintain' | 'amend' | 'cease';

export interface ReviewFacts {
  /** The day the meeting was arranged (recorded): invitations are owed only for a meeting arranged ahead. */
  scheduledOn: IsoDate;
  meetingOn: IsoDate;
  /** The day the meeting was held (recorded), or null while it is only scheduled. */
  heldOn: IsoDate | null;
  invitationsSentOn: IsoDate | null;
  /** The advice and information gathered, circulated to those invited (Regs 20(4)). */
  adviceCirculatedOn?: IsoDate | null;
  reportIssuedOn: IsoDate | null;
  decision: { decision: ReviewDecision; notifiedOn: IsoDate } | null;
  /** For `amend`: the family's representations on the proposed amendments, and the amended plan. */
  representationsReceivedOn: IsoDate | null;
  amendedPlanIssuedOn: IsoDate | null;
  /** The LA decided not to amend after all (Regs 22(4)): notified on this day, it closes the amended-plan duty. */
  notAmendingNotifiedOn?: IsoDate | null;
  /** The plan stopped being maintained before the review finished. */
  endedOn: IsoDate | null;
  /** Section J holds a direct payment: it is reviewed at this review (CFA s49), recorded on this day or not yet. */
  directPayment?: { reviewedOn: IsoDate | null } | null;
}

/**
 * The day a review meeting counts as held on `today`: the recorded day, or the meeting date once it has come (a
 * meeting on or before today is held: the duties after it run from its date).
 */
export function reviewHeldOn(facts: Pick<ReviewFacts, 'meetingOn' | 'heldOn'>, today: IsoDate): IsoDate | null {
  if (facts.heldOn) return facts.heldOn;
  return isOnOrBefore(facts.meetingOn, today) ? facts.meetingOn : null;
}

/** The first day the amended plan may be issued: after the family's 15 days (notice + 15), or once their representations are in. */
export function earliestAmendedPlanOn(noticeOn: IsoDate, representationsReceivedOn: IsoDate | null): IsoDate {
  const windowOver = addDays(noticeOn, STATUTORY_RULES[DeadlineKind.AmendmentRepresentations].days! + 1);
  return representationsReceivedOn ? minDate(windowOver, maxDate(representationsReceivedOn, noticeOn)) : windowOver;
}

/** Whether the LA's decision reached the family within 4 weeks of the meeting (the DfE's published review measure). */
export function reviewDecidedInTime(meetingHeldOn: IsoDate, notifiedOn: IsoDate): boolean {
  return isOnOrBefore(notifiedOn, addDays(meetingHeldOn, STATUTORY_RULES[DeadlineKind.ReviewDecision].days!));
}

/**
 * A review's deadlines as of `today` (Regs 20-22): invitations and advice 2 weeks before a meeting arranged ahead;
 * once held, the report 2 weeks and the decision 4 weeks after it; on `amend` (the notice is the decision's
 * notification), the family's 15 days (notice + 14, theirs) and the amended plan within 8 weeks of the notice.
 */
/** Not amending after all, after proposing amendments: notified with reasons within the same 8 weeks (Regs 22(4)). */
export const NOT_AMENDING_REGULATION = 'SEND Regulations 2014, regs 22(3) and 22(4)';

export function computeReviewDeadlines(facts: ReviewFacts, today: IsoDate, book: RuleBook = RULE_BOOK): ComputedDeadline[] {
  const deadlines: ComputedDeadline[] = [];
  const heldOn = reviewHeldOn(facts, today);
  const ended = facts.endedOn;
  // Each rule as in force on the day its period starts (rule-book.ts).
  const rule = (kind: DeadlineKind, on: IsoDate) => book.ruleOn(kind, on);

  // Two duties before a meeting arranged ahead, recorded and chased apart: notice of the meeting (Regs 20(3)) and the
  // advice and information circulated (Regs 20(4)), each at least 2 weeks before it. One not recorded by the meeting
  // was missed: it stays undone (overdue), never "not applicable". Only a plan that stopped being maintained before the
  // meeting releases them.
  if (isAfter(facts.meetingOn, facts.scheduledOn)) {
    const duties: [DeadlineKind, IsoDate | null, string][] = [
      [DeadlineKind.ReviewInvitations, facts.invitationsSentOn, `Notice of the review meeting on ${formatLongDate(facts.meetingOn)} must go out at least 2 weeks before it`],
      [DeadlineKind.ReviewAdviceCirculation, facts.adviceCirculatedOn ?? null, `The advice and information gathered for the review meeting on ${formatLongDate(facts.meetingOn)} must be circulated at least 2 weeks before it`],
    ];
    for (const [kind, doneOn, what] of duties) {
      const r = rule(kind, facts.scheduledOn);
      const dueOn = addDays(facts.meetingOn, -r.days!);
      const notApplicable = doneOn === null && heldOn === null && ended !== null;
      const missed = doneOn === null && heldOn !== null ? ' Not recorded by the meeting: missed.' : '';
      deadlines.push(deadline(kind, facts.scheduledOn, dueOn, doneOn, notApplicable, today, { explanation: `${what}: by ${formatLongDate(dueOn)} (${r.regulation}).${missed}` }));
    }
  }
  if (facts.directPayment) {
    deadlines.push(
      computeDirectPaymentReviewDeadline(
        { scheduledOn: facts.scheduledOn, meetingOn: facts.meetingOn, reviewedOn: facts.directPayment.reviewedOn, decidedOn: facts.decision?.notifiedOn ?? null, endedBeforeMeeting: heldOn === null && ended !== null },
        today,
      ),
    );
  }
  if (heldOn === null) return deadlines;

  // The report: 2 weeks after the meeting. A decision notified without a recorded report leaves the report missing
  // (open, then overdue), never met.
  const reportDueOn = addDays(heldOn, rule(DeadlineKind.ReviewReport, heldOn).days!);
  const reportOn = facts.reportIssuedOn;
  deadlines.push(
    deadline(DeadlineKind.ReviewReport, heldOn, reportDueOn, reportOn, reportOn === null && ended !== null, today, {
      explanation: `The report of the review meeting held on ${formatLongDate(heldOn)} is due within 2 weeks: by ${formatLongDate(reportDueOn)} (${rule(DeadlineKind.ReviewReport, heldOn).regulation}).`,
    }),
  );

  // The decision: maintain, amend or cease, notified within 4 weeks of the meeting.
  const decisionDueOn = addDays(heldOn, rule(DeadlineKind.ReviewDecision, heldOn).days!);
  const decidedOn = facts.decision?.notifiedOn ?? null;
  deadlines.push(
    deadline(DeadlineKind.ReviewDecision, heldOn, decisionDueOn, decidedOn, decidedOn === null && ended !== null, today, {
      explanation: `The LA must notify its decision (maintain, amend or cease) within 4 weeks of the meeting held on ${formatLongDate(heldOn)}: by ${formatLongDate(decisionDueOn)} (${rule(DeadlineKind.ReviewDecision, heldOn).regulation}).`,
    }),
  );

  if (facts.decision?.decision === 'amend') {
    const noticeOn = facts.decision.notifiedOn;
    // The family's 15 days beginning with the notice: met by their representations, otherwise over when the window
    // closes or the amended plan is issued (as for the draft plan, Regs 13(1)).
    const repsDueOn = addDays(noticeOn, rule(DeadlineKind.AmendmentRepresentations, noticeOn).days!);
    const reps = facts.representationsReceivedOn;
    let repsDone: IsoDate | null = null;
    if (reps && isOnOrBefore(reps, repsDueOn)) repsDone = reps;
    else if (isAfter(today, repsDueOn) || facts.amendedPlanIssuedOn !== null || facts.notAmendingNotifiedOn) repsDone = repsDueOn;
    deadlines.push(
      deadline(DeadlineKind.AmendmentRepresentations, noticeOn, repsDueOn, repsDone, repsDone === null && ended !== null, today, {
        explanation: `At least 15 days beginning with the amendment notice of ${formatLongDate(noticeOn)} for the family's representations: the last day is ${formatLongDate(repsDueOn)} (${rule(DeadlineKind.AmendmentRepresentations, noticeOn).regulation}).`,
      }),
    );
    const amendedDueOn = addDays(noticeOn, rule(DeadlineKind.AmendedPlan, noticeOn).days!);
    // Met by the amended plan, or by the notice that the LA will not amend after all (Regs 22(4)), within the same 8 weeks.
    const amendedDone = facts.amendedPlanIssuedOn ?? facts.notAmendingNotifiedOn ?? null;
    const notAmending = facts.amendedPlanIssuedOn === null && facts.notAmendingNotifiedOn;
    deadlines.push(
      deadline(DeadlineKind.AmendedPlan, noticeOn, amendedDueOn, amendedDone, amendedDone === null && ended !== null, today, {
        regulation: notAmending ? NOT_AMENDING_REGULATION : undefined,
        explanation: notAmending
          ? `The LA decided on ${formatLongDate(facts.notAmendingNotifiedOn!)} not to amend the plan after all; that decision was due within 8 weeks of the amendment notice of ${formatLongDate(noticeOn)}: by ${formatLongDate(amendedDueOn)} (${NOT_AMENDING_REGULATION}).`
          : `The amended plan must be issued within 8 weeks of the amendment notice of ${formatLongDate(noticeOn)}: by ${formatLongDate(amendedDueOn)} (${rule(DeadlineKind.AmendedPlan, noticeOn).regulation}).`,
      }),
    );
  }
  return deadlines;
}

export const DIRECT_PAYMENT_REVIEW_REGULATION = STATUTORY_RULES[DeadlineKind.DirectPaymentReview].regulation;

export interface DirectPaymentReviewFacts {
  /** The day the meeting was arranged: the duty starts then. */
  scheduledOn: IsoDate;
  /** The annual review meeting: the direct payment is reviewed by it. */
  meetingOn: IsoDate;
  /** The day the review recorded the direct payment reviewed, or null. */
  reviewedOn: IsoDate | null;
  /** The review was decided (notified): without the direct-payment review, it was missed. */
  decidedOn: IsoDate | null;
  /** The plan stopped being maintained before the meeting: the duty falls away. */
  endedBeforeMeeting: boolean;
}

/**
 * The direct payment in section J reviewed at the annual review (CFA s49; statutory-rules.md section 9): due by the
 * meeting, so its reminder comes before it. Not recorded by the decision, it was missed: it stays undone (overdue),
 * never "not applicable"; recorded after the meeting, it is late.
 */
export function computeDirectPaymentReviewDeadline(facts: DirectPaymentReviewFacts, today: IsoDate): ComputedDeadline {
  const dueOn = facts.meetingOn;
  const missed = facts.reviewedOn === null && facts.decidedOn !== null ? ` The review was decided on ${formatLongDate(facts.decidedOn)} without it: missed.` : '';
  return deadline(DeadlineKind.DirectPaymentReview, minDate(facts.scheduledOn, dueOn), dueOn, facts.reviewedOn, facts.reviewedOn === null && facts.endedBeforeMeeting, today, {
    explanation: `Section J holds a direct payment: it must be reviewed at the annual review meeting on ${formatLongDate(dueOn)} (${DIRECT_PAYMENT_REVIEW_REGULATION}).${missed}`,
  });
}

function deadline(
  kind: DeadlineKind,
  startsOn: IsoDate,
  dueOn: IsoDate,
  completedOn: IsoDate | null,
  notApplicable: boolean,
  today: IsoDate,
  extra: { key?: string; regulation?: string; explanation: string },
): ComputedDeadline {
  const rule = STATUTORY_RULES[kind];
  const chasedWhenOverdue = isChasedWhenOverdue(kind);
  return {
    key: extra.key ?? kind,
    kind,
    adviceRequestId: null,
    startsOn,
    dueOn,
    regulation: extra.regulation ?? rule.regulation,
    statutory: rule.statutory,
    status: deadlineStatus({ dueOn, completedOn, notApplicable, neverOverdue: !chasedWhenOverdue }, today),
    completedOn: notApplicable ? null : completedOn,
    exceptionIds: [],
    managementTargetOn: null,
    explanation: extra.explanation,
    chasedWhenOverdue,
    warning: false,
  };
}
