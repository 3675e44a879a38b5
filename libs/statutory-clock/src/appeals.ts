import { addDays, addMonths, addWeeks, formatLongDate, IsoDate, isAfter, isOnOrAfter, maxDate, parseIsoDate } from './dates';
import { RULE_BOOK, RuleBook } from './rule-book';
import { addWorkingDays, isWorkingDay } from './working-days';
import { ComputedDeadline, deadlineStatus } from './assessment-deadlines';
import { DeadlineKind, isChasedWhenOverdue } from './rules';
import { computeMediationDeadlines, MediationFacts } from './mediation';
import { computeRecommendationDeadlines, RecommendationFacts } from './recommendations';

/**
 * Disagreements: the family's appeal deadline, the mediation adviser's timings (guidance) and the duties a Tribunal
 * order or an LA concession creates (statutory-rules.md sections 5 and 6). Pure functions over calendar dates.
 */

/** The decisions a family can appeal to the First-tier Tribunal (CFA 2014 s51(2)); the values are the API's. */
export enum AppealableDecision {
  RefuseToAssess = 'refuse_to_assess',
  NotToIssue = 'not_to_issue',
  PlanContents = 'plan_contents',
  RefuseToReassess = 'refuse_to_reassess',
  NotToAmend = 'not_to_amend',
  Cease = 'cease',
}

export const APPEALABLE_DECISIONS: readonly AppealableDecision[] = Object.values(AppealableDecision);

/** Where the appeal deadline comes from: 2 months, or 1 month after a certificate (r20(1)(c)); r12(2) and r12(3)(a). */
export const APPEAL_DEADLINE_REGULATION = 'CFA 2014 ss51, 55; HESC Rules 2008, r20(1)(c), r12(2) and r12(3)(a)';
/** The citation of one deadline: the time limit, and the rule that moved its last day, if any. */
const APPEAL_TIME_LIMIT = 'CFA 2014 ss51, 55; HESC Rules 2008, r20(1)(c)';
/** The mediation adviser and certificates (CFA s55; SEND Regulations 2014, regs 32-42). */
export const MEDIATION_REGULATION = 'CFA 2014 s55; SEND Regulations 2014, regs 32-42';

/** Rolls a day the Tribunal's office is shut (weekend, bank holiday in England) on to the next working day (r12). */
export function nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * HESC Rules 2008 r12(3)(a) (as amended in 2020), special educational needs cases: a time limit ending from 25
 * December to 1 January inclusive runs to the first working day after 1 January; one ending in August, to the first
 * working day after 31 August. Null when the day is outside both periods.
 */
export function tribunalHolidayExtension(lastDay: IsoDate): { dueOn: IsoDate; period: 'christmas' | 'august' } | null {
  const { year, month, day } = parseIsoDate(lastDay);
  if (month === 8) return { dueOn: nextWorkingDayOnOrAfter(`${year}-09-01`), period: 'august' };
  if (month === 12 && day >= 25) return { dueOn: nextWorkingDayOnOrAfter(`${year + 1}-01-02`), period: 'christmas' };
  if (month === 1 && day === 1) return { dueOn: nextWorkingDayOnOrAfter(`${year}-01-02`), period: 'christmas' };
  return null;
}

/** How an appeal deadline was reached, for the explanation shown with it. */
export interface AppealDeadline {
  /** The last day the appeal is in time (after any extension or rolling). */
  dueOn: IsoDate;
  /** Notice + 2 months (month ends clamped), before rolling. */
  fromNoticeOn: IsoDate;
  /** Certificate + 1 month (month ends clamped), before rolling; null without a certificate. */
  fromCertificateOn: IsoDate | null;
  /** Which of the two set it. */
  basis: 'notice' | 'mediation_certificate';
  /** True when the later date moved: extended over Christmas or August, or rolled off a weekend or bank holiday. */
  rolled: boolean;
  /** Why it moved: `christmas` / `august` (r12(3)(a)), `closed_day` (r12(2)), or null. */
  extension: 'christmas' | 'august' | 'closed_day' | null;
  regulation: string;
  explanation: string;
}

/**
 * The family's last day to appeal (HESC Rules 2008 r20(1)(c)): the later of 2 months after the decision notice and 1
 * month after the mediation certificate, same date N months later clamped to the month's last day. If that day falls
 * from 25 December to 1 January, or in August, the appeal is in time on the first working day after 1 January or 31
 * August (r12(3)(a)); otherwise a day the Tribunal's office is shut moves to the next working day in England (r12(2)).
 * The rule applying is the one in force on the day of the notice (`rules`).
 */
export function appealDeadline(noticeOn: IsoDate, mediationCertificateOn: IsoDate | null = null, rules: RuleBook = RULE_BOOK): AppealDeadline {
  const rule = rules.ruleOn(DeadlineKind.Appeal, noticeOn);
  const fromNoticeOn = addMonths(noticeOn, rule.months!);
  const fromCertificateOn = mediationCertificateOn ? addMonths(mediationCertificateOn, 1) : null;
  const basis = fromCertificateOn && isAfter(fromCertificateOn, fromNoticeOn) ? 'mediation_certificate' : 'notice';
  const later = fromCertificateOn ? maxDate(fromNoticeOn, fromCertificateOn) : fromNoticeOn;
  const holiday = rule.holidayExtension ? tribunalHolidayExtension(later) : null;
  const dueOn = holiday ? holiday.dueOn : nextWorkingDayOnOrAfter(later);
  const rolled = dueOn !== later;
  const extension = holiday ? holiday.period : rolled ? 'closed_day' : null;
  const regulation = holiday ? `${APPEAL_TIME_LIMIT} and r12(3)(a)` : rolled ? `${APPEAL_TIME_LIMIT} and r12(2)` : APPEAL_TIME_LIMIT;
  const source =
    basis === 'notice'
      ? `${rule.months} months after the decision notice of ${formatLongDate(noticeOn)}`
      : `1 month after the mediation certificate of ${formatLongDate(mediationCertificateOn!)} (later than ${rule.months} months after the notice)`;
  const moved =
    extension === 'christmas'
      ? `, which falls between 25 December and 1 January, so extended from ${formatLongDate(later, { weekday: true })} to the first working day after 1 January`
      : extension === 'august'
        ? `, which falls in August, so extended from ${formatLongDate(later, { weekday: true })} to the first working day after 31 August`
        : extension === 'closed_day'
          ? `, moved from ${formatLongDate(later, { weekday: true })} to the next working day`
          : '';
  const explanation = `The family may appeal to the First-tier Tribunal (SEND) until ${formatLongDate(dueOn, { weekday: true })}: ${source}${moved} (${regulation}).`;
  return { dueOn, fromNoticeOn, fromCertificateOn, basis, rolled, extension, regulation, explanation };
}

/** What the family should expect from mediation: guidance shown with the notice, not the LA's legal duties. */
export interface MediationGuidance {
  /** The adviser's certificate when the family does not want mediation: 3 working days from contacting the adviser. */
  certificateIfNoMediationBy: IsoDate | null;
  /** Mediation should take place within 30 days of the LA being told the family wants it. */
  mediationBy: IsoDate | null;
  /** The certificate after mediation: 3 working days after it took place. */
  certificateAfterMediationBy: IsoDate | null;
  /** Whether mediation must be considered first (not for an appeal about section I alone, CFA s55(2)). */
  mediationAdviceRequired: boolean;
  /** Mediation is statutory (CFA ss52-57; Regs 32-42), not guidance. */
  statutory: true;
  regulation: string;
  text: string;
}

/**
 * The mediation timings (guidance): the adviser issues a certificate within 3 working days if the family does not
 * mediate; mediation takes place within 30 days; a certificate follows within 3 working days of it. Only the dates
 * whose starting facts are known are given.
 */
export function mediationGuidance(facts: { adviserContactedOn?: IsoDate | null; mediationRequestedOn?: IsoDate | null; mediationHeldOn?: IsoDate | null; sectionIOnly?: boolean }): MediationGuidance {
  const required = !facts.sectionIOnly;
  const certificateIfNoMediationBy = facts.adviserContactedOn ? addWorkingDays(facts.adviserContactedOn, 3) : null;
  const mediationBy = facts.mediationRequestedOn ? addDays(facts.mediationRequestedOn, 30) : null;
  const certificateAfterMediationBy = facts.mediationHeldOn ? addWorkingDays(facts.mediationHeldOn, 3) : null;
  const text = required
    ? 'Before appealing, the family must contact a mediation adviser (except for an appeal about the school or institution named in section I alone). ' +
      'If they do not want mediation the adviser issues a certificate within 3 working days; mediation, if chosen, should take place within 30 days, ' +
      `and a certificate follows within 3 working days of it. The appeal deadline is then the later of 2 months after the notice and 1 month after the certificate (${MEDIATION_REGULATION}).`
    : `An appeal about section I alone does not need a mediation certificate (${MEDIATION_REGULATION}).`;
  return { certificateIfNoMediationBy, mediationBy, certificateAfterMediationBy, mediationAdviceRequired: required, statutory: true, regulation: MEDIATION_REGULATION, text };
}

/** What the Tribunal ordered, or what the LA conceded before the hearing (the API's values). */
export enum OrderKind {
  Assess = 'assess',
  MakePlan = 'make_plan',
  AmendProvision = 'amend_provision',
  NameSchool = 'name_school',
  ContinuePlan = 'continue_plan',
  /** To continue a plan the LA decided to cease AND amend it: one order, both duties (the plan at once, amended in 5 weeks). */
  ContinueAndAmend = 'continue_and_amend',
  /** Remitted to the LA to reconsider its decision: the reconsidered decision in 2 weeks (paragraph unverified). */
  Remit = 'remit',
  Dismissed = 'dismissed',
}

export const ORDER_KINDS: readonly OrderKind[] = Object.values(OrderKind);

/** One duty an order creates; `duty` is stable and names the compliance deadline. */
export enum OrderDuty {
  /** Notify the parent/YP that the LA will assess: 2 weeks. */
  NotifyAssess = 'notify_assess',
  /** After an order to assess: notify a decision not to issue: 10 weeks. */
  NoPlanNotice = 'no_plan_notice',
  /** After an order to assess: issue the final plan: 14 weeks. After an order to make a plan: 11 weeks. */
  FinalPlan = 'final_plan',
  /** After an order to make a plan: the draft plan: 5 weeks. */
  DraftPlan = 'draft_plan',
  /** After an order on sections B/F (5 weeks) or I only (2 weeks): the amended plan. */
  AmendedPlan = 'amended_plan',
  /** After an order to continue a plan the LA decided to cease: keep maintaining it, at once. */
  MaintainPlan = 'maintain_plan',
  /** After a decision remitted to the LA: the reconsidered decision, 2 weeks. */
  Reconsider = 'reconsider',
}

export interface OrderComplianceDuty {
  duty: OrderDuty;
  dueOn: IsoDate;
  days: number;
  period: string;
  regulation: string;
  /** One sentence for the caseworker and the family. */
  explanation: string;
}

const DUTY_LABELS: Record<OrderDuty, string> = {
  [OrderDuty.NotifyAssess]: 'notify the parent or young person that the LA will assess',
  [OrderDuty.NoPlanNotice]: 'notify a decision not to issue a plan',
  [OrderDuty.FinalPlan]: 'issue the final plan',
  [OrderDuty.DraftPlan]: 'send the draft plan',
  [OrderDuty.AmendedPlan]: 'issue the amended plan',
  [OrderDuty.MaintainPlan]: 'keep maintaining the plan',
  [OrderDuty.Reconsider]: 'notify its reconsidered decision',
};

/** The order table of statutory-rules.md section 6: each order kind's duties in weeks from the order. */
const ORDER_DUTIES: Record<OrderKind, readonly { duty: OrderDuty; weeks: number }[]> = {
  [OrderKind.Assess]: [
    { duty: OrderDuty.NotifyAssess, weeks: 2 },
    { duty: OrderDuty.NoPlanNotice, weeks: 10 },
    { duty: OrderDuty.FinalPlan, weeks: 14 },
  ],
  [OrderKind.MakePlan]: [
    { duty: OrderDuty.DraftPlan, weeks: 5 },
    { duty: OrderDuty.FinalPlan, weeks: 11 },
  ],
  [OrderKind.AmendProvision]: [{ duty: OrderDuty.AmendedPlan, weeks: 5 }],
  [OrderKind.NameSchool]: [{ duty: OrderDuty.AmendedPlan, weeks: 2 }],
  [OrderKind.ContinuePlan]: [{ duty: OrderDuty.MaintainPlan, weeks: 0 }],
  [OrderKind.ContinueAndAmend]: [
    { duty: OrderDuty.MaintainPlan, weeks: 0 },
    { duty: OrderDuty.AmendedPlan, weeks: 5 },
  ],
  // statutory-rules.md section 6: "2 weeks (paragraph unverified: cite it from the text)".
  [OrderKind.Remit]: [{ duty: OrderDuty.Reconsider, weeks: 2 }],
  [OrderKind.Dismissed]: [],
};

/** Where an order's limits come from: the order (reg 44), or the LA's concession before the hearing (reg 45). */
export function orderRegulation(concession: boolean): string {
  return concession ? 'SEND Regulations 2014, reg 45 (LA concession)' : 'SEND Regulations 2014, reg 44(2)';
}

/**
 * The LA's duties after a Tribunal order counted from the order date, or after a concession counted from the day the
 * LA told the Tribunal it would not oppose (Regs 44(2), 45). Calendar weeks; no rolling to working days (these are
 * the LA's own limits, not acts before the Tribunal). A dismissed appeal creates none.
 */
export function orderComplianceDuties(kind: OrderKind, orderedOn: IsoDate, concession = false): OrderComplianceDuty[] {
  const regulation = orderRegulation(concession);
  const from = concession ? `the LA told the Tribunal on ${formatLongDate(orderedOn)} it would not oppose the appeal` : `the Tribunal's order of ${formatLongDate(orderedOn)}`;
  return ORDER_DUTIES[kind].map(({ duty, weeks }) => {
    const dueOn = addWeeks(orderedOn, weeks);
    const period = weeks === 0 ? 'at once' : `${weeks} weeks`;
    const when = weeks === 0 ? `at once from ${from}` : `within ${weeks} weeks of ${from}, by ${formatLongDate(dueOn)}`;
    return { duty, dueOn, days: weeks * 7, period, regulation, explanation: `The LA must ${DUTY_LABELS[duty]} ${when} (${regulation}).` };
  });
}

/** The compliance duties of a kind, for documentation and validation (no dates). */
export function orderDutiesOf(kind: OrderKind): readonly { duty: OrderDuty; weeks: number }[] {
  return ORDER_DUTIES[kind];
}

/** After an order, exceptions are narrower: the child, parent or young person absent for 2+ continuous weeks. */
export const ORDER_EXCEPTION_MINIMUM_DAYS = 14;

/** Whether an appeal registered on `today` for a notice is still in time (the deadline, rolled, is the last day). */
export function appealInTime(deadline: IsoDate, lodgedOn: IsoDate): boolean {
  return isOnOrAfter(deadline, lodgedOn);
}

/**
 * The SEN2 reasons a plan ceases (CFA s45; SEN2 guide): 1 maximum age, 2 needs met without a plan, 3 higher
 * education, 4 paid employment, 5 moved to another LA in England, 6 no longer wishes to engage (18+), 7 moved
 * outside England, 8 deceased, 9 other.
 */
export const CEASE_REASONS: Readonly<Record<number, string>> = {
  1: 'maximum age (25)',
  2: 'needs met without an EHC plan',
  3: 'moved on to higher education',
  4: 'moved on to paid employment',
  5: 'moved to another LA in England',
  6: 'young person no longer wishes to engage in education or training',
  7: 'moved outside England',
  8: 'deceased',
  9: 'other',
};

/** Where ceasing a plan comes from. */
export const CEASE_REGULATION = 'CFA 2014 s45; SEND Regulations 2014, regs 29-31';

/**
 * The day a ceasing plan stops being maintained when no appeal is lodged: the day after the appeal deadline (the
 * plan is maintained until the deadline passes, CFA s45, Regs 31; statutory-rules.md section 5).
 */
export function ceasesOnWithoutAppeal(noticeOn: IsoDate, mediationCertificateOn: IsoDate | null = null, rules: RuleBook = RULE_BOOK): IsoDate {
  return addDays(appealDeadline(noticeOn, mediationCertificateOn, rules).dueOn, 1);
}

/** The facts of an appeal the clock needs for its deadlines. */
export interface AppealFacts {
  noticeOn: IsoDate;
  mediationCertificateOn: IsoDate | null;
  lodgedOn: IsoDate | null;
  /** Decided, withdrawn or conceded before it was lodged: the family's deadline no longer matters. */
  closedWithoutLodgingOn: IsoDate | null;
  /** Statutory mediation's facts (CFA ss52-57; Regs 32-42): its deadlines are the LA's. */
  mediation?: MediationFacts;
  orders: readonly {
    id: string;
    kind: OrderKind;
    orderedOn: IsoDate;
    concession: boolean;
    duties: readonly { duty: OrderDuty; completedOn: IsoDate | null; notApplicable: boolean }[];
  }[];
  /** The Tribunal's health and social care recommendations, each answered in writing within 5 weeks (Recommendations Power Regs 2017). */
  recommendations?: readonly RecommendationFacts[];
}

/**
 * An appeal's deadlines as of `today`: the family's appeal deadline (kind `appeal`, shown, never overdue: it is theirs)
 * and one `order_compliance` deadline per duty each order created (the LA's, chased like any other).
 */
export function computeAppealDeadlines(facts: AppealFacts, today: IsoDate): ComputedDeadline[] {
  const deadline = appealDeadline(facts.noticeOn, facts.mediationCertificateOn);
  const appealNotApplicable = facts.lodgedOn === null && facts.closedWithoutLodgingOn !== null;
  const rows: ComputedDeadline[] = [
    {
      key: DeadlineKind.Appeal,
      kind: DeadlineKind.Appeal,
      adviceRequestId: null,
      startsOn: facts.noticeOn,
      dueOn: deadline.dueOn,
      regulation: deadline.regulation,
      statutory: true,
      status: deadlineStatus({ dueOn: deadline.dueOn, completedOn: facts.lodgedOn, notApplicable: appealNotApplicable, neverOverdue: true }, today),
      completedOn: appealNotApplicable ? null : facts.lodgedOn,
      exceptionIds: [],
      managementTargetOn: null,
      explanation: deadline.explanation,
      chasedWhenOverdue: isChasedWhenOverdue(DeadlineKind.Appeal),
      warning: false,
    },
  ];
  if (facts.mediation) rows.push(...computeMediationDeadlines(facts.mediation, today));
  for (const order of facts.orders) {
    const done = new Map(order.duties.map((d) => [d.duty, d]));
    for (const duty of orderComplianceDuties(order.kind, order.orderedOn, order.concession)) {
      const state = done.get(duty.duty);
      const notApplicable = state?.notApplicable ?? false;
      const completedOn = notApplicable ? null : (state?.completedOn ?? null);
      rows.push({
        key: `order:${order.id}:${duty.duty}`,
        kind: DeadlineKind.OrderCompliance,
        adviceRequestId: null,
        startsOn: order.orderedOn,
        dueOn: duty.dueOn,
        regulation: duty.regulation,
        statutory: true,
        status: deadlineStatus({ dueOn: duty.dueOn, completedOn, notApplicable }, today),
        completedOn,
        exceptionIds: [],
        managementTargetOn: null,
        explanation: duty.explanation,
        chasedWhenOverdue: isChasedWhenOverdue(DeadlineKind.OrderCompliance),
        warning: false,
      });
    }
  }
  if (facts.recommendations) rows.push(...computeRecommendationDeadlines(facts.recommendations, today));
  return rows;
}

/** Where an appeal stands: the manager's list shows it. */
export type AppealStage = 'notified' | 'mediation' | 'out_of_time' | 'lodged' | 'hearing_listed' | 'decided';

export function appealStage(facts: { appealDeadline: IsoDate; mediationAdviserContactedOn: IsoDate | null; mediationRequestedOn: IsoDate | null; mediationHeldOn: IsoDate | null; mediationCertificateOn: IsoDate | null; lodgedOn: IsoDate | null; hearingOn: IsoDate | null; outcome: string | null }, today: IsoDate): AppealStage {
  if (facts.outcome !== null) return 'decided';
  if (facts.hearingOn !== null) return 'hearing_listed';
  if (facts.lodgedOn !== null) return 'lodged';
  if (isAfter(today, facts.appealDeadline)) return 'out_of_time';
  if (facts.mediationAdviserContactedOn || facts.mediationRequestedOn || facts.mediationHeldOn || facts.mediationCertificateOn) return 'mediation';
  return 'notified';
}
