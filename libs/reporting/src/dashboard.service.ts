import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock, ValidationFailedError } from '@app/core';
import { AuditService } from '@app/audit';
import { OPEN_STATUSES } from '@app/assessments';
import { addDays, addMonths, DFE_BAND_LIMITS, isAfter, monthEnd, monthStart, sen2CensusDate } from '@app/statutory-clock';
import { DataSource } from 'typeorm';
import { CsvValue, toCsv } from './csv';
import { DashboardDto, DashboardTable, DashboardTimelinessMonthDto } from './dto/dashboard.dto';
import { DisputesReportService } from './disputes-report.service';
import { ReportScope } from './report-scope';
import { ReviewsReportService } from './reviews-report.service';
import { RiskService } from './risk.service';
import { Sen2Service } from './sen2/sen2.service';
import { SummaryMeasure } from './entities/timeliness-summary.entity';

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const LISTED = 50;

/** One month's final plans (counts as text, as PostgreSQL returns sums and counts). */
interface MonthRow {
  month: string;
  issued: string;
  within: string;
  mid: string;
  over: string;
  issued_ex: string | null;
  within_ex: string | null;
}
/** How long an LA's SEN2 error count is reused (it runs every rule over the whole return). */
const SEN2_COUNT_TTL_MS = 5 * 60 * 1000;

export interface DashboardFilters {
  from?: string;
  to?: string;
  team?: string;
  caseworkerId?: string;
}

/**
 * Every figure the managers' dashboard draws, in one answer (docs/reports.md, "Dashboard"): a read model over the
 * same tables and services as the single reports, so a figure here is the figure there. The team and caseworker
 * filters narrow the case-based figures (timeliness, caseload, cases and plans at risk, advice late); reviews,
 * appeals, ceased plans and SEN2 stay the LA's (`filteredFigures` says which is which).
 */
@Injectable()
export class DashboardService {
  private readonly sen2Counts = new Map<string, { at: number; count: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly risk: RiskService,
    private readonly reviews: ReviewsReportService,
    private readonly disputes: DisputesReportService,
    private readonly sen2: Sen2Service,
  ) {}

  async dashboard(actor: Actor, scope: ReportScope, filters: DashboardFilters): Promise<DashboardDto> {
    const today = this.clock.today();
    const to = filters.to ?? today;
    const from = filters.from ?? addDays(addMonths(to, -12), 1);
    if (isAfter(from, to)) throw new ValidationFailedError([{ field: 'to', message: 'to must be on or after from' }]);
    const national = scope.kind === 'national';
    if (national && (filters.team || filters.caseworkerId)) throw new ValidationFailedError([{ field: filters.team ? 'team' : 'caseworkerId', message: 'national figures are not filtered by team or caseworker' }]);
    const la = national ? null : scope.localAuthorityId;
    const team = filters.team ?? null;
    const caseworkerId = filters.caseworkerId ?? null;
    const census = nextCensus(today);

    const [months, caseload, advice, risk, reviews, appeals, ceased, sen2Errors] = await Promise.all([
      this.timeliness(la, to, team, caseworkerId),
      this.caseload(la, team, caseworkerId),
      this.adviceLate(la, from, to, today, team, caseworkerId),
      this.risk.report(actor, scope),
      this.reviews.report(actor, scope, from, to, Number(to.slice(0, 4))),
      this.disputes.appeals(actor, scope, from, to),
      this.disputes.ceasedPlans(actor, scope, from, to),
      la ? this.sen2ErrorCount(la, census) : Promise.resolve(null),
    ]);
    const mine = <T extends { caseworkerId: string | null; team: string | null }>(rows: T[]) => rows.filter((r) => (caseworkerId === null || r.caseworkerId === caseworkerId) && (team === null || r.team === team));
    const atRisk = la ? mine(risk.atRisk ?? []) : [];
    const plansAtRisk = la ? mine(risk.plansAtRisk ?? []) : [];
    const filtered = team !== null || caseworkerId !== null;

    const dashboard: DashboardDto = {
      asOf: today,
      scope: scope.kind,
      from,
      to,
      team,
      caseworkerId,
      filteredFigures: ['timeliness', 'caseloadByStage', 'casesAtRisk', 'plansAtRisk', 'adviceLateByProvider'],
      timeliness: { ...DFE_BAND_LIMITS, months },
      caseloadByStage: caseload,
      casesAtRisk: la
        ? {
            count: filtered ? atRisk.length : risk.atRiskCount,
            cases: atRisk.slice(0, LISTED).map((c) => ({ assessmentId: c.assessmentId, childId: c.childId, status: c.status, week: c.week, daysLeft: c.daysLeft, twentyWeekDate: c.twentyWeekDate, reasons: c.reasons, caseworkerName: c.caseworkerName })),
          }
        : { count: risk.atRiskCount },
      plansAtRisk: la ? { count: filtered ? plansAtRisk.length : risk.plansAtRiskCount, plans: plansAtRisk.slice(0, LISTED) } : { count: risk.plansAtRiskCount },
      adviceLateByProvider: advice,
      reviews: {
        due: reviews.reviewsDue.due,
        held: reviews.meetingsHeld,
        decided: reviews.decisions.decided,
        decidedWithin4Weeks: reviews.decisions.within4Weeks,
        percentWithin4Weeks: reviews.decisions.percentWithin4Weeks,
        overdue: reviews.asOfToday.reviewsOverdue,
        dfePercentWithin4Weeks: reviews.dfeReviewMeasure.percentWithin4Weeks,
      },
      appeals: {
        byDecision: appeals.lodgedInPeriod.byDecision.map((d) => ({ decision: d.decision, lodged: d.appeals })),
        lodged: appeals.lodgedInPeriod.total,
        appealableDecisions: appeals.appealableDecisions.total,
        appealRate: appeals.appealRate,
        percentFoundForAppellant: appeals.decidedInPeriod.percentFoundForAppellant,
      },
      ceasedPlansByReason: ceased.ceased.byReason,
      sen2ErrorCount: sen2Errors,
      sen2CensusDate: la ? census : null,
    };
    if (national) dashboard.byLocalAuthority = (risk.byLocalAuthority ?? []).map((l) => ({ localAuthorityId: l.localAuthorityId, code: l.code, name: l.name, open: l.open, atRisk: l.atRisk, plansAtRisk: l.plansAtRisk }));
    await this.audit.recordRead(actor, { action: 'report.dashboard', entityType: 'report', entityId: null, metadata: { from, to, scope: scope.kind, team, caseworkerId } });
    return dashboard;
  }

  /** One table of the dashboard as CSV: the same figures as the JSON (and as the chart's table on the page). */
  toCsv(d: DashboardDto, table: DashboardTable): string {
    switch (table) {
      case 'timeliness':
        return toCsv(
          ['month', 'plans_issued', 'within_20_weeks', 'percent_within_20_weeks', 'from_20_to_52_weeks', 'over_52_weeks', 'excluding_exceptions_plans_issued', 'excluding_exceptions_within_20_weeks', 'excluding_exceptions_percent'],
          d.timeliness.months.map((m): CsvValue[] => [m.month, m.plansIssued, m.within20Weeks, m.percentWithin20Weeks, m.from20To52Weeks, m.over52Weeks, m.excludingExceptions.plansIssued, m.excludingExceptions.within20Weeks, m.excludingExceptions.percentWithin20Weeks]),
        );
      case 'caseload':
        return toCsv(['stage', 'count'], d.caseloadByStage.map((s) => [s.stage, s.count]));
      case 'cases_at_risk':
        return toCsv(['assessment_id', 'child_id', 'status', 'week', 'days_left', 'twenty_week_date', 'reasons', 'caseworker'], (d.casesAtRisk.cases ?? []).map((c) => [c.assessmentId, c.childId, c.status, c.week, c.daysLeft, c.twentyWeekDate, c.reasons.join(' '), c.caseworkerName]));
      case 'plans_at_risk':
        return toCsv(['plan_id', 'child_id', 'reasons', 'due_on', 'days_left', 'caseworker'], (d.plansAtRisk.plans ?? []).map((p) => [p.planId, p.childId, p.reasons.join(' '), p.dueOn, p.daysLeft, p.caseworkerName]));
      case 'advice_late':
        return toCsv(['organisation_id', 'organisation', 'due_in_period', 'late_in_period', 'overdue_now'], d.adviceLateByProvider.map((a) => [a.organisationId, a.name, a.dueInPeriod, a.lateInPeriod, a.overdueNow]));
      case 'reviews':
        return toCsv(['due', 'held', 'decided', 'decided_within_4_weeks', 'percent_within_4_weeks', 'overdue_today', 'dfe_percent_within_4_weeks'], [[d.reviews.due, d.reviews.held, d.reviews.decided, d.reviews.decidedWithin4Weeks, d.reviews.percentWithin4Weeks, d.reviews.overdue, d.reviews.dfePercentWithin4Weeks]]);
      case 'appeals':
        return toCsv(['decision', 'lodged'], [...d.appeals.byDecision.map((a): CsvValue[] => [a.decision, a.lodged]), ['all', d.appeals.lodged], ['appealable_decisions', d.appeals.appealableDecisions], ['appeal_rate_percent', d.appeals.appealRate]]);
      case 'ceased_plans':
        return toCsv(['reason', 'label', 'plans'], d.ceasedPlansByReason.map((r) => [r.reason, r.label, r.plans]));
      case 'local_authorities':
        return toCsv(['code', 'name', 'open', 'at_risk', 'plans_at_risk'], (d.byLocalAuthority ?? []).map((l) => [l.code, l.name, l.open, l.atRisk, l.plansAtRisk]));
    }
  }

  /**
   * Final plans issued per month for the 24 months ending with `to`'s month, with the DfE bands, including and
   * excluding plans with the exceptions flag: the same predicates as the timeliness report (sent by day 140, the
   * notification date else the issue date), counted live so the team and caseworker filters apply.
   */
  private async timeliness(la: string | null, to: string, team: string | null, caseworkerId: string | null): Promise<DashboardTimelinessMonthDto[]> {
    const first = monthStart(addMonths(monthStart(to), -23));
    const last = monthEnd(to);
    const rows = team === null && caseworkerId === null ? await this.summaryMonths(la, first, last) : await this.liveMonths(la, first, last, team, caseworkerId);
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    return Array.from({ length: 24 }, (_, i) => {
      const month = addMonths(first, i).slice(0, 7);
      const r = byMonth.get(month);
      const n = (v: string | null | undefined) => Number(v ?? 0);
      return {
        month,
        plansIssued: n(r?.issued),
        within20Weeks: n(r?.within),
        percentWithin20Weeks: percent(n(r?.within), n(r?.issued)),
        from20To52Weeks: n(r?.mid),
        over52Weeks: n(r?.over),
        excludingExceptions: { plansIssued: n(r?.issued_ex), within20Weeks: n(r?.within_ex), percentWithin20Weeks: percent(n(r?.within_ex), n(r?.issued_ex)) },
      };
    });
  }

  /**
   * Without a team or caseworker filter the months are whole, so they come from the monthly summary the trigger keeps
   * in each command's transaction (ADR 0004; the same predicates): 24 rows an LA rather than every plan of two years
   * (England's 24 months took 650-860 ms live at 650,000 plans).
   */
  private summaryMonths(la: string | null, first: string, last: string): Promise<MonthRow[]> {
    const params: unknown[] = [first, last, SummaryMeasure.FinalPlan];
    if (la) params.push(la);
    return this.dataSource.query<MonthRow[]>(
      `SELECT to_char(s.month, 'YYYY-MM') AS month, sum(s.cases) AS issued, sum(s.on_time) AS within,
              sum(s.band_20_to_52_weeks) AS mid, sum(s.band_over_52_weeks) AS over,
              sum(s.cases) FILTER (WHERE NOT s.exceptions_apply) AS issued_ex, sum(s.on_time) FILTER (WHERE NOT s.exceptions_apply) AS within_ex
         FROM report_timeliness_monthly s
        WHERE s.month BETWEEN $1 AND $2 AND s.measure = $3 ${la ? 'AND s.local_authority_id = $4' : ''}
        GROUP BY 1`,
      params,
    );
  }

  /** A team's or a caseworker's months, counted from the cases (the summary has no caseworker). */
  private liveMonths(la: string | null, first: string, last: string, team: string | null, caseworkerId: string | null): Promise<MonthRow[]> {
    const params: unknown[] = [first, last, DFE_BAND_LIMITS.within20WeeksMaxDays, DFE_BAND_LIMITS.within52WeeksMaxDays];
    const where = this.caseFilters(params, la, team, caseworkerId);
    return this.dataSource.query<MonthRow[]>(
      `SELECT to_char(a.final_issued_on, 'YYYY-MM') AS month, count(*) AS issued,
              count(*) FILTER (WHERE COALESCE(a.final_notified_on, a.final_issued_on) - a.request_received_on <= $3) AS within,
              count(*) FILTER (WHERE COALESCE(a.final_notified_on, a.final_issued_on) - a.request_received_on > $3 AND COALESCE(a.final_notified_on, a.final_issued_on) - a.request_received_on <= $4) AS mid,
              count(*) FILTER (WHERE COALESCE(a.final_notified_on, a.final_issued_on) - a.request_received_on > $4) AS over,
              count(*) FILTER (WHERE NOT a.exceptions_apply) AS issued_ex,
              count(*) FILTER (WHERE NOT a.exceptions_apply AND COALESCE(a.final_notified_on, a.final_issued_on) - a.request_received_on <= $3) AS within_ex
         FROM assessments a ${team !== null ? 'LEFT JOIN users u ON u.id = a.caseworker_id' : ''}
        WHERE a.final_issued_on BETWEEN $1 AND $2 ${where}
        GROUP BY 1`,
      params,
    );
  }

  /** Open assessments by stage (in the order of the process), then maintained plans (issued or ceasing). */
  private async caseload(la: string | null, team: string | null, caseworkerId: string | null): Promise<{ stage: string; count: number }[]> {
    const params: unknown[] = [[...OPEN_STATUSES]];
    const where = this.caseFilters(params, la, team, caseworkerId);
    const planParams: unknown[] = [];
    const planWhere = this.caseFilters(planParams, la, team, caseworkerId);
    const join = team !== null ? 'LEFT JOIN users u ON u.id = a.caseworker_id' : '';
    const [stages, plans] = await Promise.all([
      this.dataSource.query<{ status: string; n: string }[]>(`SELECT a.status, count(*) AS n FROM assessments a ${join} WHERE a.status = ANY($1) ${where} GROUP BY 1`, params),
      this.dataSource.query<{ n: string }[]>(`SELECT count(*) AS n FROM plans p JOIN assessments a ON a.id = p.assessment_id ${join} WHERE p.status IN ('issued', 'ceasing') ${planWhere}`, planParams),
    ]);
    const counts = new Map(stages.map((s) => [s.status, Number(s.n)]));
    return [...OPEN_STATUSES.map((stage) => ({ stage: stage as string, count: counts.get(stage) ?? 0 })), { stage: 'plan_maintained', count: Number(plans[0]?.n ?? 0) }];
  }

  /**
   * Advice deadlines by the organisation asked (the request's organisation, else the deadline's owning one): due in
   * the period and how many of those came late, and what is overdue today.
   */
  private async adviceLate(la: string | null, from: string, to: string, today: string, team: string | null, caseworkerId: string | null) {
    const params: unknown[] = [from, to, today];
    // An advice deadline carries its LA and the organisation asked (the deadlines service keeps the request's
    // assignee there on every change), so only a team or caseworker filter needs the case: England's count is one pass
    // over the advice deadlines rather than joins to every request and every piece of advice (2.4-3.4 s at 650,000 plans).
    const byCase = team !== null || caseworkerId !== null;
    const where = byCase ? this.caseFilters(params, la, team, caseworkerId) : la ? `AND d.local_authority_id = $${params.push(la)}` : '';
    const rows = await this.dataSource.query<{ organisation_id: string | null; name: string | null; due: string; late: string; overdue: string }[]>(
      `SELECT o.id AS organisation_id, o.name, x.due, x.late, x.overdue
         FROM (SELECT d.owner_organisation_id AS organisation_id,
                      count(*) FILTER (WHERE d.due_on BETWEEN $1 AND $2) AS due,
                      count(*) FILTER (WHERE d.due_on BETWEEN $1 AND $2 AND ((d.state = 'completed' AND d.completed_on > d.due_on) OR (d.state = 'open' AND d.due_on < $3))) AS late,
                      count(*) FILTER (WHERE d.state = 'open' AND d.due_on < $3) AS overdue
                 FROM deadlines d
                 ${byCase ? 'JOIN assessments a ON a.id = d.assessment_id' : ''}
                 ${team !== null ? 'LEFT JOIN users u ON u.id = a.caseworker_id' : ''}
                WHERE d.kind = 'advice' AND d.state <> 'not_applicable' AND ((d.due_on BETWEEN $1 AND $2) OR (d.state = 'open' AND d.due_on < $3)) ${where}
                GROUP BY 1) x
         LEFT JOIN organisations o ON o.id = x.organisation_id`,
      params,
    );
    return rows
      .map((r) => ({ organisationId: r.organisation_id, name: r.name ?? 'No organisation recorded', dueInPeriod: Number(r.due), lateInPeriod: Number(r.late), overdueNow: Number(r.overdue) }))
      .filter((r) => r.lateInPeriod > 0 || r.overdueNow > 0)
      .sort((a, b) => b.overdueNow - a.overdueNow || b.lateInPeriod - a.lateInPeriod || a.name.localeCompare(b.name));
  }

  /** SQL conditions on the case (alias `a`, caseworker `u`) for the LA and the filters, their values appended to params. */
  private caseFilters(params: unknown[], la: string | null, team: string | null, caseworkerId: string | null): string {
    const parts: string[] = [];
    if (la) parts.push(`a.local_authority_id = $${params.push(la)}`);
    if (caseworkerId !== null) parts.push(`a.caseworker_id = $${params.push(caseworkerId)}`);
    if (team !== null) parts.push(`u.team = $${params.push(team)}`);
    return parts.map((p) => `AND ${p}`).join(' ');
  }

  /** The LA's SEN2 error count for the next return, reused for a few minutes (it runs every rule over the return). */
  private async sen2ErrorCount(la: string, census: string): Promise<number> {
    const key = `${la}:${census}`;
    const cached = this.sen2Counts.get(key);
    const now = Date.now(); // a cache's age, not a business date
    if (cached && now - cached.at < SEN2_COUNT_TTL_MS) return cached.count;
    const count = await this.sen2.errorCount(la, census);
    this.sen2Counts.set(key, { at: now, count });
    return count;
  }
}

/** The next SEN2 census date on or after today: the return the dashboard's error count is about. */
export function nextCensus(today: string): string {
  const thisYear = sen2CensusDate(Number(today.slice(0, 4)));
  return isAfter(today, thisYear) ? sen2CensusDate(Number(today.slice(0, 4)) + 1) : thisYear;
}
