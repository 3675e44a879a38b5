import { MigrationInterface, QueryRunner } from "typeorm";

/** A change of a plan's health commissioning body and the new body's answer (SEND Regulations 2014, reg 16; issue 28). */
export class HealthBodyChanges1796590100000 implements MigrationInterface {
    name = 'HealthBodyChanges1796590100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "health_body_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "from_organisation_id" uuid NOT NULL, "to_organisation_id" uuid NOT NULL, "changed_on" date NOT NULL, "answer" character varying(24), "answered_on" date, "answer_note" text, "answered_by_id" uuid, "ended_on" date, "plan_ended_on" date, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_21d0f15c5b59a8d34549ff14281" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_health_body_changes_plan" ON "health_body_changes"  ("plan_id") `);
        await queryRunner.query(`ALTER TABLE "health_body_changes" ADD CONSTRAINT "fk_health_body_changes_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_body_changes" ADD CONSTRAINT "fk_health_body_changes_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_body_changes" ADD CONSTRAINT "fk_health_body_changes_from_organisation_id" FOREIGN KEY ("from_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_body_changes" ADD CONSTRAINT "fk_health_body_changes_to_organisation_id" FOREIGN KEY ("to_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_body_changes" ADD CONSTRAINT "fk_health_body_changes_answered_by_id" FOREIGN KEY ("answered_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_body_changes" ADD CONSTRAINT "fk_health_body_changes_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "health_body_changes" DROP CONSTRAINT "fk_health_body_changes_created_by_id"`);
        await queryRunner.query(`ALTER TABLE "health_body_changes" DROP CONSTRAINT "fk_health_body_changes_answered_by_id"`);
        await queryRunner.query(`ALTER TABLE "health_body_changes" DROP CONSTRAINT "fk_health_body_changes_to_organisation_id"`);
        await queryRunner.query(`ALTER TABLE "health_body_changes" DROP CONSTRAINT "fk_health_body_changes_from_organisation_id"`);
        await queryRunner.query(`ALTER TABLE "health_body_changes" DROP CONSTRAINT "fk_health_body_changes_plan_id"`);
        await queryRunner.query(`ALTER TABLE "health_body_changes" DROP CONSTRAINT "fk_health_body_changes_local_authority_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_health_body_changes_plan"`);
        await queryRunner.query(`DROP TABLE "health_body_changes"`);
    }

}
