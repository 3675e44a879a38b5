import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, ValidationFailedError } from '@app/core';
import { AuditService } from '@app/audit';
import { DeadlineKind, DFE_BAND_LIMITS, isAfter, STATUTORY_RULES } from '@app/statutory-clock';
import { DataSource } from 'typeorm';
import { DecisionShareDto, ShareDto, TimelinessPeriodDto, TimelinessReportDto } from './dto/timeliness.dto';

interface PeriodRow {
  month: string | null;
  plans: string;
  within: string;
  plans_excl: string;
  within_excl: string;
  with_exceptions: string;
  band_20_52: string;
  over_52: string;
  avg_days: string | null;
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/**
 * The DfE timeliness measures (statutory-rules.md section 7) for the caller's local authority. The day limits come
 * from the statutory clock (STATUTORY_RULES, DFE_BAND_LIMITS) and are passed to SQL as parameters: the rule has one
 * home, and the counting runs where the data is.
 */
@Injectable()
export class TimelinessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async report(actor: Actor, from: string, to: string): Promise<TimelinessReportDto> {
    if (isAfter(from, to)) throw new ValidationFailedError([{ field: 'to', message: 'to must be on or after from' }]);
    const params = [actor.localAuthorityId, from, to, DFE_BAND_LIMITS.within20WeeksMaxDays, DFE_BAND_LIMITS.within52WeeksMaxDays];
    const measures = `
      count(*) AS plans,
      count(*) FILTER (WHERE final_issued_on - request_received_on <= $4) AS within,
      count(*) FILTER (WHERE NOT exceptions_apply) AS plans_excl,
      count(*) FILTER (WHERE NOT exceptions_apply AND final_issued_on - request_received_on <= $4) AS within_excl,
      count(*) FILTER (WHERE exceptions_apply) AS with_exceptions,
      count(*) FILTER (WHERE final_issued_on - request_received_on > $4 AND final_issued_on - request_received_on <= $5) AS band_20_52,
      count(*) FILTER (WHERE final_issued_on - request_received_on > $5) AS over_52,
      avg(final_issued_on - request_received_on) AS avg_days`;
    const issued = `FROM assessments WHERE local_authority_id = $1 AND final_issued_on BETWEEN $2 AND $3`;
    const [total] = await this.dataSource.query<PeriodRow[]>(`SELECT NULL AS month, ${measures} ${issued}`, params);
    const months = await this.dataSource.query<PeriodRow[]>(`SELECT to_char(final_issued_on, 'YYYY-MM') AS month, ${measures} ${issued} GROUP BY 1 ORDER BY 1`, params);
    const [decisions] = await this.dataSource.query<{ decided: string; on_time: string }[]>(
      `SELECT count(*) AS decided, count(*) FILTER (WHERE decision_to_assess_on - request_received_on <= $4) AS on_time
         FROM assessments WHERE local_authority_id = $1 AND decision_to_assess_on BETWEEN $2 AND $3`,
      [actor.localAuthorityId, from, to, STATUTORY_RULES[DeadlineKind.DecisionToAssess].days],
    );
    const [noPlans] = await this.dataSource.query<{ decided: string; on_time: string }[]>(
      `SELECT count(*) AS decided, count(*) FILTER (WHERE decision_to_issue_on - request_received_on <= $4) AS on_time
         FROM assessments WHERE local_authority_id = $1 AND decision_to_issue = 'not_issue' AND decision_to_issue_on BETWEEN $2 AND $3`,
      [actor.localAuthorityId, from, to, STATUTORY_RULES[DeadlineKind.NoPlanNotice].days],
    );
    await this.audit.recordRead(actor, { action: 'report.timeliness', entityType: 'report', entityId: null, metadata: { from, to } });
    return {
      from,
      to,
      ...period(total),
      byMonth: months.map((row) => ({ month: row.month!, ...period(row) })),
      decisionsWithin6Weeks: share(decisions),
      noPlanNoticesWithin16Weeks: share(noPlans),
    };
  }

  /** The report as CSV: one row for the period and one per month. */
  toCsv(report: TimelinessReportDto): string {
    const header = ['period', 'plans_issued', 'within_20_weeks', 'percent_within_20_weeks', 'plans_issued_excluding_exceptions', 'within_20_weeks_excluding_exceptions', 'percent_within_20_weeks_excluding_exceptions', 'with_exceptions', 'from_20_to_52_weeks', 'over_52_weeks', 'average_weeks_to_issue'];
    const line = (label: string, p: TimelinessPeriodDto) =>
      [label, p.plansIssued, p.within20Weeks, p.percentWithin20Weeks, p.excludingExceptions.plansIssued, p.excludingExceptions.within20Weeks, p.excludingExceptions.percentWithin20Weeks, p.withExceptions, p.from20To52Weeks, p.over52Weeks, p.averageWeeksToIssue]
        .map((v) => (v === null ? '' : String(v)))
        .join(',');
    return [header.join(','), line(`${report.from}..${report.to}`, report), ...report.byMonth.map((m) => line(m.month, m))].join('\r\n') + '\r\n';
  }
}

function period(row: PeriodRow): TimelinessPeriodDto {
  const plans = Number(row.plans);
  const within = Number(row.within);
  const excluded: ShareDto = { plansIssued: Number(row.plans_excl), within20Weeks: Number(row.within_excl), percentWithin20Weeks: percent(Number(row.within_excl), Number(row.plans_excl)) };
  return {
    plansIssued: plans,
    within20Weeks: within,
    percentWithin20Weeks: percent(within, plans),
    excludingExceptions: excluded,
    withExceptions: Number(row.with_exceptions),
    from20To52Weeks: Number(row.band_20_52),
    over52Weeks: Number(row.over_52),
    averageWeeksToIssue: row.avg_days === null ? null : Math.round((Number(row.avg_days) / 7) * 10) / 10,
  };
}

function share(row: { decided: string; on_time: string }): DecisionShareDto {
  const decided = Number(row.decided);
  const onTime = Number(row.on_time);
  return { decided, onTime, percentOnTime: percent(onTime, decided) };
}
