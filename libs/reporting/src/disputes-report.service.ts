import { Inject, Injectable } from '@nestjs/common';
import { Actor, Clock, ValidationFailedError } from '@app/core';
import { AuditService } from '@app/audit';
import { APPEALABLE_DECISIONS, appealStage, CEASE_REASONS, isAfter, ORDER_KINDS, OrderDuty } from '@app/statutory-clock';
import { READ_DATA_SOURCE } from '@app/database';
import { DataSource } from 'typeorm';
import { CsvValue, toCsv } from './csv';
import {
  APPEAL_OUTCOME_KEYS,
  AppealCohortDto,
  AppealOrdersByKindDto,
  AppealableDecisionsDto,
  AppealOutcomesDto,
  AppealsReportDto,
  CeasedPlansReportDto,
  CeaseReasonRowDto,
  LIVE_STAGE_KEYS,
  LiveAppealsDto,
} from './dto/disputes-report.dto';
import { ReportScope } from './report-scope';

interface AppealableRow {
  local_authority_id: string;
  kind: Exclude<keyof AppealableDecisionsDto, 'total'>;
  n: string;
}

const percentOf = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** The appealable decisions of one LA (or every LA: null), by kind, with their total. */
function sumAppealable(rows: AppealableRow[], la: string | null): AppealableDecisionsDto {
  const out: AppealableDecisionsDto = { total: 0, refusalsToAssess: 0, notIssuing: 0, plansIssued: 0, plansAmended: 0, ceases: 0, notAmending: 0 };
  for (const r of rows) {
    if (la !== null && r.local_authority_id !== la) continue;
    out[r.kind] += Number(r.n);
    out.total += Number(r.n);
  }
  return out;
}

const CEASE_CODES = Object.keys(CEASE_REASONS).map(Number).sort((a, b) => a - b);

interface CohortRow {
  local_authority_id: string;
  decision: string;
  registered: string;
  mediation: string;
  certificates: string;
  lodged: string;
  outcome: string | null;
}

const zeroOutcomes = (): AppealOutcomesDto => Object.fromEntries(APPEAL_OUTCOME_KEYS.map((k) => [k, 0])) as unknown as AppealOutcomesDto;
const zeroOrders = (): AppealOrdersByKindDto => Object.fromEntries(ORDER_KINDS.map((k) => [k, 0])) as unknown as AppealOrdersByKindDto;
const zeroCohort = (): AppealCohortDto => ({ registered: 0, wentToMediation: 0, mediationCertificates: 0, lodged: 0, outcomes: zeroOutcomes(), orders: zeroOrders(), concessions: 0 });

/**
 * Disagreements and endings (issue 14), read over the appeals register and the plans' cessations: appeals by decision
 * type, mediation, lodging, outcomes and orders; live appeals by stage and order duties overdue as of today; plans
 * ceased by SEN2 reason. One LA (reports:read) or every LA in aggregate (reports:national). Every read is audited.
 */
@Injectable()
export class DisputesReportService {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The period selects appeals by their decision notice date (`notice_on`, the statutory date the family's 2 months
   * run from), not by the moment the caseworker typed them in. Live stages and overdue duties are as of today,
   * whatever the period.
   */
  async appeals(actor: Actor, scope: ReportScope, from: string, to: string): Promise<AppealsReportDto> {
    if (isAfter(from, to)) throw new ValidationFailedError([{ field: 'to', message: 'to must be on or after from' }]);
    const today = this.clock.today();
    const la = scope.kind === 'local_authority' ? scope.localAuthorityId : null;
    const laFilter = (alias: string, n: number) => (la ? `AND ${alias}.local_authority_id = $${n}` : '');
    const withLa = (params: unknown[]) => (la ? [...params, la] : params);

    const [cohort, orders, live, duties, lodged, decided, appealable] = await Promise.all([
      this.dataSource.query<CohortRow[]>(
        `SELECT ap.local_authority_id, ap.decision, ap.outcome, count(*) AS registered,
                count(*) FILTER (WHERE ap.mediation_requested_on IS NOT NULL OR ap.mediation_held_on IS NOT NULL) AS mediation,
                count(*) FILTER (WHERE ap.mediation_certificate_on IS NOT NULL) AS certificates,
                count(*) FILTER (WHERE ap.lodged_on IS NOT NULL) AS lodged
           FROM appeals ap WHERE ap.notice_on BETWEEN $1 AND $2 ${laFilter('ap', 3)}
          GROUP BY 1, 2, 3`,
        withLa([from, to]),
      ),
      this.dataSource.query<{ decision: string; kind: string; concession: boolean; n: string }[]>(
        `SELECT ap.decision, o.kind, o.concession, count(*) AS n
           FROM appeal_orders o JOIN appeals ap ON ap.id = o.appeal_id
          WHERE ap.notice_on BETWEEN $1 AND $2 ${laFilter('ap', 3)}
          GROUP BY 1, 2, 3`,
        withLa([from, to]),
      ),
      // Grouped by the facts the stage depends on, so the statutory clock's appealStage decides every stage.
      this.dataSource.query<{ local_authority_id: string; appeal_deadline: string; mediation: boolean; lodged: boolean; hearing: boolean; n: string }[]>(
        `SELECT ap.local_authority_id, to_char(ap.appeal_deadline, 'YYYY-MM-DD') AS appeal_deadline,
                (ap.mediation_adviser_contacted_on IS NOT NULL OR ap.mediation_requested_on IS NOT NULL OR ap.mediation_held_on IS NOT NULL OR ap.mediation_certificate_on IS NOT NULL) AS mediation,
                ap.lodged_on IS NOT NULL AS lodged, ap.hearing_on IS NOT NULL AS hearing, count(*) AS n
           FROM appeals ap WHERE ap.outcome IS NULL ${laFilter('ap', 1)}
          GROUP BY 1, 2, 3, 4, 5`,
        withLa([]),
      ),
      this.dataSource.query<{ local_authority_id: string; duty: string; n: string }[]>(
        `SELECT ap.local_authority_id, d.duty, count(*) AS n
           FROM appeal_order_duties d JOIN appeals ap ON ap.id = d.appeal_id
          WHERE d.completed_on IS NULL AND NOT d.not_applicable AND d.due_on < $1 ${laFilter('ap', 2)}
          GROUP BY 1, 2`,
        withLa([today]),
      ),
      this.dataSource.query<{ local_authority_id: string; decision: string; n: string }[]>(
        `SELECT ap.local_authority_id, ap.decision, count(*) AS n FROM appeals ap WHERE ap.lodged_on BETWEEN $1 AND $2 ${laFilter('ap', 3)} GROUP BY 1, 2`,
        withLa([from, to]),
      ),
      this.dataSource.query<{ local_authority_id: string; decision: string; outcome: string; n: string }[]>(
        `SELECT ap.local_authority_id, ap.decision, ap.outcome, count(*) AS n FROM appeals ap
          WHERE ap.outcome IS NOT NULL AND ap.outcome_on BETWEEN $1 AND $2 ${laFilter('ap', 3)} GROUP BY 1, 2, 3`,
        withLa([from, to]),
      ),
      this.appealableDecisions(la, from, to),
    ]);

    const byDecision = new Map(APPEALABLE_DECISIONS.map((d) => [d as string, zeroCohort()]));
    const total = zeroCohort();
    for (const row of cohort) {
      const target = byDecision.get(row.decision) ?? zeroCohort();
      for (const c of [target, total]) {
        c.registered += Number(row.registered);
        c.wentToMediation += Number(row.mediation);
        c.mediationCertificates += Number(row.certificates);
        c.lodged += Number(row.lodged);
        c.outcomes[(row.outcome ?? 'pending') as keyof AppealOutcomesDto] += Number(row.registered);
      }
    }
    for (const row of orders) {
      const target = byDecision.get(row.decision) ?? zeroCohort();
      for (const c of [target, total]) {
        c.orders[row.kind as keyof AppealOrdersByKindDto] += Number(row.n);
        if (row.concession) c.concessions += Number(row.n);
      }
    }

    const liveTotals: LiveAppealsDto = { total: 0, ...(Object.fromEntries(LIVE_STAGE_KEYS.map((k) => [k, 0])) as Omit<LiveAppealsDto, 'total'>) };
    const liveByLa = new Map<string, number>();
    for (const row of live) {
      // Only whether each fact is recorded matters to the stage, not its date.
      const stage = appealStage(
        { appealDeadline: row.appeal_deadline, mediationAdviserContactedOn: row.mediation ? row.appeal_deadline : null, mediationRequestedOn: null, mediationHeldOn: null, mediationCertificateOn: null, lodgedOn: row.lodged ? row.appeal_deadline : null, hearingOn: row.hearing ? row.appeal_deadline : null, outcome: null },
        today,
      );
      if (stage === 'decided') continue; // not reachable: live rows have no outcome
      liveTotals[stage] += Number(row.n);
      liveTotals.total += Number(row.n);
      liveByLa.set(row.local_authority_id, (liveByLa.get(row.local_authority_id) ?? 0) + Number(row.n));
    }

    const dutyCounts = new Map<string, number>();
    const dutiesByLa = new Map<string, number>();
    for (const row of duties) {
      dutyCounts.set(row.duty, (dutyCounts.get(row.duty) ?? 0) + Number(row.n));
      dutiesByLa.set(row.local_authority_id, (dutiesByLa.get(row.local_authority_id) ?? 0) + Number(row.n));
    }

    const countBy = <R extends { n: string }>(rows: R[], key: (r: R) => string) => rows.reduce((m, r) => m.set(key(r), (m.get(key(r)) ?? 0) + Number(r.n)), new Map<string, number>());
    const lodgedByDecision = countBy(lodged, (r) => r.decision);
    const decidedByDecision = countBy(decided, (r) => r.decision);
    const decidedOutcomes = zeroOutcomes();
    for (const r of decided) decidedOutcomes[r.outcome as keyof AppealOutcomesDto] += Number(r.n);
    const atHearing = decidedOutcomes.upheld + decidedOutcomes.partly_upheld + decidedOutcomes.dismissed;
    const forAppellant = decidedOutcomes.upheld + decidedOutcomes.partly_upheld;
    const appealableTotal = sumAppealable(appealable, null);
    const lodgedTotal = [...lodgedByDecision.values()].reduce((a, b) => a + b, 0);
    const report: AppealsReportDto = {
      from,
      to,
      scope: scope.kind,
      asOf: today,
      ...total,
      byDecision: [...byDecision.entries()].map(([decision, c]) => ({ decision, ...c })),
      live: liveTotals,
      overdueDuties: { total: [...dutyCounts.values()].reduce((a, b) => a + b, 0), byDuty: Object.values(OrderDuty).map((duty) => ({ duty, overdue: dutyCounts.get(duty) ?? 0 })) },
      lodgedInPeriod: { total: lodgedTotal, byDecision: APPEALABLE_DECISIONS.map((decision) => ({ decision, appeals: lodgedByDecision.get(decision) ?? 0 })) },
      decidedInPeriod: {
        total: [...decidedByDecision.values()].reduce((a, b) => a + b, 0),
        outcomes: decidedOutcomes,
        byDecision: APPEALABLE_DECISIONS.map((decision) => ({ decision, appeals: decidedByDecision.get(decision) ?? 0 })),
        decidedAtHearing: atHearing,
        foundForAppellant: forAppellant,
        percentFoundForAppellant: percentOf(forAppellant, atHearing),
      },
      appealableDecisions: appealableTotal,
      appealRate: percentOf(lodgedTotal, appealableTotal.total),
    };
    if (scope.kind === 'national') {
      const lodgedByLa = countBy(lodged, (r) => r.local_authority_id);
      const registered = new Map<string, { registered: number; lodged: number }>();
      for (const row of cohort) {
        const r = registered.get(row.local_authority_id) ?? { registered: 0, lodged: 0 };
        r.registered += Number(row.registered);
        r.lodged += Number(row.lodged);
        registered.set(row.local_authority_id, r);
      }
      report.byLocalAuthority = (await this.localAuthorities()).map((l) => ({
        localAuthorityId: l.id,
        code: l.code,
        name: l.name,
        registered: registered.get(l.id)?.registered ?? 0,
        lodged: registered.get(l.id)?.lodged ?? 0,
        live: liveByLa.get(l.id) ?? 0,
        overdueDuties: dutiesByLa.get(l.id) ?? 0,
        lodgedInPeriod: lodgedByLa.get(l.id) ?? 0,
        appealableDecisions: sumAppealable(appealable, l.id).total,
        appealRate: percentOf(lodgedByLa.get(l.id) ?? 0, sumAppealable(appealable, l.id).total),
      }));
    }
    await this.audit.recordRead(actor, { action: 'report.appeals', entityType: 'report', entityId: null, metadata: { from, to, scope: scope.kind } });
    return report;
  }

  /** Plans ceased in the period (by the day they stopped being maintained) by SEN2 reason, and plans ceasing today. */
  async ceasedPlans(actor: Actor, scope: ReportScope, from: string, to: string): Promise<CeasedPlansReportDto> {
    if (isAfter(from, to)) throw new ValidationFailedError([{ field: 'to', message: 'to must be on or after from' }]);
    const la = scope.kind === 'local_authority' ? scope.localAuthorityId : null;
    const rows = await this.dataSource.query<{ local_authority_id: string; reason: number; ceased: string; ceasing: string; appeal_lodged: string }[]>(
      `SELECT c.local_authority_id, c.reason,
              count(*) FILTER (WHERE c.status = 'ceased' AND c.ceased_on BETWEEN $1 AND $2) AS ceased,
              count(*) FILTER (WHERE c.status = 'ceasing') AS ceasing,
              count(*) FILTER (WHERE c.status = 'ceasing' AND c.appeal_lodged) AS appeal_lodged
         FROM plan_cessations c
        WHERE (c.status = 'ceasing' OR (c.status = 'ceased' AND c.ceased_on BETWEEN $1 AND $2)) ${la ? 'AND c.local_authority_id = $3' : ''}
        GROUP BY 1, 2`,
      la ? [from, to, la] : [from, to],
    );
    const reasonRows = (pick: (r: (typeof rows)[number]) => string): CeaseReasonRowDto[] =>
      CEASE_CODES.map((reason) => ({ reason, label: CEASE_REASONS[reason], plans: rows.filter((r) => Number(r.reason) === reason).reduce((n, r) => n + Number(pick(r)), 0) }));
    const sumOf = (pick: (r: (typeof rows)[number]) => string, laId?: string) => rows.filter((r) => laId === undefined || r.local_authority_id === laId).reduce((n, r) => n + Number(pick(r)), 0);
    const report: CeasedPlansReportDto = {
      from,
      to,
      scope: scope.kind,
      asOf: this.clock.today(),
      ceased: { total: sumOf((r) => r.ceased), byReason: reasonRows((r) => r.ceased) },
      ceasingNow: { total: sumOf((r) => r.ceasing), byReason: reasonRows((r) => r.ceasing), appealLodged: sumOf((r) => r.appeal_lodged) },
    };
    if (scope.kind === 'national') {
      report.byLocalAuthority = (await this.localAuthorities()).map((l) => ({ localAuthorityId: l.id, code: l.code, name: l.name, ceased: sumOf((r) => r.ceased, l.id), ceasingNow: sumOf((r) => r.ceasing, l.id) }));
    }
    await this.audit.recordRead(actor, { action: 'report.ceased_plans', entityType: 'report', entityId: null, metadata: { from, to, scope: scope.kind } });
    return report;
  }

  /**
   * Appealable decisions notified in the period (the appeal rate's denominator), by kind and LA: refusals to assess and
   * decisions not to issue by the day the family was notified (the decision's date when not recorded), final plans
   * issued, amended plans issued after a review, decisions to cease (notified) and review decisions not to amend.
   */
  private appealableDecisions(la: string | null, from: string, to: string): Promise<AppealableRow[]> {
    const and = (alias: string) => (la ? `AND ${alias}.local_authority_id = $3` : '');
    return this.dataSource.query<AppealableRow[]>(
      `SELECT a.local_authority_id, 'refusalsToAssess' AS kind, count(*) AS n FROM assessments a
        WHERE a.decision_to_assess = 'refuse' AND COALESCE(a.decision_to_assess_notified_on, a.decision_to_assess_on) BETWEEN $1 AND $2 ${and('a')} GROUP BY 1
       UNION ALL
       SELECT a.local_authority_id, 'notIssuing', count(*) FROM assessments a
        WHERE a.decision_to_issue = 'not_issue' AND COALESCE(a.decision_to_issue_notified_on, a.decision_to_issue_on) BETWEEN $1 AND $2 ${and('a')} GROUP BY 1
       UNION ALL
       SELECT a.local_authority_id, 'plansIssued', count(*) FROM assessments a WHERE a.final_issued_on BETWEEN $1 AND $2 ${and('a')} GROUP BY 1
       UNION ALL
       SELECT r.local_authority_id, 'plansAmended', count(*) FROM reviews r WHERE r.amended_plan_issued_on BETWEEN $1 AND $2 ${and('r')} GROUP BY 1
       UNION ALL
       SELECT r.local_authority_id, 'notAmending', count(*) FROM reviews r WHERE r.decision = 'maintain' AND r.decision_notified_on BETWEEN $1 AND $2 ${and('r')} GROUP BY 1
       UNION ALL
       SELECT c.local_authority_id, 'ceases', count(*) FROM plan_cessations c WHERE c.notified_on BETWEEN $1 AND $2 ${and('c')} GROUP BY 1`,
      la ? [from, to, la] : [from, to],
    );
  }

  private localAuthorities(): Promise<{ id: string; code: string; name: string }[]> {
    return this.dataSource.query(`SELECT id, code, name FROM local_authorities ORDER BY code`);
  }
}

/** The appeals report as CSV, one figure a row: `section, group, item, count` (nationally, then one row set per LA). */
export function appealsCsv(report: AppealsReportDto): string {
  const rows: CsvValue[][] = [];
  const cohort = (group: string, c: AppealCohortDto) => {
    rows.push(['registered', group, 'registered', c.registered], ['registered', group, 'went_to_mediation', c.wentToMediation], ['registered', group, 'mediation_certificates', c.mediationCertificates], ['registered', group, 'lodged', c.lodged]);
    for (const k of APPEAL_OUTCOME_KEYS) rows.push(['outcome', group, k, c.outcomes[k]]);
    for (const k of ORDER_KINDS) rows.push(['order', group, k, c.orders[k as keyof AppealOrdersByKindDto]]);
    rows.push(['order', group, 'concessions', c.concessions]);
  };
  cohort('all', report);
  for (const d of report.byDecision) cohort(d.decision, d);
  rows.push(['live', 'all', 'total', report.live.total]);
  for (const k of LIVE_STAGE_KEYS) rows.push(['live', 'all', k, report.live[k]]);
  rows.push(['lodged_in_period', 'all', 'total', report.lodgedInPeriod.total]);
  for (const d of report.lodgedInPeriod.byDecision) rows.push(['lodged_in_period', d.decision, 'lodged', d.appeals]);
  rows.push(['decided_in_period', 'all', 'total', report.decidedInPeriod.total]);
  for (const k of APPEAL_OUTCOME_KEYS) if (k !== 'pending') rows.push(['decided_in_period', 'all', k, report.decidedInPeriod.outcomes[k]]);
  for (const d of report.decidedInPeriod.byDecision) rows.push(['decided_in_period', d.decision, 'decided', d.appeals]);
  rows.push(
    ['decided_in_period', 'all', 'decided_at_hearing', report.decidedInPeriod.decidedAtHearing],
    ['decided_in_period', 'all', 'found_for_appellant', report.decidedInPeriod.foundForAppellant],
    ['decided_in_period', 'all', 'percent_found_for_appellant', report.decidedInPeriod.percentFoundForAppellant],
  );
  for (const [k, v] of Object.entries(report.appealableDecisions)) rows.push(['appealable_decisions', 'all', k, v]);
  rows.push(['appeal_rate', 'all', 'percent_lodged_over_appealable', report.appealRate]);
  rows.push(['overdue_duties', 'all', 'total', report.overdueDuties.total]);
  for (const d of report.overdueDuties.byDuty) rows.push(['overdue_duties', 'all', d.duty, d.overdue]);
  for (const l of report.byLocalAuthority ?? []) {
    const group = `${l.code} ${l.name}`;
    rows.push(['local_authority', group, 'registered', l.registered], ['local_authority', group, 'lodged', l.lodged], ['local_authority', group, 'live', l.live], ['local_authority', group, 'overdue_duties', l.overdueDuties]);
  }
  return toCsv(['section', 'group', 'item', 'count'], rows);
}

/** The ceased-plans report as CSV: `section, reason, label, plans` (nationally, then one row per LA). */
export function ceasedPlansCsv(report: CeasedPlansReportDto): string {
  const rows: CsvValue[][] = [];
  for (const r of report.ceased.byReason) rows.push(['ceased', r.reason, r.label, r.plans]);
  rows.push(['ceased', 'total', 'all reasons', report.ceased.total]);
  for (const r of report.ceasingNow.byReason) rows.push(['ceasing_now', r.reason, r.label, r.plans]);
  rows.push(['ceasing_now', 'total', 'all reasons', report.ceasingNow.total], ['ceasing_now', 'appeal_lodged', 'held by an appeal against the cease', report.ceasingNow.appealLodged]);
  for (const l of report.byLocalAuthority ?? []) rows.push(['local_authority_ceased', l.code, l.name, l.ceased], ['local_authority_ceasing_now', l.code, l.name, l.ceasingNow]);
  return toCsv(['section', 'reason', 'label', 'plans'], rows);
}
