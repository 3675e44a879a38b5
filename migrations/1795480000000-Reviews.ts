import { MigrationInterface, QueryRunner } from "typeorm";

export class Reviews1795480000000 implements MigrationInterface {
    name = 'Reviews1795480000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "review_schedules" ("plan_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "child_id" uuid NOT NULL, "assessment_id" uuid NOT NULL, "first_issued_on" date NOT NULL, "current_cycle_starts_on" date NOT NULL, "current_cycle_due_on" date NOT NULL, "interval_months" smallint NOT NULL DEFAULT '12', "phase_transfer_kind" character varying(24), "phase_transfer_on" date, "year_group_override" smallint, "ended_on" date, "deadlines_synced" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_review_schedules" PRIMARY KEY ("plan_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_review_schedules_active_due" ON "review_schedules"  ("current_cycle_due_on") WHERE ended_on IS NULL`);
        await queryRunner.query(`CREATE INDEX "ix_review_schedules_la_transfer" ON "review_schedules"  ("local_authority_id", "phase_transfer_on") WHERE phase_transfer_on IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "reviews" ("id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "child_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "cycle_starts_on" date NOT NULL, "cycle_due_on" date NOT NULL, "interval_months" smallint NOT NULL DEFAULT '12', "opened_on" date NOT NULL, "scheduled_on" date, "meeting_on" date, "held_on" date, "invitations_sent_on" date, "report_issued_on" date, "year_group" smallint, "preparing_for_adulthood" boolean NOT NULL DEFAULT false, "decision" character varying(8), "decision_notified_on" date, "proposed_changes" text, "representations_received_on" date, "amended_plan_issued_on" date, "amended_plan_version" integer, "created_by_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_reviews" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_reviews_scheduled_meeting" ON "reviews"  ("meeting_on") WHERE status = 'scheduled'`);
        await queryRunner.query(`CREATE INDEX "ix_reviews_la_meeting" ON "reviews"  ("local_authority_id", "meeting_on") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_reviews_plan_unfinished" ON "reviews"  ("plan_id") WHERE status IN ('opened', 'scheduled', 'held')`);
        await queryRunner.query(`CREATE INDEX "ix_reviews_plan" ON "reviews"  ("plan_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "review_schedules" ADD CONSTRAINT "fk_review_schedules_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_schedules" ADD CONSTRAINT "fk_review_schedules_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_schedules" ADD CONSTRAINT "fk_review_schedules_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_schedules" ADD CONSTRAINT "fk_review_schedules_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reviews" ADD CONSTRAINT "fk_reviews_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reviews" ADD CONSTRAINT "fk_reviews_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reviews" ADD CONSTRAINT "fk_reviews_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reviews" ADD CONSTRAINT "fk_reviews_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        // Plans issued before reviews existed get a schedule from their final issue date. Only the statutory clock
        // computes dates, so the review period is a placeholder here (deadlines_synced = false): the worker's first
        // reviews pass (at start) computes it, the plan's deadlines and its next review date.
        await queryRunner.query(`INSERT INTO "review_schedules" ("plan_id", "local_authority_id", "child_id", "assessment_id", "first_issued_on", "current_cycle_starts_on", "current_cycle_due_on", "deadlines_synced")
            SELECT "id", "local_authority_id", "child_id", "assessment_id", "final_issued_on", "final_issued_on", "final_issued_on", false FROM "plans" WHERE "final_issued_on" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "fk_reviews_created_by_id"`);
        await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "fk_reviews_child_id"`);
        await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "fk_reviews_plan_id"`);
        await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "fk_reviews_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "review_schedules" DROP CONSTRAINT "fk_review_schedules_assessment_id"`);
        await queryRunner.query(`ALTER TABLE "review_schedules" DROP CONSTRAINT "fk_review_schedules_child_id"`);
        await queryRunner.query(`ALTER TABLE "review_schedules" DROP CONSTRAINT "fk_review_schedules_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "review_schedules" DROP CONSTRAINT "fk_review_schedules_plan_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_reviews_plan"`);
        await queryRunner.query(`DROP INDEX "public"."ux_reviews_plan_unfinished"`);
        await queryRunner.query(`DROP INDEX "public"."ix_reviews_la_meeting"`);
        await queryRunner.query(`DROP INDEX "public"."ix_reviews_scheduled_meeting"`);
        await queryRunner.query(`DROP TABLE "reviews"`);
        await queryRunner.query(`DROP INDEX "public"."ix_review_schedules_la_transfer"`);
        await queryRunner.query(`DROP INDEX "public"."ix_review_schedules_active_due"`);
        await queryRunner.query(`DROP TABLE "review_schedules"`);
    }

}
