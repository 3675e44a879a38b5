import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, Clock } from '@app/core';
import { AuditService } from '@app/audit';
import { ageingBandRequestDates, AGEING_BANDS, daysBetween, IsoDate, RISK_RULES, riskReasons, riskRequestCutoff, twentyWeekDate, wholeWeeksBetween } from '@app/statutory-clock';
import { DataSource } from 'typeorm';
import { CsvValue, toCsv } from './csv';
import { AgeingDto, AtRiskCaseDto, CaseloadDto, KindCountDto, RiskReportDto, RiskTable, UnownedKindDto } from './dto/risk.dto';
import { ReportScope } from './report-scope';

const OPEN = ['awaiting_decision', 'assessing', 'drafting', 'draft_issued'];
const STATUS_ORDER = new Map(OPEN.map((s, i) => [s, i]));
const ADVICE_OUTSTANDING = `EXISTS (SELECT 1 FROM deadlines d WHERE d.assessment_id = a.id AND d.state = 'open' AND d.kind = 'advice')`;

interface OpenCaseRow {
  id: string;
  child_id: string;
  status: string;
  request_received_on: IsoDate;
  caseworker_id: string | null;
  name: string | null;
  team: string | null;
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async report(actor: Actor, scope: ReportScope): Promise<RiskReportDto> {
    const today = this.clock.today();
    const la = scope.kind === 'local_authority' ? scope.localAuthorityId : null;
    const [ageing, deadlines] = await Promise.all([this.ageing(la, today), this.deadlines(la, today)]);
    const report: RiskReportDto = {
      asOf: today,
      scope: scope.kind,
      rules: RISK_RULES.map((r) => ({ reason: r.reason, description: r.description, afterDay: r.afterDay, statuses: [...r.statuses] })),
      open: 0,
      atRiskCount: 0,
      overdueDeadlines: deadlines.overdue,
      ageing,
      unownedDeadlines: deadlines.unowned,
    };
    if (la) {
      const [cases, owners, caseworkers] = await Promise.all([this.openCases(la), this.overdueByOwner(la, today), this.caseworkers(la)]);
      const atRisk = cases
        .map((c): AtRiskCaseDto => {
          const due = twentyWeekDate(c.request_received_on);
          return {
            assessmentId: c.id,
            childId: c.child_id,
            status: c.status,
            requestReceivedOn: c.request_received_on,
            week: wholeWeeksBetween(c.request_received_on, today),
            twentyWeekDate: due,
            daysLeft: daysBetween(today, due),
            reasons: riskReasons({ status: c.status, requestReceivedOn: c.request_received_on, adviceOutstanding: c.advice_outstanding }, today),
            caseworkerId: c.caseworker_id,
            caseworkerName: c.name,
            team: c.team,
          };
        })
        .filter((c) => c.reasons.length > 0)
        .sort((x, y) => x.daysLeft - y.daysLeft || x.requestReceivedOn.localeCompare(y.requestReceivedOn) || x.assessmentId.localeCompare(y.assessmentId));
      report.open = cases.length;
      report.atRiskCount = atRisk.length;
      report.atRisk = atRisk;
      report.caseload = caseload(cases, atRisk, owners, caseworkers);
    } else {
      const byLa = await this.nationalByLa(today);
      report.byLocalAuthority = byLa;
      report.open = byLa.reduce((n, r) => n + r.open, 0);
      report.atRiskCount = byLa.reduce((n, r) => n + r.atRisk, 0);
    }
    await this.audit.recordRead(actor, { action: 'report.risk', entityType: 'report', entityId: null, metadata: { scope: scope.kind, asOf: today } });
    return report;
  }

  private openCases(la: string): Promise<OpenCaseRow[]> {
    return this.dataSource.query<OpenCaseRow[]>(
      `SELECT a.id, a.child_id, a.status, a.request_received_on, a.caseworker_id, u.display_name AS name, u.team, ${ADVICE_OUTSTANDING} AS advice_outstanding
         FROM assessments a LEFT JOIN users u ON u.id = a.caseworker_id
        WHERE a.local_authority_id = $1 AND a.status = ANY($2)`,
      [la, OPEN],
    );
  }

  private overdueByOwner(la: string, today: IsoDate): Promise<{ owner_user_id: string; overdue: string }[]> {
    return this.dataSource.query(
      `SELECT owner_user_id, count(*) AS overdue FROM deadlines
        WHERE state = 'open' AND local_authority_id = $1 AND due_on < $2 AND owner_user_id IS NOT NULL GROUP BY 1`,
      [la, today],
    );
  }

  private caseworkers(la: string): Promise<{ id: string; display_name: string; team: string | null }[]> {
    return this.dataSource.query(`SELECT id, display_name, team FROM users WHERE local_authority_id = $1 AND role = 'caseworker' AND active`, [la]);
  }

  private async ageing(la: string | null, today: IsoDate): Promise<AgeingDto[]> {
    const bands = ageingBandRequestDates(today);
    const params: unknown[] = [OPEN];
    const filters = bands.map((band) => {
      params.push(band.receivedTo);
      const upper = `request_received_on <= $${params.length}`;
      if (band.receivedFrom === null) return `count(*) FILTER (WHERE ${upper}) AS "${band.key}"`;
      params.push(band.receivedFrom);
      return `count(*) FILTER (WHERE ${upper} AND request_received_on >= $${params.length}) AS "${band.key}"`;
    });
    if (la) params.push(la);
    const rows = await this.dataSource.query<Record<string, string>[]>(
      `SELECT status, count(*) AS total, ${filters.join(', ')} FROM assessments WHERE status = ANY($1) ${la ? `AND local_authority_id = $${params.length}` : ''} GROUP BY status`,
      params,
    );
    return rows
      .map((row) => ({ status: row.status, ...Object.fromEntries(AGEING_BANDS.map((b) => [b.key, Number(row[b.key])])), total: Number(row.total) }) as AgeingDto)
      .sort((x, y) => STATUS_ORDER.get(x.status)! - STATUS_ORDER.get(y.status)!);
  }

  private async deadlines(la: string | null, today: IsoDate): Promise<{ overdue: KindCountDto[]; unowned: { total: number; byKind: UnownedKindDto[] } }> {
    const rows = await this.dataSource.query<{ kind: string; overdue: string; unowned: string; unowned_overdue: string }[]>(
      `SELECT kind, count(*) FILTER (WHERE due_on < $1) AS overdue,
              count(*) FILTER (WHERE owner_user_id IS NULL AND owner_organisation_id IS NULL) AS unowned,
              count(*) FILTER (WHERE owner_user_id IS NULL AND owner_organisation_id IS NULL AND due_on < $1) AS unowned_overdue
         FROM deadlines WHERE state = 'open' ${la ? 'AND local_authority_id = $2' : ''} GROUP BY kind ORDER BY kind`,
      la ? [today, la] : [today],
    );
    const unowned = rows.filter((r) => Number(r.unowned) > 0).map((r) => ({ kind: r.kind, count: Number(r.unowned), overdue: Number(r.unowned_overdue) }));
    return {
      overdue: rows.filter((r) => Number(r.overdue) > 0).map((r) => ({ kind: r.kind, count: Number(r.overdue) })),
      unowned: { total: unowned.reduce((n, r) => n + r.count, 0), byKind: unowned },
    };
  }

  /** Per LA counts for national analysts: the same rules, as SQL over request-date cutoffs from the clock. */
  private async nationalByLa(today: IsoDate) {
    const params: unknown[] = [OPEN];
    const conditions = RISK_RULES.map((rule) => {
      params.push([...rule.statuses], riskRequestCutoff(rule, today));
      return `(a.status = ANY($${params.length - 1}) AND a.request_received_on <= $${params.length}${rule.needsOutstandingAdvice ? ` AND ${ADVICE_OUTSTANDING}` : ''})`;
    });
    params.push(today);
    const todayParam = `$${params.length}`;
    const rows = await this.dataSource.query<{ id: string; code: string; name: string; open: string | null; at_risk: string | null; overdue: string | null; unowned: string | null }[]>(
      `WITH cases AS (
         SELECT a.local_authority_id, count(*) AS open, count(*) FILTER (WHERE ${conditions.join(' OR ')}) AS at_risk
           FROM assessments a WHERE a.status = ANY($1) GROUP BY 1),
       due AS (
         SELECT local_authority_id, count(*) FILTER (WHERE due_on < ${todayParam}) AS overdue,
                count(*) FILTER (WHERE owner_user_id IS NULL AND owner_organisation_id IS NULL) AS unowned
           FROM deadlines WHERE state = 'open' GROUP BY 1)
       SELECT l.id, l.code, l.name, c.open, c.at_risk, d.overdue, d.unowned
         FROM local_authorities l LEFT JOIN cases c ON c.local_authority_id = l.id LEFT JOIN due d ON d.local_authority_id = l.id
        ORDER BY l.code`,
      params,
    );
    return rows.map((r) => ({ localAuthorityId: r.id, code: r.code, name: r.name, open: Number(r.open ?? 0), atRisk: Number(r.at_risk ?? 0), overdueDeadlines: Number(r.overdue ?? 0), unownedDeadlines: Number(r.unowned ?? 0) }));
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
      case 'local_authorities':
        return toCsv(['code', 'name', 'open', 'at_risk', 'overdue_deadlines', 'unowned_deadlines'], (report.byLocalAuthority ?? []).map((l) => [l.code, l.name, l.open, l.atRisk, l.overdueDeadlines, l.unownedDeadlines]));
    }
  }
}

function caseload(cases: OpenCaseRow[], atRisk: AtRiskCaseDto[], owners: { owner_user_id: string; overdue: string }[], caseworkers: { id: string; display_name: string; team: string | null }[]): CaseloadDto[] {
  const rows = new Map<string, CaseloadDto>();
  const entry = (id: string | null, name: string | null, team: string | null) => {
    const key = id ?? '';
    if (!rows.has(key)) rows.set(key, { caseworkerId: id, name, team, open: 0, atRisk: 0, overdueDeadlines: 0 });
    return rows.get(key)!;
  };
  for (const c of caseworkers) entry(c.id, c.display_name, c.team);
  for (const c of cases) entry(c.caseworker_id, c.name, c.team).open++;
  for (const c of atRisk) entry(c.caseworkerId, c.caseworkerName, c.team).atRisk++;
  for (const o of owners) {
    const row = rows.get(o.owner_user_id);
    if (row) row.overdueDeadlines = Number(o.overdue);
  }
  return [...rows.values()].sort((x, y) => (x.caseworkerId === null ? 1 : y.caseworkerId === null ? -1 : y.open - x.open || (x.name ?? '').localeCompare(y.name ?? '')));
}
