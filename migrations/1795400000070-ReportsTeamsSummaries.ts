import { MigrationInterface, QueryRunner } from "typeorm";
import { DeadlineKind, DFE_BAND_LIMITS, STATUTORY_RULES } from "../libs/statutory-clock/src";

const WITHIN_20_WEEKS = DFE_BAND_LIMITS.within20WeeksMaxDays;
const WITHIN_52_WEEKS = DFE_BAND_LIMITS.within52WeeksMaxDays;
const DECISION_DAYS = STATUTORY_RULES[DeadlineKind.DecisionToAssess].days!;
const NO_PLAN_DAYS = STATUTORY_RULES[DeadlineKind.NoPlanNotice].days!;

/**
 * The rows one assessment contributes to the monthly summary, as SELECT lists over a row `r` (the trigger) or the
 * table (the rebuild). The limits come from the statutory clock when the migration runs (ADR 0004).
 */
const CONTRIBUTIONS = `
  SELECT r.local_authority_id, 'final_plan' AS measure, date_trunc('month', r.final_issued_on)::date AS month, r.exceptions_apply,
         1 AS cases, (r.final_issued_on - r.request_received_on <= ${WITHIN_20_WEEKS})::int AS on_time,
         (r.final_issued_on - r.request_received_on > ${WITHIN_20_WEEKS} AND r.final_issued_on - r.request_received_on <= ${WITHIN_52_WEEKS})::int AS band_20_to_52_weeks,
         (r.final_issued_on - r.request_received_on > ${WITHIN_52_WEEKS})::int AS band_over_52_weeks,
         (r.final_issued_on - r.request_received_on)::bigint AS total_days
    FROM src r WHERE r.final_issued_on IS NOT NULL
  UNION ALL
  SELECT r.local_authority_id, 'decision_to_assess', date_trunc('month', r.decision_to_assess_on)::date, r.exceptions_apply,
         1, (r.decision_to_assess_on - r.request_received_on <= ${DECISION_DAYS})::int, 0, 0, (r.decision_to_assess_on - r.request_received_on)::bigint
    FROM src r WHERE r.decision_to_assess_on IS NOT NULL
  UNION ALL
  SELECT r.local_authority_id, 'no_plan_notice', date_trunc('month', r.decision_to_issue_on)::date, r.exceptions_apply,
         1, (r.decision_to_issue_on - r.request_received_on <= ${NO_PLAN_DAYS})::int, 0, 0, (r.decision_to_issue_on - r.request_received_on)::bigint
    FROM src r WHERE r.decision_to_issue = 'not_issue' AND r.decision_to_issue_on IS NOT NULL`;

const COLUMNS = `local_authority_id, measure, month, exceptions_apply, cases, on_time, band_20_to_52_weeks, band_over_52_weeks, total_days`;


export class ReportsTeamsSummaries1795400000070 implements MigrationInterface {
    name = 'ReportsTeamsSummaries1795400000070'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "report_timeliness_monthly" ("local_authority_id" uuid NOT NULL, "measure" character varying(24) NOT NULL, "month" date NOT NULL, "exceptions_apply" boolean NOT NULL, "cases" integer NOT NULL DEFAULT '0', "on_time" integer NOT NULL DEFAULT '0', "band_20_to_52_weeks" integer NOT NULL DEFAULT '0', "band_over_52_weeks" integer NOT NULL DEFAULT '0', "total_days" bigint NOT NULL DEFAULT '0', CONSTRAINT "pk_report_timeliness_monthly" PRIMARY KEY ("local_authority_id", "measure", "month", "exceptions_apply"))`);
        await queryRunner.query(`CREATE INDEX "ix_report_timeliness_monthly_measure_month" ON "report_timeliness_monthly"  ("measure", "month") `);
        await queryRunner.query(`ALTER TABLE "users" ADD "team" character varying(100)`);
        await queryRunner.query(`CREATE INDEX "ix_deadlines_open_advice_assessment" ON "deadlines"  ("assessment_id") WHERE state = 'open' AND kind = 'advice'`);
        // By hand (TypeORM cannot express INCLUDE): partial covering indexes for the reports. Date-leading ones serve
        // the partial months of a period (one LA or all of them); the open ones serve the live risk report.
        await queryRunner.query(`CREATE INDEX "ix_assessments_report_issued" ON "assessments" ("final_issued_on") INCLUDE ("local_authority_id", "request_received_on", "exceptions_apply", "caseworker_id") WHERE final_issued_on IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_assessments_report_decided" ON "assessments" ("decision_to_assess_on") INCLUDE ("local_authority_id", "request_received_on") WHERE decision_to_assess_on IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_assessments_report_no_plan" ON "assessments" ("decision_to_issue_on") INCLUDE ("local_authority_id", "request_received_on") WHERE decision_to_issue = 'not_issue'`);
        await queryRunner.query(`CREATE INDEX "ix_assessments_report_open" ON "assessments" ("local_authority_id", "request_received_on") INCLUDE ("status", "caseworker_id", "id") WHERE status IN ('awaiting_decision', 'assessing', 'drafting', 'draft_issued')`);
        await queryRunner.query(`CREATE INDEX "ix_deadlines_report_open" ON "deadlines" ("local_authority_id", "due_on") INCLUDE ("kind", "owner_user_id", "owner_organisation_id", "assessment_id") WHERE state = 'open'`);
        // The summary, kept in the transaction of every change to an assessment (ADR 0004).
        await queryRunner.query(`
          CREATE FUNCTION report_timeliness_count(a assessments, sign integer) RETURNS void LANGUAGE plpgsql AS $fn$
          BEGIN
            INSERT INTO report_timeliness_monthly AS s (${COLUMNS})
            SELECT local_authority_id, measure, month, exceptions_apply, sign * cases, sign * on_time, sign * band_20_to_52_weeks, sign * band_over_52_weeks, sign * total_days
              FROM (WITH src AS (SELECT a.*) ${CONTRIBUTIONS}) c
            ON CONFLICT (local_authority_id, measure, month, exceptions_apply) DO UPDATE SET
              cases = s.cases + EXCLUDED.cases, on_time = s.on_time + EXCLUDED.on_time,
              band_20_to_52_weeks = s.band_20_to_52_weeks + EXCLUDED.band_20_to_52_weeks,
              band_over_52_weeks = s.band_over_52_weeks + EXCLUDED.band_over_52_weeks, total_days = s.total_days + EXCLUDED.total_days;
          END $fn$`);
        await queryRunner.query(`
          CREATE FUNCTION report_timeliness_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
          BEGIN
            IF TG_OP = 'UPDATE' AND (OLD.local_authority_id, OLD.request_received_on, OLD.decision_to_assess_on, OLD.decision_to_issue, OLD.decision_to_issue_on, OLD.final_issued_on, OLD.exceptions_apply)
                IS NOT DISTINCT FROM (NEW.local_authority_id, NEW.request_received_on, NEW.decision_to_assess_on, NEW.decision_to_issue, NEW.decision_to_issue_on, NEW.final_issued_on, NEW.exceptions_apply) THEN
              RETURN NULL;
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM report_timeliness_count(OLD, -1); END IF;
            IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM report_timeliness_count(NEW, 1); END IF;
            RETURN NULL;
          END $fn$`);
        await queryRunner.query(`CREATE TRIGGER trg_assessments_report_timeliness AFTER INSERT OR DELETE OR UPDATE ON assessments FOR EACH ROW EXECUTE FUNCTION report_timeliness_trigger()`);
        // Rebuild from scratch (backfill here; bulk loads such as seed:scale; repair, docs/runbook.md).
        await queryRunner.query(`
          CREATE FUNCTION report_timeliness_rebuild() RETURNS void LANGUAGE sql AS $fn$
            DELETE FROM report_timeliness_monthly;
            INSERT INTO report_timeliness_monthly (${COLUMNS})
            SELECT local_authority_id, measure, month, exceptions_apply, sum(cases), sum(on_time), sum(band_20_to_52_weeks), sum(band_over_52_weeks), sum(total_days)
              FROM (WITH src AS (SELECT * FROM assessments) ${CONTRIBUTIONS}) c
             GROUP BY 1, 2, 3, 4;
          $fn$`);
        await queryRunner.query(`SELECT report_timeliness_rebuild()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER trg_assessments_report_timeliness ON assessments`);
        await queryRunner.query(`DROP FUNCTION report_timeliness_rebuild()`);
        await queryRunner.query(`DROP FUNCTION report_timeliness_trigger()`);
        await queryRunner.query(`DROP FUNCTION report_timeliness_count(assessments, integer)`);
        await queryRunner.query(`DROP INDEX "public"."ix_deadlines_report_open"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_report_open"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_report_no_plan"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_report_decided"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_report_issued"`);
        await queryRunner.query(`DROP INDEX "public"."ix_deadlines_open_advice_assessment"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "team"`);
        await queryRunner.query(`DROP INDEX "public"."ix_report_timeliness_monthly_measure_month"`);
        await queryRunner.query(`DROP TABLE "report_timeliness_monthly"`);
    }

}
