import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What a summary row counts: final plans issued, decisions whether to assess, decisions not to issue. */
export enum SummaryMeasure {
  FinalPlan = 'final_plan',
  DecisionToAssess = 'decision_to_assess',
  NoPlanNotice = 'no_plan_notice',
}

/**
 * The DfE timeliness counts per LA, measure, calendar month and 20-week exceptions flag, kept by a PostgreSQL
 * trigger on `assessments` in the same transaction as every change (docs/adr/0004-report-summaries.md): a report
 * reads a committed plan at once. The day limits are written into the trigger by the migration from the statutory
 * clock. Rows are only read for whole months: the days of a partial month are counted from `assessments` itself.
 */
@Entity({ name: 'report_timeliness_monthly' })
@Index('ix_report_timeliness_monthly_measure_month', ['measure', 'month'])
export class TimelinessSummary {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_report_timeliness_monthly' })
  localAuthorityId: string;

  @PrimaryColumn({ type: 'varchar', length: 24, primaryKeyConstraintName: 'pk_report_timeliness_monthly' })
  measure: SummaryMeasure;

  /** The first day of the month the event (final plan, decision) fell in. */
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'pk_report_timeliness_monthly' })
  month: string;

  @PrimaryColumn({ type: 'boolean', primaryKeyConstraintName: 'pk_report_timeliness_monthly' })
  exceptionsApply: boolean;

  @Column({ type: 'integer', default: 0 })
  cases: number;

  /** Within the limit: 20 weeks for plans, 6 weeks for decisions to assess, 16 weeks for no-plan decisions. */
  @Column({ type: 'integer', default: 0 })
  onTime: number;

  /** Plans only: after 20 weeks and within 52. */
  @Column({ name: 'band_20_to_52_weeks', type: 'integer', default: 0 })
  band20To52Weeks: number;

  /** Plans only: after 52 weeks. */
  @Column({ name: 'band_over_52_weeks', type: 'integer', default: 0 })
  bandOver52Weeks: number;

  /** Sum of days from request to the event (for the average). */
  @Column({ type: 'bigint', default: 0 })
  totalDays: string;
}
