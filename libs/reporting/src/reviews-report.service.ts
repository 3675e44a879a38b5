import { Inject, Injectable } from '@nestjs/common';
import { Actor, Clock, ValidationFailedError } from '@app/core';
import { AuditService } from '@app/audit';
import { DeadlineKind, isAfter, REVIEW_MEASURE_LIMITS, sen2CensusDate } from '@app/statutory-clock';
import { READ_DATA_SOURCE } from '@app/database';
import { DataSource } from 'typeorm';
import { CsvValue, toCsv } from './csv';
import { DfeReviewMeasureDto, ReviewsFiguresDto, ReviewsReportDto } from './dto/reviews-report.dto';
import { ReportScope } from './report-scope';

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

interface DueRow {
  local_authority_id: string;
  kind: string;
  due: string;
  on_time: string;
  late: string;
  open: string;
}

interface OverdueRow {
  local_authority_id: string;
  kind: string;
  n: string;
}

interface ReviewRow {
  local_authority_id: string;
  held: string;
  maintain: string;
  maintain_in_time: string;
  amend: string;
  amend_in_time: string;
  cease: string;
  cease_in_time: string;
  amended: string;
  amended_in_time: string;
}

const OVERDUE_KINDS = [DeadlineKind.ReviewDue, DeadlineKind.ReviewDecision, DeadlineKind.AmendedPlan, DeadlineKind.PhaseTransfer];

/**
 * Review measures for managers (docs/reports.md, "Reviews"): reviews due, meetings held, decisions and how many
 * within 4 weeks of the meeting (the DfE measure), amended plans within 8 weeks of the notice, phase transfers, and
 * what is overdue today. A read model over `reviews` (the reviews context's table) and `deadlines` (the plan and
 * review deadlines the clock computed); the day limits come from the statutory clock as parameters.
 */
@Injectable()
export class ReviewsReportService {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, scope: ReportScope, from: string, to: string, dfeYear?: number): Promise<ReviewsReportDto> {
    if (isAfter(from, to)) throw new ValidationFailedError([{ field: 'to', message: 'to must be on or after from' }]);
    const today = this.clock.today();
    const la = scope.kind === 'local_authority' ? scope.localAuthorityId : null;
    const year = dfeYear ?? Number(from.slice(0, 4));
    const [due, overdue, reviews, dfe] = await Promise.all([this.due(la, from, to), this.overdue(la, today), this.reviews(la, from, to, today), this.dfeReviews(la, year, today)]);
    const byLa = new Map<string, ReviewsFiguresDto>();
    const figures = (id: string) => {
      if (!byLa.has(id)) byLa.set(id, empty());
      return byLa.get(id)!;
    };
    for (const row of due) {
      const f = figures(row.local_authority_id);
      if (row.kind === DeadlineKind.ReviewDue) f.reviewsDue = { due: Number(row.due), completedOnTime: Number(row.on_time), completedLate: Number(row.late), open: Number(row.open) };
      else f.phaseTransfers = { due: Number(row.due), met: Number(row.on_time), late: Number(row.late), open: Number(row.open) };
    }
    for (const row of overdue) {
      const f = figures(row.local_authority_id).asOfToday;
      const n = Number(row.n);
      if (row.kind === DeadlineKind.ReviewDue) f.reviewsOverdue = n;
      else if (row.kind === DeadlineKind.ReviewDecision) f.decisionsOverdue = n;
      else if (row.kind === DeadlineKind.AmendedPlan) f.amendedPlansOverdue = n;
      else f.phaseTransfersOverdue = n;
    }
    for (const row of reviews) {
      const f = figures(row.local_authority_id);
      f.meetingsHeld = Number(row.held);
      const outcome = (decided: string, inTime: string) => ({ decided: Number(decided), within4Weeks: Number(inTime) });
      f.decisions.byOutcome = { maintain: outcome(row.maintain, row.maintain_in_time), amend: outcome(row.amend, row.amend_in_time), cease: outcome(row.cease, row.cease_in_time) };
      f.amendedPlans.issued = Number(row.amended);
      f.amendedPlans.within8Weeks = Number(row.amended_in_time);
    }
    const censusDate = sen2CensusDate(year + 1);
    for (const row of dfe) {
      const m = figures(row.local_authority_id).dfeReviewMeasure;
      Object.assign(m, { year, censusDate, reviews: Number(row.reviews), decidedByCensus: Number(row.decided), within4Weeks: Number(row.in_time) });
    }
    for (const f of byLa.values()) Object.assign(f.dfeReviewMeasure, { year, censusDate });
    for (const f of byLa.values()) finish(f);

    let report: ReviewsReportDto;
    if (scope.kind === 'local_authority') {
      report = { from, to, asOf: today, scope: scope.kind, ...(byLa.get(scope.localAuthorityId) ?? finish(empty(year))) };
    } else {
      const names = await this.dataSource.query<{ id: string; code: string; name: string }[]>(`SELECT id, code, name FROM local_authorities ORDER BY code`);
      const byLocalAuthority = names.map((n) => ({ localAuthorityId: n.id, code: n.code, name: n.name, ...(byLa.get(n.id) ?? finish(empty(year))) }));
      report = { from, to, asOf: today, scope: scope.kind, ...finish(add(byLocalAuthority, year)), byLocalAuthority };
    }
    await this.audit.recordRead(actor, { action: 'report.reviews', entityType: 'report', entityId: null, metadata: { from, to, scope: scope.kind } });
    return report;
  }

  /** Review periods and phase transfers whose last day is in the period, with where each stands today. */
  private due(la: string | null, from: string, to: string): Promise<DueRow[]> {
    const params: unknown[] = [from, to, [DeadlineKind.ReviewDue, DeadlineKind.PhaseTransfer]];
    if (la) params.push(la);
    return this.dataSource.query<DueRow[]>(
      `SELECT local_authority_id, kind, count(*) AS due,
              count(*) FILTER (WHERE state = 'completed' AND completed_on <= due_on) AS on_time,
              count(*) FILTER (WHERE state = 'completed' AND completed_on > due_on) AS late,
              count(*) FILTER (WHERE state = 'open') AS open
         FROM deadlines
        WHERE subject_type = 'plan' AND kind = ANY($3) AND due_on BETWEEN $1 AND $2 AND state <> 'not_applicable' ${la ? 'AND local_authority_id = $4' : ''}
        GROUP BY 1, 2`,
      params,
    );
  }

  /** Open review, decision, amended-plan and phase-transfer deadlines past their date today. */
  private overdue(la: string | null, today: string): Promise<OverdueRow[]> {
    const params: unknown[] = [today, OVERDUE_KINDS];
    if (la) params.push(la);
    return this.dataSource.query<OverdueRow[]>(
      `SELECT local_authority_id, kind, count(*) AS n FROM deadlines
        WHERE state = 'open' AND due_on < $1 AND kind = ANY($2) ${la ? 'AND local_authority_id = $3' : ''}
        GROUP BY 1, 2`,
      params,
    );
  }

  /**
   * Meetings held, decisions by outcome and amended plans issued in the period. A scheduled meeting whose day has come
   * counts as held (as the reviews context treats it, statutory clock `reviewHeldOn`).
   */
  private reviews(la: string | null, from: string, to: string, today: string): Promise<ReviewRow[]> {
    const params: unknown[] = [from, to, today, REVIEW_MEASURE_LIMITS.decisionWithinDays, REVIEW_MEASURE_LIMITS.amendedPlanWithinDays];
    if (la) params.push(la);
    const decided = (decision: string) =>
      `count(*) FILTER (WHERE decision = '${decision}' AND notified BETWEEN $1 AND $2) AS ${decision},
       count(*) FILTER (WHERE decision = '${decision}' AND notified BETWEEN $1 AND $2 AND notified - held <= $4) AS ${decision}_in_time`;
    return this.dataSource.query<ReviewRow[]>(
      `WITH r AS (
         SELECT local_authority_id, decision, decision_notified_on AS notified, amended_plan_issued_on AS amended,
                COALESCE(held_on, CASE WHEN status = 'scheduled' AND meeting_on <= $3 THEN meeting_on END) AS held
           FROM reviews
          WHERE (held_on BETWEEN $1 AND $2 OR meeting_on BETWEEN $1 AND $2 OR decision_notified_on BETWEEN $1 AND $2 OR amended_plan_issued_on BETWEEN $1 AND $2)
                ${la ? 'AND local_authority_id = $6' : ''}
       )
       SELECT local_authority_id, count(*) FILTER (WHERE held BETWEEN $1 AND $2) AS held,
              ${decided('maintain')}, ${decided('amend')}, ${decided('cease')},
              count(*) FILTER (WHERE amended BETWEEN $1 AND $2) AS amended,
              count(*) FILTER (WHERE amended BETWEEN $1 AND $2 AND amended - notified <= $5) AS amended_in_time
         FROM r GROUP BY 1`,
      params,
    );
  }

  /**
   * The review measure as the DfE computes it from SEN2 (docs/reports.md, "Reviews"): one review per plan, the latest
   * whose meeting was held in the calendar year (a scheduled meeting counts once its day has come), for plans not ceased
   * by the census date (SEN2's active plans); decided when its decision was notified by the census date; within 4
   * weeks when notified on or before day 28 after the meeting. The same review SEN2's active plans module reports.
   */
  private dfeReviews(la: string | null, year: number, today: string): Promise<{ local_authority_id: string; reviews: string; decided: string; in_time: string }[]> {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const params: unknown[] = [from, to, sen2CensusDate(year + 1), today, REVIEW_MEASURE_LIMITS.decisionWithinDays];
    if (la) params.push(la);
    return this.dataSource.query(
      `WITH latest AS (
         SELECT DISTINCT ON (r.plan_id) r.local_authority_id, COALESCE(r.held_on, r.meeting_on) AS held, r.decision_notified_on AS notified
           FROM reviews r
          WHERE (r.held_on BETWEEN $1 AND $2 OR (r.held_on IS NULL AND r.status = 'scheduled' AND r.meeting_on BETWEEN $1 AND $2 AND r.meeting_on <= $4))
            AND NOT EXISTS (SELECT 1 FROM plan_cessations pc WHERE pc.plan_id = r.plan_id AND pc.status = 'ceased' AND pc.ceased_on <= $3)
            ${la ? 'AND r.local_authority_id = $6' : ''}
          ORDER BY r.plan_id, COALESCE(r.held_on, r.meeting_on) DESC, r.created_at DESC
       )
       SELECT local_authority_id, count(*) AS reviews, count(*) FILTER (WHERE notified <= $3) AS decided,
              count(*) FILTER (WHERE notified <= $3 AND notified - held <= $5) AS in_time
         FROM latest GROUP BY 1`,
      params,
    );
  }

  /** The report as CSV: one row for the period, then (nationally) one per LA. */
  toCsv(report: ReviewsReportDto): string {
    const header = [
      'period',
      'reviews_due',
      'reviews_completed_on_time',
      'reviews_completed_late',
      'reviews_open',
      'meetings_held',
      'decisions',
      'decisions_within_4_weeks',
      'percent_decisions_within_4_weeks',
      'maintain',
      'amend',
      'cease',
      'amended_plans_issued',
      'amended_plans_within_8_weeks',
      'percent_amended_plans_within_8_weeks',
      'phase_transfers_due',
      'phase_transfers_met',
      'phase_transfers_late',
      'phase_transfers_open',
      'reviews_overdue_today',
      'decisions_overdue_today',
      'amended_plans_overdue_today',
      'phase_transfers_overdue_today',
      'dfe_review_year',
      'dfe_reviews',
      'dfe_reviews_decided_by_census',
      'dfe_reviews_within_4_weeks',
      'dfe_percent_within_4_weeks',
    ];
    const line = (label: string, f: ReviewsFiguresDto): CsvValue[] => [
      label,
      f.reviewsDue.due,
      f.reviewsDue.completedOnTime,
      f.reviewsDue.completedLate,
      f.reviewsDue.open,
      f.meetingsHeld,
      f.decisions.decided,
      f.decisions.within4Weeks,
      f.decisions.percentWithin4Weeks,
      f.decisions.byOutcome.maintain.decided,
      f.decisions.byOutcome.amend.decided,
      f.decisions.byOutcome.cease.decided,
      f.amendedPlans.issued,
      f.amendedPlans.within8Weeks,
      f.amendedPlans.percentWithin8Weeks,
      f.phaseTransfers.due,
      f.phaseTransfers.met,
      f.phaseTransfers.late,
      f.phaseTransfers.open,
      f.asOfToday.reviewsOverdue,
      f.asOfToday.decisionsOverdue,
      f.asOfToday.amendedPlansOverdue,
      f.asOfToday.phaseTransfersOverdue,
      f.dfeReviewMeasure.year,
      f.dfeReviewMeasure.reviews,
      f.dfeReviewMeasure.decidedByCensus,
      f.dfeReviewMeasure.within4Weeks,
      f.dfeReviewMeasure.percentWithin4Weeks,
    ];
    return toCsv(header, [line(`${report.from}..${report.to}`, report), ...(report.byLocalAuthority ?? []).map((l) => line(`${l.code} ${l.name}`, l))]);
  }
}

function empty(year = 0): ReviewsFiguresDto {
  const none = () => ({ decided: 0, within4Weeks: 0 });
  return {
    reviewsDue: { due: 0, completedOnTime: 0, completedLate: 0, open: 0 },
    meetingsHeld: 0,
    decisions: { measure: 'management', decided: 0, within4Weeks: 0, percentWithin4Weeks: null, byOutcome: { maintain: none(), amend: none(), cease: none() } },
    dfeReviewMeasure: emptyDfe(year),
    amendedPlans: { measure: 'local', issued: 0, within8Weeks: 0, percentWithin8Weeks: null },
    phaseTransfers: { due: 0, met: 0, late: 0, open: 0 },
    asOfToday: { reviewsOverdue: 0, decisionsOverdue: 0, amendedPlansOverdue: 0, phaseTransfersOverdue: 0 },
  };
}

/** Totals and percentages from the counts by outcome. */
function finish(f: ReviewsFiguresDto): ReviewsFiguresDto {
  const outcomes = Object.values(f.decisions.byOutcome);
  f.decisions.decided = outcomes.reduce((n, o) => n + o.decided, 0);
  f.decisions.within4Weeks = outcomes.reduce((n, o) => n + o.within4Weeks, 0);
  f.decisions.percentWithin4Weeks = percent(f.decisions.within4Weeks, f.decisions.decided);
  f.amendedPlans.percentWithin8Weeks = percent(f.amendedPlans.within8Weeks, f.amendedPlans.issued);
  f.dfeReviewMeasure.percentWithin4Weeks = percent(f.dfeReviewMeasure.within4Weeks, f.dfeReviewMeasure.reviews);
  return f;
}

function emptyDfe(year: number): DfeReviewMeasureDto {
  return { measure: 'dfe', year, censusDate: year ? sen2CensusDate(year + 1) : '', reviews: 0, decidedByCensus: 0, within4Weeks: 0, percentWithin4Weeks: null };
}

/** Every LA's figures summed (national totals). */
function add(all: ReviewsFiguresDto[], year: number): ReviewsFiguresDto {
  const total = empty(year);
  for (const f of all) {
    for (const k of ['due', 'completedOnTime', 'completedLate', 'open'] as const) total.reviewsDue[k] += f.reviewsDue[k];
    for (const k of ['due', 'met', 'late', 'open'] as const) total.phaseTransfers[k] += f.phaseTransfers[k];
    for (const k of ['reviewsOverdue', 'decisionsOverdue', 'amendedPlansOverdue', 'phaseTransfersOverdue'] as const) total.asOfToday[k] += f.asOfToday[k];
    for (const k of ['maintain', 'amend', 'cease'] as const) {
      total.decisions.byOutcome[k].decided += f.decisions.byOutcome[k].decided;
      total.decisions.byOutcome[k].within4Weeks += f.decisions.byOutcome[k].within4Weeks;
    }
    total.meetingsHeld += f.meetingsHeld;
    total.amendedPlans.issued += f.amendedPlans.issued;
    total.amendedPlans.within8Weeks += f.amendedPlans.within8Weeks;
    for (const k of ['reviews', 'decidedByCensus', 'within4Weeks'] as const) total.dfeReviewMeasure[k] += f.dfeReviewMeasure[k];
  }
  return total;
}
