import { daysBetween, DeadlineKind, IsoDate, minDate, PLAN_RISK_RULES, planRiskDueCutoff, PlanRiskReason, planRiskReasons, PlanRiskRule } from '@app/statutory-clock';
import { DataSource } from 'typeorm';
import { PlanAtRiskDto, PlanRiskRuleDto, ReasonCountDto } from './dto/risk.dto';

/**
 * Plans whose review or phase transfer is at risk (PLAN_RISK_RULES, statutory clock): read from the plan deadlines the
 * reviews context keeps in `deadlines` (open `review_due` and `phase_transfer` rows of subject `plan`), the schedule
 * (`review_schedules`) and the meeting of the review closing the period (`reviews`, matched on the period's start).
 * The rules run in SQL as due-date cut-offs from the clock to select and count, and in Node (`planRiskReasons`) for
 * the reasons of the listed plans; the clock's property tests hold the two to the same boundaries.
 */

const rule = (reason: PlanRiskReason): PlanRiskRule => PLAN_RISK_RULES.find((r) => r.reason === reason)!;

export const planRiskRules = (): PlanRiskRuleDto[] => PLAN_RISK_RULES.map((r) => ({ reason: r.reason, description: r.description, kind: r.kind, withinDays: r.withinDays }));

interface PlanRow {
  local_authority_id: string;
  plan_id: string;
  child_id: string;
  review_due_on: IsoDate | null;
  transfer_due_on: IsoDate | null;
  owner: string | null;
  phase_transfer_kind: string | null;
  phase_transfer_on: IsoDate | null;
  meeting_on: IsoDate | null;
  held: boolean;
}

/**
 * The candidate plans as a CTE `p` (one row per plan with an open review or phase-transfer deadline inside the widest
 * cut-off), and one SQL condition per rule over it. `params` gets the parameters appended.
 */
function planRiskSql(params: unknown[], today: IsoDate, localAuthorityId: string | null): { cte: string; conditions: Record<PlanRiskReason, string> } {
  const at = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const t = at(today);
  const overdue = at(planRiskDueCutoff(rule(PlanRiskReason.ReviewOverdue), today));
  const reviewSoon = at(planRiskDueCutoff(rule(PlanRiskReason.ReviewDueSoonNoMeeting), today));
  const transferSoon = at(planRiskDueCutoff(rule(PlanRiskReason.PhaseTransferDueSoon), today));
  const la = localAuthorityId ? `AND d.local_authority_id = ${at(localAuthorityId)}` : '';
  const cte = `p AS (
      SELECT d.local_authority_id, d.subject_id AS plan_id,
             min(d.due_on) FILTER (WHERE d.kind = '${DeadlineKind.ReviewDue}') AS review_due_on,
             min(d.starts_on) FILTER (WHERE d.kind = '${DeadlineKind.ReviewDue}') AS cycle_starts_on,
             min(d.due_on) FILTER (WHERE d.kind = '${DeadlineKind.PhaseTransfer}') AS transfer_due_on,
             min(COALESCE(d.owner_user_id, d.case_owner_user_id)::text) AS owner
        FROM deadlines d
       WHERE d.state = 'open' AND d.subject_type = 'plan' ${la}
         AND ((d.kind = '${DeadlineKind.ReviewDue}' AND d.due_on <= ${reviewSoon}) OR (d.kind = '${DeadlineKind.PhaseTransfer}' AND d.due_on <= ${transferSoon}))
       GROUP BY 1, 2
    ), q AS (
      SELECT p.*, s.child_id, s.phase_transfer_kind, s.phase_transfer_on, m.meeting_on, COALESCE(m.held, false) AS held
        FROM p JOIN review_schedules s ON s.plan_id = p.plan_id
        LEFT JOIN LATERAL (
          SELECT r.meeting_on, (r.held_on IS NOT NULL OR (r.status = 'scheduled' AND r.meeting_on <= ${t})) AS held
            FROM reviews r WHERE r.plan_id = p.plan_id AND r.cycle_starts_on = p.cycle_starts_on
           ORDER BY r.created_at DESC LIMIT 1
        ) m ON p.review_due_on IS NOT NULL
    )`;
  return {
    cte,
    conditions: {
      [PlanRiskReason.ReviewOverdue]: `q.review_due_on <= ${overdue}`,
      [PlanRiskReason.ReviewDueSoonNoMeeting]: `(q.review_due_on >= ${t} AND q.review_due_on <= ${reviewSoon} AND NOT q.held)`,
      [PlanRiskReason.PhaseTransferDueSoon]: `(q.transfer_due_on >= ${t} AND q.transfer_due_on <= ${transferSoon} AND NOT q.held)`,
      [PlanRiskReason.PhaseTransferOverdue]: `q.transfer_due_on <= ${overdue}`,
    },
  };
}

export interface PlanRiskCounts {
  localAuthorityId: string;
  total: number;
  byReason: Map<PlanRiskReason, number>;
}

/** Plans at risk per LA (one LA, or every LA), by rule and in all. */
export async function countPlansAtRisk(dataSource: DataSource, today: IsoDate, localAuthorityId: string | null): Promise<PlanRiskCounts[]> {
  const params: unknown[] = [];
  const { cte, conditions } = planRiskSql(params, today, localAuthorityId);
  const reasons = PLAN_RISK_RULES.map((r) => r.reason);
  const rows = await dataSource.query<Record<string, string>[]>(
    `WITH ${cte}
     SELECT q.local_authority_id, count(*) FILTER (WHERE ${reasons.map((r) => conditions[r]).join(' OR ')}) AS total,
            ${reasons.map((r) => `count(*) FILTER (WHERE ${conditions[r]}) AS "${r}"`).join(', ')}
       FROM q GROUP BY 1`,
    params,
  );
  return rows.map((row) => ({ localAuthorityId: row.local_authority_id, total: Number(row.total), byReason: new Map(reasons.map((r) => [r, Number(row[r])])) }));
}

/** The plans at risk of one LA, most urgent first (earliest date among their reasons), at most `limit`. */
export async function listPlansAtRisk(
  dataSource: DataSource,
  today: IsoDate,
  localAuthorityId: string,
  limit: number,
  people: Map<string, { display_name: string; team: string | null }>,
): Promise<PlanAtRiskDto[]> {
  const params: unknown[] = [];
  const { cte, conditions } = planRiskSql(params, today, localAuthorityId);
  const any = Object.values(conditions).join(' OR ');
  // The earliest date among the reasons that hold: a review due soon with its meeting held is not a reason.
  const dueOrder = `LEAST(CASE WHEN ${conditions[PlanRiskReason.ReviewOverdue]} OR ${conditions[PlanRiskReason.ReviewDueSoonNoMeeting]} THEN q.review_due_on END, q.transfer_due_on)`;
  if (Number.isFinite(limit)) params.push(limit);
  const rows = await dataSource.query<PlanRow[]>(
    `WITH ${cte}
     SELECT q.local_authority_id, q.plan_id, q.child_id, q.review_due_on, q.transfer_due_on, q.owner, q.phase_transfer_kind, q.phase_transfer_on, q.meeting_on, q.held
       FROM q WHERE ${any}
      ORDER BY ${dueOrder}, q.plan_id LIMIT ${Number.isFinite(limit) ? `$${params.length}` : 'ALL'}`,
    params,
  );
  return rows.map((r): PlanAtRiskDto => {
    const reasons = planRiskReasons({ reviewDueOn: r.review_due_on, meetingHeld: r.held, phaseTransferDueOn: r.transfer_due_on }, today);
    const reviewAtRisk = reasons.includes(PlanRiskReason.ReviewOverdue) || reasons.includes(PlanRiskReason.ReviewDueSoonNoMeeting);
    const transferAtRisk = reasons.includes(PlanRiskReason.PhaseTransferDueSoon) || reasons.includes(PlanRiskReason.PhaseTransferOverdue);
    const dates = [...(reviewAtRisk ? [r.review_due_on!] : []), ...(transferAtRisk ? [r.transfer_due_on!] : [])];
    const dueOn = minDate(dates[0], ...dates.slice(1));
    const person = r.owner ? people.get(r.owner) : undefined;
    return {
      planId: r.plan_id,
      childId: r.child_id,
      reasons,
      dueOn,
      daysLeft: daysBetween(today, dueOn),
      reviewDueOn: reviewAtRisk ? r.review_due_on : null,
      meetingOn: reviewAtRisk ? r.meeting_on : null,
      phaseTransferKind: r.phase_transfer_kind,
      phaseTransferOn: r.phase_transfer_on,
      phaseTransferDueOn: transferAtRisk ? r.transfer_due_on : null,
      caseworkerId: r.owner,
      caseworkerName: person?.display_name ?? null,
      team: person?.team ?? null,
    };
  });
}

/** Counts by reason as the report shows them (every rule, zeros included). */
export function reasonCounts(counts: PlanRiskCounts[]): { total: number; byReason: ReasonCountDto[] } {
  return {
    total: counts.reduce((n, c) => n + c.total, 0),
    byReason: PLAN_RISK_RULES.map((r) => ({ reason: r.reason, count: counts.reduce((n, c) => n + (c.byReason.get(r.reason) ?? 0), 0) })),
  };
}
