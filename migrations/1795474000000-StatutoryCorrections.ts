import { MigrationInterface, QueryRunner } from "typeorm";
import { ADVICE_DUTY_REGULATION, ADVICE_EXPECTATION_REGULATION, AdviceBinding, adviceBinding, DeadlineKind, DFE_BAND_LIMITS, STATUTORY_RULES } from "../libs/statutory-clock/src";

const WITHIN_20_WEEKS = DFE_BAND_LIMITS.within20WeeksMaxDays;
const WITHIN_52_WEEKS = DFE_BAND_LIMITS.within52WeeksMaxDays;
const DECISION_DAYS = STATUTORY_RULES[DeadlineKind.DecisionToAssess].days!;
const NO_PLAN_DAYS = STATUTORY_RULES[DeadlineKind.NoPlanNotice].days!;

/**
 * Issue 15: the monthly summary (ADR 0004) counts each limit to the day the family was notified (the plan sent), and
 * the 6-week measure by the month the request was received (the DfE cohort), not the month it was decided.
 */
const CONTRIBUTIONS = `
  SELECT r.local_authority_id, 'final_plan' AS measure, date_trunc('month', r.final_issued_on)::date AS month, r.exceptions_apply,
         1 AS cases, (COALESCE(r.final_notified_on, r.final_issued_on) - r.request_received_on <= ${WITHIN_20_WEEKS})::int AS on_time,
         (COALESCE(r.final_notified_on, r.final_issued_on) - r.request_received_on > ${WITHIN_20_WEEKS} AND COALESCE(r.final_notified_on, r.final_issued_on) - r.request_received_on <= ${WITHIN_52_WEEKS})::int AS band_20_to_52_weeks,
         (COALESCE(r.final_notified_on, r.final_issued_on) - r.request_received_on > ${WITHIN_52_WEEKS})::int AS band_over_52_weeks,
         (COALESCE(r.final_notified_on, r.final_issued_on) - r.request_received_on)::bigint AS total_days
    FROM src r WHERE r.final_issued_on IS NOT NULL
  UNION ALL
  SELECT r.local_authority_id, 'decision_to_assess', date_trunc('month', r.request_received_on)::date, r.exceptions_apply,
         1, (COALESCE(r.decision_to_assess_notified_on, r.decision_to_assess_on) - r.request_received_on <= ${DECISION_DAYS})::int, 0, 0,
         (COALESCE(r.decision_to_assess_notified_on, r.decision_to_assess_on) - r.request_received_on)::bigint
    FROM src r WHERE r.decision_to_assess_on IS NOT NULL
  UNION ALL
  SELECT r.local_authority_id, 'no_plan_notice', date_trunc('month', r.decision_to_issue_on)::date, r.exceptions_apply,
         1, (COALESCE(r.decision_to_issue_notified_on, r.decision_to_issue_on) - r.request_received_on <= ${NO_PLAN_DAYS})::int, 0, 0,
         (COALESCE(r.decision_to_issue_notified_on, r.decision_to_issue_on) - r.request_received_on)::bigint
    FROM src r WHERE r.decision_to_issue = 'not_issue' AND r.decision_to_issue_on IS NOT NULL`;

/** The contributions before issue 15 (down). */
const OLD_CONTRIBUTIONS = CONTRIBUTIONS.replace(/COALESCE\(r\.(\w+)_notified_on, r\.(\w+)\)/g, "r.$2").replace("date_trunc('month', r.request_received_on)::date, r.exceptions_apply,\n         1, (r.decision", "date_trunc('month', r.decision_to_assess_on)::date, r.exceptions_apply,\n         1, (r.decision");
const OLD_WATCHED = (row: string) => ["local_authority_id", "request_received_on", "decision_to_assess_on", "decision_to_issue", "decision_to_issue_on", "final_issued_on", "exceptions_apply"].map((column) => `${row}.${column}`).join(", ");

const COLUMNS = `local_authority_id, measure, month, exceptions_apply, cases, on_time, band_20_to_52_weeks, band_over_52_weeks, total_days`;

/** The columns whose change moves an assessment's contribution. */
const WATCHED = (row: string) =>
  ["local_authority_id", "request_received_on", "decision_to_assess_on", "decision_to_assess_notified_on", "decision_to_issue", "decision_to_issue_on", "decision_to_issue_notified_on", "final_issued_on", "final_notified_on", "exceptions_apply"]
    .map((column) => `${row}.${column}`)
    .join(", ");

/** The summary functions of ReportsTeamsSummaries, over the given contributions (up: the corrected ones). */
async function replaceSummaryFunctions(queryRunner: QueryRunner, contributions: string, watched: (row: string) => string): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION report_timeliness_count(a assessments, sign integer) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO report_timeliness_monthly AS s (${COLUMNS})
        SELECT local_authority_id, measure, month, exceptions_apply, sign * cases, sign * on_time, sign * band_20_to_52_weeks, sign * band_over_52_weeks, sign * total_days
          FROM (WITH src AS (SELECT a.*) ${contributions}) c
        ON CONFLICT (local_authority_id, measure, month, exceptions_apply) DO UPDATE SET
          cases = s.cases + EXCLUDED.cases, on_time = s.on_time + EXCLUDED.on_time,
          band_20_to_52_weeks = s.band_20_to_52_weeks + EXCLUDED.band_20_to_52_weeks,
          band_over_52_weeks = s.band_over_52_weeks + EXCLUDED.band_over_52_weeks, total_days = s.total_days + EXCLUDED.total_days;
      END $fn$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION report_timeliness_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        IF TG_OP = 'UPDATE' AND (${watched("OLD")}) IS NOT DISTINCT FROM (${watched("NEW")}) THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM report_timeliness_count(OLD, -1); END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM report_timeliness_count(NEW, 1); END IF;
        RETURN NULL;
      END $fn$`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION report_timeliness_rebuild() RETURNS void LANGUAGE sql AS $fn$
        DELETE FROM report_timeliness_monthly;
        INSERT INTO report_timeliness_monthly (${COLUMNS})
        SELECT local_authority_id, measure, month, exceptions_apply, sum(cases), sum(on_time), sum(band_20_to_52_weeks), sum(band_over_52_weeks), sum(total_days)
          FROM (WITH src AS (SELECT * FROM assessments) ${contributions}) c
         GROUP BY 1, 2, 3, 4;
      $fn$`);
    await queryRunner.query(`SELECT report_timeliness_rebuild()`);
}

export class StatutoryCorrections1795474000000 implements MigrationInterface {
    name = 'StatutoryCorrections1795474000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "school_consultations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assessment_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "school_name" character varying(200) NOT NULL, "organisation_id" uuid, "consulted_on" date NOT NULL, "responded_on" date, "response" character varying(16), "recorded_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a883ba921732b0babfc4ae5a39" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_school_consultations_assessment" ON "school_consultations"  ("assessment_id", "consulted_on") `);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" ADD "advice_request_id" uuid`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" ADD "closure_starts_on" date`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" ADD "reopens_on" date`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" ADD "under_old_rule" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD "decision_to_assess_notified_on" date`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD "decision_to_issue_notified_on" date`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD "draft_served_on" date`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD "representations_meeting_requested" boolean`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD "representations_school_requested" character varying(200)`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD "final_notified_on" date`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" ADD CONSTRAINT "fk_assessment_exceptions_advice_request_id" FOREIGN KEY ("advice_request_id") REFERENCES "advice_requests"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "school_consultations" ADD CONSTRAINT "fk_school_consultations_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "school_consultations" ADD CONSTRAINT "fk_school_consultations_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "school_consultations" ADD CONSTRAINT "fk_school_consultations_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "school_consultations" ADD CONSTRAINT "fk_school_consultations_recorded_by_id" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);

        await replaceSummaryFunctions(queryRunner, CONTRIBUTIONS, WATCHED);
        // The 6-week measure's partial months read requests by the day they were received (index for one LA or all).
        await queryRunner.query(`CREATE INDEX "ix_assessments_report_received" ON "assessments" ("request_received_on") INCLUDE ("local_authority_id", "decision_to_assess_on", "decision_to_assess_notified_on", "exceptions_apply")`);

        // Issue 15, data. Closures recorded under the old rule (any 4-week closure, no advice request) keep their
        // effect on the 20-week flag and are listed for review (GET /assessments?exceptionsToReview=true).
        await queryRunner.query(`UPDATE "assessment_exceptions" SET "under_old_rule" = true WHERE "ground" IN ('institution_closure', 'early_years_closure')`);
        // The family's own advice has no deadline (Regs 6(1)(a)); its reminders go with it (ON DELETE CASCADE).
        await queryRunner.query(`DELETE FROM "deadlines" d USING "advice_requests" r WHERE d."advice_request_id" = r."id" AND r."discipline" = 'parent'`);
        // Who each stored advice deadline binds, from the clock's own rule (adviceBinding), asked once per distinct
        // (discipline, organisation kind); the next recompute of a case rewrites its rows from the clock anyway.
        const pairs: { discipline: string; kind: string | null }[] = await queryRunner.query(
            `SELECT DISTINCT r."discipline", o."kind" FROM "deadlines" d JOIN "advice_requests" r ON r."id" = d."advice_request_id" LEFT JOIN "organisations" o ON o."id" = r."assignee_organisation_id"`,
        );
        for (const { discipline, kind } of pairs) {
            if (adviceBinding(discipline, kind) !== AdviceBinding.Expectation) continue;
            await queryRunner.query(
                `UPDATE "deadlines" d SET "regulation" = $1, "statutory" = false
                   FROM "advice_requests" r LEFT JOIN "organisations" o ON o."id" = r."assignee_organisation_id"
                  WHERE d."advice_request_id" = r."id" AND r."discipline" = $2 AND o."kind" IS NOT DISTINCT FROM $3`,
                [ADVICE_EXPECTATION_REGULATION, discipline, kind],
            );
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_report_received"`);
        await replaceSummaryFunctions(queryRunner, OLD_CONTRIBUTIONS, OLD_WATCHED);
        // The data changes (old-rule marks, parent advice deadlines, advice regulations) are not reversed: the deadlines are recomputed by the clock.
        await queryRunner.query(`UPDATE "deadlines" SET "regulation" = $1, "statutory" = true WHERE "kind" = 'advice'`, [ADVICE_DUTY_REGULATION]);
        await queryRunner.query(`ALTER TABLE "school_consultations" DROP CONSTRAINT "fk_school_consultations_recorded_by_id"`);
        await queryRunner.query(`ALTER TABLE "school_consultations" DROP CONSTRAINT "fk_school_consultations_organisation_id"`);
        await queryRunner.query(`ALTER TABLE "school_consultations" DROP CONSTRAINT "fk_school_consultations_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "school_consultations" DROP CONSTRAINT "fk_school_consultations_assessment_id"`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" DROP CONSTRAINT "fk_assessment_exceptions_advice_request_id"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "final_notified_on"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "representations_school_requested"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "representations_meeting_requested"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "draft_served_on"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "decision_to_issue_notified_on"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "decision_to_assess_notified_on"`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" DROP COLUMN "under_old_rule"`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" DROP COLUMN "reopens_on"`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" DROP COLUMN "closure_starts_on"`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" DROP COLUMN "advice_request_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_school_consultations_assessment"`);
        await queryRunner.query(`DROP TABLE "school_consultations"`);
    }

}
