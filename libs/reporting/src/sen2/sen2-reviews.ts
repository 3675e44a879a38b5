import { IsoDate, isOnOrAfter, isOnOrBefore, PhaseTransferKind, phaseTransferDueOn, ReviewDecision, sen2ActivityPeriod } from '@app/statutory-clock';
import { DataSource } from 'typeorm';

/**
 * The review fields of SEN2's active plans module (docs/sen2.md, "active_plans"), read from the reviews context's
 * tables (`reviews`, `review_schedules`): reporting is their read model.
 *
 * - the review reported is the plan's latest review whose meeting was held in the activity period (the calendar year
 *   before the census date): `held_on`, or the date of a scheduled meeting once it has come (statutory clock
 *   `reviewHeldOn`); a meeting in the census year is left for next year's return;
 * - its decision date, outcome and the amendment notice are reported as at the census date: a decision notified after
 *   the census date is left empty, one notified in January before it is reported;
 * - the phase-transfer due date is the Regs 18 date of the transfer recorded on the plan (statutory clock
 *   `phaseTransferDueOn`), for a transfer on or after the first day of the activity period.
 */
export interface ActivePlanReviewFields {
  review_meeting_date: IsoDate | null;
  review_decision_date: IsoDate | null;
  review_outcome: 'A' | 'C' | 'M' | null;
  draft_amended_plan_date: IsoDate | null;
  phase_transfer_due_date: IsoDate | null;
  /** The day the plan naming the new setting was issued for that transfer (its `phase_transfer` deadline completed), as at the census date. */
  phase_transfer_final_date: IsoDate | null;
}

/** SEN2 review outcome codes (statutory-rules.md section 4): A amend, C cease, M maintain. */
export function sen2ReviewOutcome(decision: ReviewDecision): 'A' | 'C' | 'M' {
  return decision === 'amend' ? 'A' : decision === 'cease' ? 'C' : 'M';
}

export interface ReviewFactsForSen2 {
  heldOn: IsoDate;
  decision: ReviewDecision | null;
  decisionNotifiedOn: IsoDate | null;
}

export interface TransferFactsForSen2 {
  kind: PhaseTransferKind;
  transferOn: IsoDate;
  /** Completed phase-transfer deadlines of the plan: their due date and the day they were met. */
  completed?: { dueOn: IsoDate; completedOn: IsoDate }[];
}

/** The fields for one active plan from its reported review (if any) and its recorded transfer (if any). */
export function activePlanReviewFields(review: ReviewFactsForSen2 | null, transfer: TransferFactsForSen2 | null, censusDate: IsoDate): ActivePlanReviewFields {
  const { from } = sen2ActivityPeriod(censusDate);
  const dueOn = transfer && isOnOrAfter(transfer.transferOn, from) ? phaseTransferDueOn(transfer.kind, transfer.transferOn) : null;
  const decided = review && review.decision && review.decisionNotifiedOn && isOnOrBefore(review.decisionNotifiedOn, censusDate) ? { decision: review.decision, on: review.decisionNotifiedOn } : null;
  return {
    review_meeting_date: review?.heldOn ?? null,
    review_decision_date: decided?.on ?? null,
    review_outcome: decided ? sen2ReviewOutcome(decided.decision) : null,
    draft_amended_plan_date: decided?.decision === 'amend' ? decided.on : null,
    phase_transfer_due_date: dueOn,
    phase_transfer_final_date: dueOn ? (transfer?.completed ?? []).find((c) => c.dueOn === dueOn && isOnOrBefore(c.completedOn, censusDate))?.completedOn ?? null : null,
  };
}

/**
 * Every active plan's review fields for one LA at a census date, by plan id (plans with neither are absent); with
 * `planIds`, only those plans (the streamed export reads a batch at a time).
 */
export async function activePlanReviews(dataSource: DataSource, localAuthorityId: string, censusDate: IsoDate, planIds?: string[]): Promise<Map<string, ActivePlanReviewFields>> {
  const { from, to } = sen2ActivityPeriod(censusDate);
  const only = (n: number) => (planIds ? `AND plan_id = ANY($${n})` : '');
  const withPlans = (params: unknown[]) => (planIds ? [...params, planIds] : params);
  const [reviews, transfers, completed] = await Promise.all([
    dataSource.query<{ plan_id: string; held_on: IsoDate; decision: ReviewDecision | null; decision_notified_on: IsoDate | null }[]>(
      `SELECT DISTINCT ON (plan_id) plan_id, COALESCE(held_on, meeting_on) AS held_on, decision, decision_notified_on
         FROM reviews
        WHERE local_authority_id = $1 AND (held_on BETWEEN $2 AND $3 OR (held_on IS NULL AND status = 'scheduled' AND meeting_on BETWEEN $2 AND $3)) ${only(4)}
        ORDER BY plan_id, COALESCE(held_on, meeting_on) DESC, created_at DESC`,
      withPlans([localAuthorityId, from, to]),
    ),
    dataSource.query<{ plan_id: string; phase_transfer_kind: PhaseTransferKind; phase_transfer_on: IsoDate }[]>(
      `SELECT plan_id, phase_transfer_kind, phase_transfer_on FROM review_schedules
        WHERE local_authority_id = $1 AND phase_transfer_kind IS NOT NULL AND phase_transfer_on >= $2 ${only(3)}`,
      withPlans([localAuthorityId, from]),
    ),
    dataSource.query<{ plan_id: string; due_on: IsoDate; completed_on: IsoDate }[]>(
      `SELECT subject_id AS plan_id, to_char(due_on, 'YYYY-MM-DD') AS due_on, to_char(completed_on, 'YYYY-MM-DD') AS completed_on FROM deadlines
        WHERE local_authority_id = $1 AND subject_type = 'plan' AND kind = 'phase_transfer' AND state = 'completed' AND completed_on <= $2
          ${planIds ? 'AND subject_id = ANY($3)' : ''}`,
      withPlans([localAuthorityId, censusDate]),
    ),
  ]);
  const completedByPlan = new Map<string, { dueOn: IsoDate; completedOn: IsoDate }[]>();
  for (const c of completed) completedByPlan.set(c.plan_id, [...(completedByPlan.get(c.plan_id) ?? []), { dueOn: c.due_on, completedOn: c.completed_on }]);
  const byPlan = new Map<string, { review: ReviewFactsForSen2 | null; transfer: TransferFactsForSen2 | null }>();
  for (const r of reviews) byPlan.set(r.plan_id, { review: { heldOn: r.held_on, decision: r.decision, decisionNotifiedOn: r.decision_notified_on }, transfer: null });
  for (const s of transfers) byPlan.set(s.plan_id, { review: byPlan.get(s.plan_id)?.review ?? null, transfer: { kind: s.phase_transfer_kind, transferOn: s.phase_transfer_on, completed: completedByPlan.get(s.plan_id) ?? [] } });
  return new Map([...byPlan.entries()].map(([planId, facts]) => [planId, activePlanReviewFields(facts.review, facts.transfer, censusDate)]));
}

export const NO_REVIEW_FIELDS: ActivePlanReviewFields = { review_meeting_date: null, review_decision_date: null, review_outcome: null, draft_amended_plan_date: null, phase_transfer_due_date: null, phase_transfer_final_date: null };
