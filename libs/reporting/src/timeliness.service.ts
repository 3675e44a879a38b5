import { Inject, Injectable } from '@nestjs/common';
import { Actor, Clock, ValidationFailedError } from '@app/core';
import { AuditService } from '@app/audit';
import { addDays, DeadlineKind, DFE_BAND_LIMITS, isAfter, monthEnd, splitIntoWholeMonths, STATUTORY_RULES } from '@app/statutory-clock';
import { READ_DATA_SOURCE } from '@app/database';
import { DataSource } from 'typeorm';
import { CsvValue, toCsv } from './csv';
import { DecisionShareDto, ExcludingExceptionsDto, TimelinessGroupBy, TimelinessPeriodDto, TimelinessReportDto } from './dto/timeliness.dto';
import { SummaryMeasure } from './entities/timeliness-summary.entity';
import { ExceptionRatesDto } from './dto/exception-rates.dto';
import { judgeExceptionRate, OUTLIER_RULE } from './exception-outliers';
import { ReportScope } from './report-scope';

/** Counts as the summary stores them, summed over any grouping. */
interface CountRow {
  measure: SummaryMeasure;
  key: string | null;
  exceptions_apply: boolean;
  cases: string;
  on_time: string;
  band_20_to_52_weeks: string;
  band_over_52_weeks: string;
  total_days: string;
}

interface Counts {
  plans: number;
  within: number;
  plansExcl: number;
  withinExcl: number;
  withExceptions: number;
  band20To52: number;
  over52: number;
  totalDays: number;
  band20To52Excl: number;
  over52Excl: number;
  totalDaysExcl: number;
}

/**
 * Each limit is met by the day the family was notified (the final plan: sent to the family, school and health body);
 * the decision or issue date where no notification date was recorded. Same expressions as the summary's trigger
 * (migration StatutoryCorrections).
 */
const finalDone = (alias = '') => `COALESCE(${alias}final_notified_on, ${alias}final_issued_on)`;
const FINAL_DONE = finalDone();
const DECISION_DONE = 'COALESCE(decision_to_assess_notified_on, decision_to_assess_on)';
const NO_PLAN_DONE = 'COALESCE(decision_to_issue_notified_on, decision_to_issue_on)';

/**
 * A case with any appeal registered on it (against the assessment or its plan: every appeal carries its case's
 * assessment id) or mediation recorded (mediation is recorded on an appeal): left out by `excludeDisputed`.
 */
const notDisputed = (assessment: string) => `NOT EXISTS (SELECT 1 FROM appeals ap WHERE ap.assessment_id = ${assessment}.id)`;

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const NOTHING = ['9999-12-31', '0001-01-01'] as const; // an empty date range

/**
 * The DfE timeliness measures (statutory-rules.md section 7) for the caller's local authority, or for every LA
 * (national analysts). Whole months are read from the monthly summary the trigger keeps (ADR 0004); the days of a
 * partial month at either end are counted from the assessments themselves with the same limits, which come from the
 * statutory clock and reach SQL as parameters.
 */
@Injectable()
export class TimelinessService {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, scope: ReportScope, from: string, to: string, excludeDisputed = false): Promise<TimelinessReportDto> {
    const report = await this.build(scope, from, to, excludeDisputed);
    await this.audit.recordRead(actor, { action: 'report.timeliness', entityType: 'report', entityId: null, metadata: { from, to, scope: scope.kind, ...(excludeDisputed ? { excludeDisputed } : {}) } });
    return report;
  }

  /**
   * Anomalies: each team of the LA (or each LA, nationally) against the rest by its share of plans with the 20-week
   * exceptions flag; an LA also sees itself against the rest of England (a total, nothing about another LA).
   */
  async exceptionRates(actor: Actor, scope: ReportScope, from: string, to: string): Promise<ExceptionRatesDto> {
    const report = await this.build(scope, from, to);
    const all = { plansIssued: report.plansIssued, withExceptions: report.withExceptions };
    const groups = (scope.kind === 'national' ? (report.byLocalAuthority ?? []).map((l) => ({ key: l.code, label: l.name, ...l })) : (report.byTeam ?? []).map((t) => ({ key: t.team, label: t.team ?? '(no team)', ...t })))
      .filter((g) => g.plansIssued > 0)
      .map((g) => ({ key: g.key, label: g.label, plansIssued: g.plansIssued, withExceptions: g.withExceptions, ...judgeExceptionRate(g, all) }));
    const result: ExceptionRatesDto = { from, to, scope: scope.kind, rule: { ...OUTLIER_RULE }, plansIssued: all.plansIssued, withExceptions: all.withExceptions, groups };
    if (scope.kind === 'local_authority') {
      const england = sum((await this.counts({ kind: 'national' }, from, to, false)).filter((r) => r.measure === SummaryMeasure.FinalPlan));
      result.localAuthorityAgainstEngland = { plansIssued: all.plansIssued, withExceptions: all.withExceptions, ...judgeExceptionRate(all, { plansIssued: england.plans, withExceptions: england.withExceptions }) };
    }
    await this.audit.recordRead(actor, { action: 'report.exception_rates', entityType: 'report', entityId: null, metadata: { from, to, scope: scope.kind } });
    return result;
  }

  private async build(scope: ReportScope, from: string, to: string, excludeDisputed = false): Promise<TimelinessReportDto> {
    if (isAfter(from, to)) throw new ValidationFailedError([{ field: 'to', message: 'to must be on or after from' }]);
    const national = scope.kind === 'national';
    const [counted, byCaseworker] = await Promise.all([
      this.counts(scope, from, to, national, excludeDisputed),
      national ? Promise.resolve([]) : this.caseworkerCounts(scope.localAuthorityId, from, to, excludeDisputed),
    ]);
    // One pass: grouping sets give rows by month (key_la null) and, nationally, by LA (key_month null).
    const byMonth = counted.filter((r) => r.key_la === null).map((r) => ({ ...r, key: r.key_month }));
    const byLa = counted.filter((r) => r.key_month === null).map((r) => ({ ...r, key: r.key_la }));
    const plans = byMonth.filter((r) => r.measure === SummaryMeasure.FinalPlan);
    const report: TimelinessReportDto = {
      from,
      to,
      scope: scope.kind,
      ...period(sum(plans)),
      byMonth: groupRows(plans).map(([month, rows]) => ({ month, ...period(sum(rows)) })),
      decisionsWithin6Weeks: { ...share(byMonth.filter((r) => r.measure === SummaryMeasure.DecisionToAssess)), undecidedPast6Weeks: await this.undecidedPast6Weeks(scope, from, to, excludeDisputed) },
      noPlanNoticesWithin16Weeks: share(byMonth.filter((r) => r.measure === SummaryMeasure.NoPlanNotice)),
    };
    if (excludeDisputed) report.disputedPlansExcluded = await this.disputedPlans(scope, from, to);
    if (national) {
      const names = await this.dataSource.query<{ id: string; code: string; name: string }[]>(`SELECT id, code, name FROM local_authorities ORDER BY code`);
      const la = new Map(groupRows(byLa.filter((r) => r.measure === SummaryMeasure.FinalPlan)));
      const decisions = new Map(groupRows(byLa.filter((r) => r.measure === SummaryMeasure.DecisionToAssess)));
      report.byLocalAuthority = names.map((n) => ({
        localAuthorityId: n.id,
        code: n.code,
        name: n.name,
        ...period(sum(la.get(n.id) ?? [])),
        decisionsWithin6Weeks: share(decisions.get(n.id) ?? []),
      }));
    } else {
      const teams = new Map<string, CaseworkerCount[]>();
      for (const row of byCaseworker) teams.set(row.team ?? '', [...(teams.get(row.team ?? '') ?? []), row]);
      report.byCaseworker = byCaseworker.map((c) => ({ caseworkerId: c.caseworkerId, name: c.name, team: c.team, ...period(c.counts) }));
      report.byTeam = [...teams.entries()]
        .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
        .map(([team, members]) => ({ team: team === '' ? null : team, ...period(addCounts(members.map((m) => m.counts))) }));
    }
    return report;
  }

  /**
   * Every measure's counts by month and exceptions flag (and by LA too when `byLa`, in the same pass): whole months
   * from the summary, partial months from the assessments. Without the disputed cases the summary cannot answer (it
   * does not know about appeals): the whole period is counted live from the assessments, as a partial month is.
   */
  private async counts(scope: ReportScope, from: string, to: string, byLa: boolean, excludeDisputed = false): Promise<(CountRow & { key_month: string | null; key_la: string | null })[]> {
    const split = excludeDisputed ? { months: null, partial: [{ from, to }] } : splitIntoWholeMonths(from, to);
    const whole = split.months ? [split.months.first, monthEnd(split.months.last)] : NOTHING;
    const [a, b] = [split.partial[0] ? [split.partial[0].from, split.partial[0].to] : NOTHING, split.partial[1] ? [split.partial[1].from, split.partial[1].to] : NOTHING];
    const laFilter = scope.kind === 'local_authority' ? 'AND local_authority_id = $11' : '';
    const caseFilter = laFilter + (excludeDisputed ? ` AND ${notDisputed('assessments')}` : '');
    const params: unknown[] = [whole[0], whole[1], a[0], a[1], b[0], b[1], DFE_BAND_LIMITS.within20WeeksMaxDays, DFE_BAND_LIMITS.within52WeeksMaxDays, STATUTORY_RULES[DeadlineKind.DecisionToAssess].days, STATUTORY_RULES[DeadlineKind.NoPlanNotice].days];
    if (scope.kind === 'local_authority') params.push(scope.localAuthorityId);
    const partial = (column: string) => `(${column} BETWEEN $3 AND $4 OR ${column} BETWEEN $5 AND $6)`;
    const sql = `
      WITH counted AS (
        SELECT measure, month, local_authority_id, exceptions_apply, cases, on_time, band_20_to_52_weeks, band_over_52_weeks, total_days
          FROM report_timeliness_monthly WHERE month BETWEEN $1 AND $2 ${laFilter}
        UNION ALL
        SELECT 'final_plan', date_trunc('month', final_issued_on)::date, local_authority_id, exceptions_apply, 1,
               (${FINAL_DONE} - request_received_on <= $7)::int,
               (${FINAL_DONE} - request_received_on > $7 AND ${FINAL_DONE} - request_received_on <= $8)::int,
               (${FINAL_DONE} - request_received_on > $8)::int, ${FINAL_DONE} - request_received_on
          FROM assessments WHERE ${partial('final_issued_on')} ${caseFilter}
        UNION ALL
        SELECT 'decision_to_assess', date_trunc('month', request_received_on)::date, local_authority_id, exceptions_apply, 1,
               (${DECISION_DONE} - request_received_on <= $9)::int, 0, 0, ${DECISION_DONE} - request_received_on
          FROM assessments WHERE decision_to_assess_on IS NOT NULL AND ${partial('request_received_on')} ${caseFilter}
        UNION ALL
        SELECT 'no_plan_notice', date_trunc('month', decision_to_issue_on)::date, local_authority_id, exceptions_apply, 1,
               (${NO_PLAN_DONE} - request_received_on <= $10)::int, 0, 0, ${NO_PLAN_DONE} - request_received_on
          FROM assessments WHERE decision_to_issue = 'not_issue' AND ${partial('decision_to_issue_on')} ${caseFilter}
      )
      SELECT measure, to_char(month, 'YYYY-MM') AS key_month, ${byLa ? 'local_authority_id::text' : 'NULL::text'} AS key_la, exceptions_apply, sum(cases) AS cases,
             sum(on_time) AS on_time, sum(band_20_to_52_weeks) AS band_20_to_52_weeks, sum(band_over_52_weeks) AS band_over_52_weeks, sum(total_days) AS total_days
        FROM counted
       GROUP BY ${byLa ? 'GROUPING SETS ((measure, month, exceptions_apply), (measure, local_authority_id, exceptions_apply))' : 'measure, month, exceptions_apply'}
      HAVING sum(cases) > 0 ORDER BY key_month, key_la`;
    return this.dataSource.query(sql, params);
  }

  /**
   * Requests received in the period still without a decision after their 6 weeks: shown beside the 6-week measure,
   * which counts the decided ones (their outcome is known). The cut-off comes from the statutory clock.
   */
  private async undecidedPast6Weeks(scope: ReportScope, from: string, to: string, excludeDisputed: boolean): Promise<number> {
    const sixWeeksEndedBefore = addDays(this.clock.today(), -STATUTORY_RULES[DeadlineKind.DecisionToAssess].days!);
    const params: unknown[] = [from, to, sixWeeksEndedBefore];
    if (scope.kind === 'local_authority') params.push(scope.localAuthorityId);
    const [row] = await this.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM assessments
        WHERE status = 'awaiting_decision' AND request_received_on BETWEEN $1 AND $2 AND request_received_on < $3 ${scope.kind === 'local_authority' ? 'AND local_authority_id = $4' : ''}
              ${excludeDisputed ? `AND ${notDisputed('assessments')}` : ''}`,
      params,
    );
    return Number(row.n);
  }

  /** Final plans issued in the period whose case is disputed (left out by excludeDisputed). */
  private async disputedPlans(scope: ReportScope, from: string, to: string): Promise<number> {
    const params: unknown[] = [from, to];
    if (scope.kind === 'local_authority') params.push(scope.localAuthorityId);
    const [row] = await this.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM assessments a
        WHERE a.final_issued_on BETWEEN $1 AND $2 ${scope.kind === 'local_authority' ? 'AND a.local_authority_id = $3' : ''} AND NOT ${notDisputed('a')}`,
      params,
    );
    return Number(row.n);
  }

  /** Final plans in the period per caseworker of one LA (with their team), from the assessments. */
  private async caseworkerCounts(localAuthorityId: string, from: string, to: string, excludeDisputed: boolean): Promise<CaseworkerCount[]> {
    const rows = await this.dataSource.query<(CountRow & { caseworker_id: string | null; name: string | null; team: string | null })[]>(
      `SELECT a.caseworker_id, u.display_name AS name, u.team, 'final_plan' AS measure, NULL AS key, a.exceptions_apply, count(*) AS cases,
              count(*) FILTER (WHERE ${finalDone('a.')} - a.request_received_on <= $4) AS on_time,
              count(*) FILTER (WHERE ${finalDone('a.')} - a.request_received_on > $4 AND ${finalDone('a.')} - a.request_received_on <= $5) AS band_20_to_52_weeks,
              count(*) FILTER (WHERE ${finalDone('a.')} - a.request_received_on > $5) AS band_over_52_weeks,
              sum(${finalDone('a.')} - a.request_received_on) AS total_days
         FROM assessments a LEFT JOIN users u ON u.id = a.caseworker_id
        WHERE a.local_authority_id = $1 AND a.final_issued_on BETWEEN $2 AND $3 ${excludeDisputed ? `AND ${notDisputed('a')}` : ''}
        GROUP BY 1, 2, 3, 6`,
      [localAuthorityId, from, to, DFE_BAND_LIMITS.within20WeeksMaxDays, DFE_BAND_LIMITS.within52WeeksMaxDays],
    );
    const byCaseworker = new Map<string, CaseworkerCount>();
    for (const row of rows) {
      const id = row.caseworker_id ?? '';
      const entry = byCaseworker.get(id) ?? { caseworkerId: row.caseworker_id, name: row.name, team: row.team, counts: sum([]) };
      entry.counts = addCounts([entry.counts, sum([row])]);
      byCaseworker.set(id, entry);
    }
    return [...byCaseworker.values()].sort((x, y) => (x.caseworkerId === null ? 1 : y.caseworkerId === null ? -1 : (x.name ?? '').localeCompare(y.name ?? '')));
  }

  /** The report as CSV: one row for the period, then one per month (default), team, caseworker or LA. */
  toCsv(report: TimelinessReportDto, groupBy: TimelinessGroupBy = 'month'): string {
    const header = ['period', 'plans_issued', 'within_20_weeks', 'percent_within_20_weeks', 'plans_issued_excluding_exceptions', 'within_20_weeks_excluding_exceptions', 'percent_within_20_weeks_excluding_exceptions', 'with_exceptions', 'from_20_to_52_weeks', 'over_52_weeks', 'average_weeks_to_issue'];
    const line = (label: string, p: TimelinessPeriodDto): CsvValue[] => [label, p.plansIssued, p.within20Weeks, p.percentWithin20Weeks, p.excludingExceptions.plansIssued, p.excludingExceptions.within20Weeks, p.excludingExceptions.percentWithin20Weeks, p.withExceptions, p.from20To52Weeks, p.over52Weeks, p.averageWeeksToIssue];
    const groups: CsvValue[][] =
      groupBy === 'team'
        ? (report.byTeam ?? []).map((t) => line(t.team ?? '(no team)', t))
        : groupBy === 'caseworker'
          ? (report.byCaseworker ?? []).map((c) => line(c.name ?? '(no caseworker)', c))
          : groupBy === 'local_authority'
            ? (report.byLocalAuthority ?? []).map((l) => line(`${l.code} ${l.name}`, l))
            : report.byMonth.map((m) => line(m.month, m));
    return toCsv(header, [line(`${report.from}..${report.to}`, report), ...groups]);
  }
}

interface CaseworkerCount {
  caseworkerId: string | null;
  name: string | null;
  team: string | null;
  counts: Counts;
}

function groupRows(rows: CountRow[]): [string, CountRow[]][] {
  const groups = new Map<string, CountRow[]>();
  for (const row of rows) groups.set(row.key ?? '', [...(groups.get(row.key ?? '') ?? []), row]);
  return [...groups.entries()];
}

function sum(rows: CountRow[]): Counts {
  const counts: Counts = { plans: 0, within: 0, plansExcl: 0, withinExcl: 0, withExceptions: 0, band20To52: 0, over52: 0, totalDays: 0, band20To52Excl: 0, over52Excl: 0, totalDaysExcl: 0 };
  for (const row of rows) {
    const cases = Number(row.cases);
    counts.plans += cases;
    counts.within += Number(row.on_time);
    counts.band20To52 += Number(row.band_20_to_52_weeks);
    counts.over52 += Number(row.band_over_52_weeks);
    counts.totalDays += Number(row.total_days);
    if (row.exceptions_apply) counts.withExceptions += cases;
    else {
      counts.plansExcl += cases;
      counts.withinExcl += Number(row.on_time);
      counts.band20To52Excl += Number(row.band_20_to_52_weeks);
      counts.over52Excl += Number(row.band_over_52_weeks);
      counts.totalDaysExcl += Number(row.total_days);
    }
  }
  return counts;
}

function addCounts(all: Counts[]): Counts {
  const total = sum([]);
  for (const c of all) for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += c[key];
  return total;
}

const averageWeeks = (days: number, plans: number): number | null => (plans === 0 ? null : Math.round((days / plans / 7) * 10) / 10);

function period(c: Counts): TimelinessPeriodDto {
  // DfE publishes the bands and the average both including and excluding exceptions.
  const excluded: ExcludingExceptionsDto = {
    plansIssued: c.plansExcl,
    within20Weeks: c.withinExcl,
    percentWithin20Weeks: percent(c.withinExcl, c.plansExcl),
    from20To52Weeks: c.band20To52Excl,
    over52Weeks: c.over52Excl,
    averageWeeksToIssue: averageWeeks(c.totalDaysExcl, c.plansExcl),
  };
  return {
    plansIssued: c.plans,
    within20Weeks: c.within,
    percentWithin20Weeks: percent(c.within, c.plans),
    excludingExceptions: excluded,
    withExceptions: c.withExceptions,
    from20To52Weeks: c.band20To52,
    over52Weeks: c.over52,
    averageWeeksToIssue: averageWeeks(c.totalDays, c.plans),
  };
}

function share(rows: CountRow[]): DecisionShareDto {
  const c = sum(rows);
  return { decided: c.plans, onTime: c.within, percentOnTime: percent(c.within, c.plans) };
}

export function exceptionRatesCsv(report: ExceptionRatesDto): string {
  const rows: CsvValue[][] = report.groups.map((g) => [g.key, g.label, g.plansIssued, g.withExceptions, g.percentWithExceptions, g.restPercentWithExceptions, g.flagged]);
  if (report.localAuthorityAgainstEngland) {
    const l = report.localAuthorityAgainstEngland;
    rows.unshift(['local_authority', 'this local authority against the rest of England', l.plansIssued, l.withExceptions, l.percentWithExceptions, l.restPercentWithExceptions, l.flagged]);
  }
  return toCsv(['group', 'label', 'plans_issued', 'with_exceptions', 'percent_with_exceptions', 'rest_percent_with_exceptions', 'flagged'], rows);
}
