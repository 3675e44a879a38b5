import { MigrationInterface, QueryRunner } from "typeorm";

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

        // Issue 15, data. Closures recorded under the old rule (any 4-week closure, no advice request) keep their
        // effect on the 20-week flag and are listed for review (GET /assessments?exceptionsToReview=true).
        await queryRunner.query(`UPDATE "assessment_exceptions" SET "under_old_rule" = true WHERE "ground" IN ('institution_closure', 'early_years_closure')`);
        // The family's own advice has no deadline (Regs 6(1)(a)); its reminders go with it (ON DELETE CASCADE).
        await queryRunner.query(`DELETE FROM "deadlines" d USING "advice_requests" r WHERE d."advice_request_id" = r."id" AND r."discipline" = 'parent'`);
        // A one-off snapshot of statutory-clock adviceBinding for the stored rows (the next recompute of a case
        // rewrites them from the clock): the 6 weeks bind only s31 bodies; schools and LA services get CoP 9.52.
        await queryRunner.query(
            `UPDATE "deadlines" d SET "regulation" = 'SEND Code of Practice 2015, para 9.52', "statutory" = false
               FROM "advice_requests" r LEFT JOIN "organisations" o ON o."id" = r."assignee_organisation_id"
              WHERE d."advice_request_id" = r."id"
                AND NOT (o."kind" = 'nhs_body' OR (r."discipline" = 'health' AND (o."kind" IS NULL OR o."kind" = 'other')))`,
        );
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // The data changes (old-rule marks, parent advice deadlines, advice regulations) are not reversed: the deadlines are recomputed by the clock.
        await queryRunner.query(`UPDATE "deadlines" SET "regulation" = 'SEND Regulations 2014, reg 8(1)', "statutory" = true WHERE "kind" = 'advice'`);
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
