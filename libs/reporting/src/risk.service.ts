import { Inject, Injectable } from '@nestjs/common';
import { Actor, Clock } from '@app/core';
import { AuditService } from '@app/audit';
import { ageingBandRequestDates, AGEING_BANDS, DeadlineKind, isChasedWhenOverdue, IsoDate, riskAssessor, RISK_RULES, riskRequestCutoff } from '@app/statutory-clock';
import { OPEN_STATUSES } from '@app/assessments';
import { READ_DATA_SOURCE } from '@app/database';
import { DataSource } from 'typeorm';
import { CsvValue, toCsv } from './csv';
import { AgeingDto, AtRiskCaseDto, CaseloadDto, KindCountDto, RiskReportDto, RiskTable, UnownedKindDto } from './dto/risk.dto';
import { countPlansAtRisk, listPlansAtRisk, planRiskRules, reasonCounts } from './plan-risk';
import { ReportScope } from './report-scope';

const OPEN: string[] = [...OPEN_STATUSES];
const STATUS_ORDER = new Map(OPEN.map((s, i) => [s, i]));
const ADVICE_OUTSTANDING = `EXISTS (SELECT 1 FROM deadlines d WHERE d.assessment_id = a.id AND d.state = 'open' AND d.kind = 'advice')`;

interface OpenCaseRow {
  id: string;
  child_id: string;
  status: string;
  request_received_on: IsoDate;
  caseworker_id: string | null;
  advice_outstanding: boolean;
}

/**
 * Live risk (docs/reports.md): open assessments projected to miss 20 weeks by the rules of the statutory clock
 * (RISK_RULES), overdue deadlines by kind, caseload per caseworker, ageing by status and deadlines nobody owns. Read
 * from the live tables through partial indexes on open rows, so it is as fresh as the last commit.
 */
@Injectable()
export class RiskService {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** `limit`: how many of the most urgent at-risk cases to list (the counts always cover them all). */
  async report(actor: Actor, scope: ReportScope, limit = Number.POSITIVE_INFINITY): Promise<RiskReportDto> {
    const today = this.clock.today();
    const base = {
      asOf: today,
      scope: scope.kind,
      rules: RISK_RULES.map((r) => ({ reason: r.reason, description: r.description, afterDay: r.afterDay, statuses: [...r.statuses] })),
    };
    const la = scope.kind === 'local_authority' ? scope.localAuthorityId : null;
    const [assessments, plans, listed] = await Promise.all([
      la ? this.localAuthority(base, la, today, limit) : this.national(base, today),
      countPlansAtRisk(this.dataSource, today, la),
      la ? this.plansAtRisk(la, today, limit) : Promise.resolve(undefined),
    ]);
    // Plans whose review or phase transfer is at risk (issue 13): a table of their own beside the assessments.
    const planCounts = reasonCounts(plans);
    const report: RiskReportDto = { ...assessments, planRules: planRiskRules(), plansAtRiskCount: planCounts.total, plansAtRiskByReason: planCounts.byReason };
    if (listed) report.plansAtRisk = listed;
    for (const row of report.byLocalAuthority ?? []) row.plansAtRisk = plans.find((p) => p.localAuthorityId === row.localAuthorityId)?.total ?? 0;
    await this.audit.recordRead(actor, { action: 'report.risk', entityType: 'report', entityId: null, metadata: { scope: scope.kind, asOf: today } });
    return report;
  }

  /** One LA's plans at risk, most urgent first, with their caseworker's name and team. */
  private async plansAtRisk(la: string, today: IsoDate, limit: number) {
    const users = await this.dataSource.query<{ id: string; display_name: string; team: string | null }[]>(`SELECT id, display_name, team FROM users WHERE local_authority_id = $1`, [la]);
    return listPlansAtRisk(this.dataSource, today, la, limit, new Map(users.map((u) => [u.id, u])));
  }

  /**
   * One LA, four small queries in parallel: the most urgent at-risk cases (the rules as SQL over request-date cutoffs,
   * urgency = oldest request first), counts per caseworker and status (open, at risk, ageing bands), open deadlines
   * by kind and owner, and the LA's users. Node only handles the listed cases.
   */
  private async localAuthority(base: Pick<RiskReportDto, 'asOf' | 'scope' | 'rules'>, la: string, today: IsoDate, limit: number): Promise<AssessmentRisk> {
    const params: unknown[] = [OPEN, la];
    const { atRisk: condition, bands } = riskSql(params, today, 'adv.assessment_id IS NOT NULL');
    // Outstanding advice from the LA's open deadlines (index-only on ix_deadlines_report_open), not a probe per case.
    const openCases = `assessments a
      LEFT JOIN (SELECT DISTINCT assessment_id FROM deadlines WHERE state = 'open' AND local_authority_id = $2 AND kind = 'advice') adv ON adv.assessment_id = a.id
      WHERE a.local_authority_id = $2 AND a.status = ANY($1)`;
    const listParams: unknown[] = [OPEN, la];
    const listCondition = riskSql(listParams, today, 'adv.assessment_id IS NOT NULL', false).atRisk;
    if (Number.isFinite(limit)) listParams.push(limit);
    const [listed, groups, allDeadlines, users] = await Promise.all([
      this.dataSource.query<OpenCaseRow[]>(
        `SELECT a.id, a.child_id, a.status, a.request_received_on, a.caseworker_id, adv.assessment_id IS NOT NULL AS advice_outstanding
           FROM ${openCases} AND (${listCondition})
          ORDER BY a.request_received_on, a.id LIMIT ${Number.isFinite(limit) ? `$${listParams.length}` : 'ALL'}`,
        listParams,
      ),
      this.dataSource.query<Record<string, string>[]>(
        `SELECT a.caseworker_id, a.status, count(*) AS total, count(*) FILTER (WHERE ${condition}) AS at_risk, ${bands.join(', ')} FROM ${openCases} GROUP BY 1, 2`,
        params,
      ),
      this.dataSource.query<DeadlineRow[]>(
        `SELECT kind, owner_user_id AS owner, count(*) FILTER (WHERE due_on < $2) AS overdue, count(*) FILTER (WHERE due_on < $2 AND statutory) AS overdue_duty,
                count(*) FILTER (WHERE owner_user_id IS NULL AND owner_organisation_id IS NULL) AS unowned,
                count(*) FILTER (WHERE owner_user_id IS NULL AND owner_organisation_id IS NULL AND due_on < $2) AS unowned_overdue
           FROM deadlines WHERE state = 'open' AND local_authority_id = $1 GROUP BY 1, 2`,
        [la, today],
      ),
      this.dataSource.query<{ id: string; display_name: string; team: string | null; listed: boolean }[]>(
        `SELECT id, display_name, team, role = 'caseworker' AND active AS listed FROM users WHERE local_authority_id = $1`,
        [la],
      ),
    ]);
    const deadlines = notOverdueWhenNotChased(allDeadlines);
    const people = new Map(users.map((u) => [u.id, u]));
    const assess = riskAssessor(today);
    const atRisk = listed.map((c): AtRiskCaseDto => {
      const view = assess({ status: c.status, requestReceivedOn: c.request_received_on, adviceOutstanding: c.advice_outstanding });
      const person = c.caseworker_id ? people.get(c.caseworker_id) : undefined;
      return {
        assessmentId: c.id,
        childId: c.child_id,
        status: c.status,
        requestReceivedOn: c.request_received_on,
        week: view.week,
        twentyWeekDate: view.twentyWeekDate,
        daysLeft: view.daysLeft,
        reasons: view.reasons,
        caseworkerId: c.caseworker_id,
        caseworkerName: person?.display_name ?? null,
        team: person?.team ?? null,
      };
    });
    const ageing = new Map<string, AgeingDto>();
    const load = new Map<string, CaseloadDto>();
    const entry = (id: string | null) => {
      const key = id ?? '';
      if (!load.has(key)) {
        const person = id ? people.get(id) : undefined;
        load.set(key, { caseworkerId: id, name: person?.display_name ?? null, team: person?.team ?? null, open: 0, atRisk: 0, overdueDeadlines: 0 });
      }
      return load.get(key)!;
    };
    for (const u of users) if (u.listed) entry(u.id);
    let open = 0;
    let atRiskCount = 0;
    for (const g of groups) {
      const row = ageing.get(g.status) ?? ({ status: g.status, ...Object.fromEntries(AGEING_BANDS.map((b) => [b.key, 0])), total: 0 } as AgeingDto);
      for (const b of AGEING_BANDS) row[b.key] += Number(g[b.key]);
      row.total += Number(g.total);
      ageing.set(g.status, row);
      const person = entry(g.caseworker_id);
      person.open += Number(g.total);
      person.atRisk += Number(g.at_risk);
      open += Number(g.total);
      atRiskCount += Number(g.at_risk);
    }
    for (const d of deadlines) {
      const person = d.owner ? load.get(d.owner) : undefined;
      if (person) person.overdueDeadlines += Number(d.overdue);
    }
    return {
      ...base,
      open,
      atRiskCount,
      atRisk,
      ...deadlineTotals(deadlines),
      caseload: [...load.values()].sort((x, y) => (x.caseworkerId === null ? 1 : y.caseworkerId === null ? -1 : y.open - x.open || byCodeUnits(x.name ?? '', y.name ?? ''))),
      ageing: [...ageing.values()].sort((x, y) => STATUS_ORDER.get(x.status)! - STATUS_ORDER.get(y.status)!),
    };
  }

  /** Every LA: one pass over open assessments and one over open deadlines, in parallel; counts only, no case. */
  private async national(base: Pick<RiskReportDto, 'asOf' | 'scope' | 'rules'>, today: IsoDate): Promise<AssessmentRisk> {
    const params: unknown[] = [OPEN];
    const { atRisk: condition, bands } = riskSql(params, today, ADVICE_OUTSTANDING);
    const [cases, allDeadlines, names] = await Promise.all([
      this.dataSource.query<Record<string, string>[]>(
        `SELECT a.local_authority_id, a.status, count(*) AS total, count(*) FILTER (WHERE ${condition}) AS at_risk, ${bands.join(', ')}
           FROM assessments a WHERE a.status = ANY($1) GROUP BY 1, 2`,
        params,
      ),
      this.dataSource.query<(DeadlineRow & { local_authority_id: string })[]>(
        `SELECT local_authority_id, kind, NULL AS owner, count(*) FILTER (WHERE due_on < $1) AS overdue, count(*) FILTER (WHERE due_on < $1 AND statutory) AS overdue_duty,
                count(*) FILTER (WHERE owner_user_id IS NULL AND owner_organisation_id IS NULL) AS unowned,
                count(*) FILTER (WHERE owner_user_id IS NULL AND owner_organisation_id IS NULL AND due_on < $1) AS unowned_overdue
           FROM deadlines WHERE state = 'open' GROUP BY 1, 2`,
        [today],
      ),
      this.dataSource.query<{ id: string; code: string; name: string }[]>(`SELECT id, code, name FROM local_authorities ORDER BY code`),
    ]);
    const deadlines = notOverdueWhenNotChased(allDeadlines);
    const byLa = new Map(names.map((n) => [n.id, { localAuthorityId: n.id, code: n.code, name: n.name, open: 0, atRisk: 0, overdueDeadlines: 0, unownedDeadlines: 0, plansAtRisk: 0 }]));
    const ageing = new Map<string, AgeingDto>();
    for (const c of cases) {
      const la = byLa.get(c.local_authority_id)!;
      la.open += Number(c.total);
      la.atRisk += Number(c.at_risk);
      const row = ageing.get(c.status) ?? ({ status: c.status, ...Object.fromEntries(AGEING_BANDS.map((b) => [b.key, 0])), total: 0 } as AgeingDto);
      for (const b of AGEING_BANDS) row[b.key] += Number(c[b.key]);
      row.total += Number(c.total);
      ageing.set(c.status, row);
    }
    for (const d of deadlines) {
      const la = byLa.get(d.local_authority_id)!;
      la.overdueDeadlines += Number(d.overdue);
      la.unownedDeadlines += Number(d.unowned);
    }
    const localAuthorities = [...byLa.values()];
    return {
      ...base,
      open: localAuthorities.reduce((n, l) => n + l.open, 0),
      atRiskCount: localAuthorities.reduce((n, l) => n + l.atRisk, 0),
      ...deadlineTotals(deadlines),
      ageing: [...ageing.values()].sort((x, y) => STATUS_ORDER.get(x.status)! - STATUS_ORDER.get(y.status)!),
      byLocalAuthority: localAuthorities,
    };
  }

  /** One table of the report as CSV. */
  toCsv(report: RiskReportDto, table: RiskTable): string {
    const rows: CsvValue[][] = [];
    switch (table) {
      case 'at_risk':
        for (const c of report.atRisk ?? []) rows.push([c.assessmentId, c.childId, c.status, c.requestReceivedOn, c.week, c.twentyWeekDate, c.daysLeft, c.reasons.join(' '), c.caseworkerName, c.team]);
        return toCsv(['assessment_id', 'child_id', 'status', 'request_received_on', 'week', 'twenty_week_date', 'days_left', 'reasons', 'caseworker', 'team'], rows);
      case 'overdue_deadlines':
        return toCsv(['kind', 'overdue'], report.overdueDeadlines.map((k) => [k.kind, k.count]));
      case 'caseload':
        return toCsv(['caseworker', 'team', 'open', 'at_risk', 'overdue_deadlines'], (report.caseload ?? []).map((c) => [c.name ?? '(no caseworker)', c.team, c.open, c.atRisk, c.overdueDeadlines]));
      case 'ageing':
        return toCsv(['status', ...AGEING_BANDS.map((b) => b.key), 'total'], report.ageing.map((a) => [a.status, ...AGEING_BANDS.map((b) => a[b.key]), a.total]));
      case 'unowned_deadlines':
        return toCsv(['kind', 'unowned', 'overdue'], report.unownedDeadlines.byKind.map((k) => [k.kind, k.count, k.overdue]));
      case 'plans_at_risk':
        for (const p of report.plansAtRisk ?? [])
          rows.push([p.planId, p.childId, p.reasons.join(' '), p.dueOn, p.daysLeft, p.reviewDueOn, p.meetingOn, p.phaseTransferKind, p.phaseTransferOn, p.phaseTransferDueOn, p.caseworkerName, p.team]);
        return toCsv(['plan_id', 'child_id', 'reasons', 'due_on', 'days_left', 'review_due_on', 'meeting_on', 'phase_transfer_kind', 'phase_transfer_on', 'phase_transfer_due_on', 'caseworker', 'team'], rows);
      case 'local_authorities':
        return toCsv(['code', 'name', 'open', 'at_risk', 'overdue_deadlines', 'unowned_deadlines'], (report.byLocalAuthority ?? []).map((l) => [l.code, l.name, l.open, l.atRisk, l.overdueDeadlines, l.unownedDeadlines]));
    }
  }
}

/** The assessment figures; the plan figures are added beside them. */
type AssessmentRisk = Omit<RiskReportDto, 'planRules' | 'plansAtRiskCount' | 'plansAtRiskByReason' | 'plansAtRisk'>;

/** Plain ordering for dates and ids (localeCompare goes through ICU: too slow for thousands of cases). */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface DeadlineRow {
  kind: string;
  owner: string | null;
  overdue: string;
  /** Of the overdue ones, those that are a legal duty (advice: Regs 8(1); the rest: the CoP 9.52 expectation). */
  overdue_duty: string;
  unowned: string;
  unowned_overdue: string;
}

/** Overdue deadlines by kind and unowned ones by kind, summed over whatever else the rows are grouped by. */
function deadlineTotals(rows: DeadlineRow[]): Pick<RiskReportDto, 'overdueDeadlines' | 'unownedDeadlines'> {
  const kinds = new Map<string, { overdue: number; overdueDuty: number; unowned: number; unownedOverdue: number }>();
  for (const r of rows) {
    const k = kinds.get(r.kind) ?? { overdue: 0, overdueDuty: 0, unowned: 0, unownedOverdue: 0 };
    k.overdue += Number(r.overdue);
    k.overdueDuty += Number(r.overdue_duty);
    k.unowned += Number(r.unowned);
    k.unownedOverdue += Number(r.unowned_overdue);
    kinds.set(r.kind, k);
  }
  const sorted = [...kinds.entries()].sort(([a], [b]) => a.localeCompare(b));
  const unowned: UnownedKindDto[] = sorted.filter(([, k]) => k.unowned > 0).map(([kind, k]) => ({ kind, count: k.unowned, overdue: k.unownedOverdue }));
  return {
    // Advice is split by whom the 6 weeks bind: a Regs 8(1) duty (CFA s31 bodies) or the CoP 9.52 expectation.
    overdueDeadlines: sorted
      .filter(([, k]) => k.overdue > 0)
      .map(([kind, k]): KindCountDto => (kind === DeadlineKind.Advice ? { kind, count: k.overdue, duty: k.overdueDuty, expectation: k.overdue - k.overdueDuty } : { kind, count: k.overdue })),
    unownedDeadlines: { total: unowned.reduce((n, r) => n + r.count, 0), byKind: unowned },
  };
}

/**
 * The risk rules (RISK_RULES, statutory clock) as one SQL condition over `a` (an assessment) with request-date cutoffs
 * for today, and the ageing bands as count columns; appends their parameters to `params`.
 */
function riskSql(params: unknown[], today: IsoDate, adviceOutstanding: string, withBands = true): { atRisk: string; bands: string[] } {
  const conditions = RISK_RULES.map((rule) => {
    params.push([...rule.statuses], riskRequestCutoff(rule, today));
    return `(a.status = ANY($${params.length - 1}) AND a.request_received_on <= $${params.length}${rule.needsOutstandingAdvice ? ` AND ${adviceOutstanding}` : ''})`;
  });
  if (!withBands) return { atRisk: conditions.join(' OR '), bands: [] };
  const bands = ageingBandRequestDates(today).map((band) => {
    params.push(band.receivedTo);
    const upper = `a.request_received_on <= $${params.length}`;
    if (band.receivedFrom === null) return `count(*) FILTER (WHERE ${upper}) AS "${band.key}"`;
    params.push(band.receivedFrom);
    return `count(*) FILTER (WHERE ${upper} AND a.request_received_on >= $${params.length}) AS "${band.key}"`;
  });
  return { atRisk: conditions.join(' OR '), bands };
}

/** The no-plan notice's warning date and the family's 15 days are never overdue duties (statutory-clock isChasedWhenOverdue). */
function notOverdueWhenNotChased<T extends DeadlineRow>(rows: T[]): T[] {
  return rows.map((row) => (isChasedWhenOverdue(row.kind) ? row : { ...row, overdue: '0', overdue_duty: '0', unowned_overdue: '0' }));
}
