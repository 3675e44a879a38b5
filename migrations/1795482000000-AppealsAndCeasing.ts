import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Disagreements and endings (issue 14): the appeals register, Tribunal orders and the duties they create (Regs 44,
 * 45), a case reopened by an order (same assessment, same day 0), and ceasing a plan (CFA s45; Regs 29-31).
 */
export class AppealsAndCeasing1795482000000 implements MigrationInterface {
    name = 'AppealsAndCeasing1795482000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "appeal_order_duties" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "appeal_id" uuid NOT NULL, "duty" character varying(24) NOT NULL, "due_on" date NOT NULL, "completed_on" date, "not_applicable" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_7c993300de3036a14ee08cf9b17" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_appeal_order_duties_appeal" ON "appeal_order_duties"  ("appeal_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_appeal_order_duties_order_duty" ON "appeal_order_duties"  ("order_id", "duty") `);
        await queryRunner.query(`CREATE TABLE "appeal_orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "appeal_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "ordered_on" date NOT NULL, "concession" boolean NOT NULL DEFAULT false, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c875222523a1f993f161c27bfa0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_appeal_orders_appeal" ON "appeal_orders"  ("appeal_id") `);
        await queryRunner.query(`CREATE TABLE "appeals" ("id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "child_id" uuid NOT NULL, "assessment_id" uuid NOT NULL, "plan_id" uuid, "subject_type" character varying(16) NOT NULL, "subject_id" uuid NOT NULL, "decision" character varying(24) NOT NULL, "notice_on" date NOT NULL, "section_i_only" boolean NOT NULL DEFAULT false, "mediation_adviser_contacted_on" date, "mediation_requested_on" date, "mediation_held_on" date, "mediation_outcome" character varying(16), "mediation_certificate_on" date, "appeal_deadline" date NOT NULL, "lodged_on" date, "hearing_on" date, "outcome" character varying(16), "outcome_on" date, "created_by_id" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ebd2050a02aa78081b5346152bc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_appeals_assessment" ON "appeals"  ("assessment_id") `);
        await queryRunner.query(`CREATE INDEX "ix_appeals_subject" ON "appeals"  ("subject_id") `);
        await queryRunner.query(`CREATE INDEX "ix_appeals_la_created" ON "appeals"  ("local_authority_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "plan_cease_consultations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "consultee" character varying(16) NOT NULL, "name" character varying(200), "consulted_on" date NOT NULL, "response" character varying(2000), "recorded_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0a16a1422f816d8d7eca169c911" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_plan_cease_consultations_plan" ON "plan_cease_consultations"  ("plan_id") `);
        await queryRunner.query(`CREATE TABLE "plan_cessations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "reason" smallint NOT NULL, "notified_on" date NOT NULL, "appeal_deadline" date NOT NULL, "appeal_lodged" boolean NOT NULL DEFAULT false, "ceases_on" date, "ceased_on" date, "withdrawn_on" date, "withdrawn_reason" character varying(200), "young_person_over18" boolean NOT NULL DEFAULT false, "regs30" jsonb, "decided_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bafbb4ec95424aa417341e76f3c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_plan_cessations_due" ON "plan_cessations"  ("ceases_on") WHERE status = 'ceasing' AND NOT appeal_lodged`);
        await queryRunner.query(`CREATE INDEX "ix_plan_cessations_plan" ON "plan_cessations"  ("plan_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_plan_cessations_live" ON "plan_cessations"  ("plan_id") WHERE status = 'ceasing'`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD "reopened_by_order" character varying(16)`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD "reopened_on" date`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD "reopened_appeal_id" uuid`);
        await queryRunner.query(`ALTER TABLE "appeal_order_duties" ADD CONSTRAINT "fk_appeal_order_duties_order_id" FOREIGN KEY ("order_id") REFERENCES "appeal_orders"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeal_order_duties" ADD CONSTRAINT "fk_appeal_order_duties_appeal_id" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeal_orders" ADD CONSTRAINT "fk_appeal_orders_appeal_id" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeal_orders" ADD CONSTRAINT "fk_appeal_orders_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeal_orders" ADD CONSTRAINT "fk_appeal_orders_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeals" ADD CONSTRAINT "fk_appeals_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeals" ADD CONSTRAINT "fk_appeals_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeals" ADD CONSTRAINT "fk_appeals_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeals" ADD CONSTRAINT "fk_appeals_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeals" ADD CONSTRAINT "fk_appeals_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_cease_consultations" ADD CONSTRAINT "fk_plan_cease_consultations_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_cease_consultations" ADD CONSTRAINT "fk_plan_cease_consultations_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_cease_consultations" ADD CONSTRAINT "fk_plan_cease_consultations_recorded_by_id" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_cessations" ADD CONSTRAINT "fk_plan_cessations_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_cessations" ADD CONSTRAINT "fk_plan_cessations_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_cessations" ADD CONSTRAINT "fk_plan_cessations_decided_by_id" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "plan_cessations" DROP CONSTRAINT "fk_plan_cessations_decided_by_id"`);
        await queryRunner.query(`ALTER TABLE "plan_cessations" DROP CONSTRAINT "fk_plan_cessations_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "plan_cessations" DROP CONSTRAINT "fk_plan_cessations_plan_id"`);
        await queryRunner.query(`ALTER TABLE "plan_cease_consultations" DROP CONSTRAINT "fk_plan_cease_consultations_recorded_by_id"`);
        await queryRunner.query(`ALTER TABLE "plan_cease_consultations" DROP CONSTRAINT "fk_plan_cease_consultations_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "plan_cease_consultations" DROP CONSTRAINT "fk_plan_cease_consultations_plan_id"`);
        await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "fk_appeals_created_by_id"`);
        await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "fk_appeals_plan_id"`);
        await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "fk_appeals_assessment_id"`);
        await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "fk_appeals_child_id"`);
        await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "fk_appeals_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "appeal_orders" DROP CONSTRAINT "fk_appeal_orders_created_by_id"`);
        await queryRunner.query(`ALTER TABLE "appeal_orders" DROP CONSTRAINT "fk_appeal_orders_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "appeal_orders" DROP CONSTRAINT "fk_appeal_orders_appeal_id"`);
        await queryRunner.query(`ALTER TABLE "appeal_order_duties" DROP CONSTRAINT "fk_appeal_order_duties_appeal_id"`);
        await queryRunner.query(`ALTER TABLE "appeal_order_duties" DROP CONSTRAINT "fk_appeal_order_duties_order_id"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "reopened_appeal_id"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "reopened_on"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "reopened_by_order"`);
        await queryRunner.query(`DROP INDEX "public"."ux_plan_cessations_live"`);
        await queryRunner.query(`DROP INDEX "public"."ix_plan_cessations_plan"`);
        await queryRunner.query(`DROP INDEX "public"."ix_plan_cessations_due"`);
        await queryRunner.query(`DROP TABLE "plan_cessations"`);
        await queryRunner.query(`DROP INDEX "public"."ix_plan_cease_consultations_plan"`);
        await queryRunner.query(`DROP TABLE "plan_cease_consultations"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appeals_la_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appeals_subject"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appeals_assessment"`);
        await queryRunner.query(`DROP TABLE "appeals"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appeal_orders_appeal"`);
        await queryRunner.query(`DROP TABLE "appeal_orders"`);
        await queryRunner.query(`DROP INDEX "public"."ux_appeal_order_duties_order_duty"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appeal_order_duties_appeal"`);
        await queryRunner.query(`DROP TABLE "appeal_order_duties"`);
    }

}
