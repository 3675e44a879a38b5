import { MigrationInterface, QueryRunner } from "typeorm";

/** Across boundaries (issue 28): HealthAndSocialCare. */
export class HealthAndSocialCare1796400002000 implements MigrationInterface {
    name = 'HealthAndSocialCare1796400002000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "body_notices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "assessment_id" uuid NOT NULL, "body" character varying(12) NOT NULL, "event" character varying(24) NOT NULL, "notified_on" date NOT NULL, "addressee" jsonb, "regulation" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e0a39698da319d91459e6499098" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_body_notices_assessment_body_event" ON "body_notices"  ("assessment_id", "body", "event")`);
        await queryRunner.query(`CREATE TABLE "designated_officers" ("local_authority_id" uuid NOT NULL, "dco" jsonb, "dsco" jsonb, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_designated_officers" PRIMARY KEY ("local_authority_id"))`);
        await queryRunner.query(`CREATE TABLE "health_sign_offs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "kind" character varying(12) NOT NULL, "organisation_id" uuid, "agreed_on" date NOT NULL, "section_g_sha256" character varying(64) NOT NULL, "override_reason" character varying(2000), "signed_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_71525f571c9acf857a81242c835" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_health_sign_offs_plan" ON "health_sign_offs"  ("plan_id", "created_at")`);
        await queryRunner.query(`CREATE TABLE "plan_health_bodies" ("plan_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_plan_health_bodies" PRIMARY KEY ("plan_id"))`);
        await queryRunner.query(`ALTER TABLE "body_notices" ADD CONSTRAINT "fk_body_notices_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "body_notices" ADD CONSTRAINT "fk_body_notices_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "designated_officers" ADD CONSTRAINT "fk_designated_officers_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_sign_offs" ADD CONSTRAINT "fk_health_sign_offs_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_sign_offs" ADD CONSTRAINT "fk_health_sign_offs_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_sign_offs" ADD CONSTRAINT "fk_health_sign_offs_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "health_sign_offs" ADD CONSTRAINT "fk_health_sign_offs_signed_by_id" FOREIGN KEY ("signed_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_health_bodies" ADD CONSTRAINT "fk_plan_health_bodies_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_health_bodies" ADD CONSTRAINT "fk_plan_health_bodies_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_health_bodies" ADD CONSTRAINT "fk_plan_health_bodies_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "plan_health_bodies"`);
        await queryRunner.query(`DROP TABLE "health_sign_offs"`);
        await queryRunner.query(`DROP TABLE "designated_officers"`);
        await queryRunner.query(`DROP TABLE "body_notices"`);
    }

}
