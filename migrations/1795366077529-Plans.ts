import { MigrationInterface, QueryRunner } from "typeorm";

export class Plans1795366077529 implements MigrationInterface {
    name = 'Plans1795366077529'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "plan_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "version_number" integer NOT NULL, "status" character varying(16) NOT NULL, "content" bytea, "sha256" character varying(64), "size_bytes" integer, "page_count" integer, "attempts" integer NOT NULL DEFAULT '0', "rendered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_98412122461ae65cd1f46834c95" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_plan_documents_pending" ON "plan_documents"  ("created_at") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_plan_documents_plan_version" ON "plan_documents"  ("plan_id", "version_number") `);
        await queryRunner.query(`CREATE TABLE "plan_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "number" integer NOT NULL, "stage" character varying(8) NOT NULL, "issued_on" date NOT NULL, "sections" jsonb NOT NULL, "child" jsonb NOT NULL, "issued_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dd2f605d45f2679a86a7c1c5b20" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_plan_versions_plan_number" ON "plan_versions"  ("plan_id", "number") `);
        await queryRunner.query(`CREATE TABLE "plans" ("id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "child_id" uuid NOT NULL, "assessment_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "sections" jsonb NOT NULL, "latest_version_number" integer NOT NULL DEFAULT '0', "final_issued_on" date, "next_review_due_on" date, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3720521a81c7c24fe9b7202ba61" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_plans_la_child" ON "plans"  ("local_authority_id", "child_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_plans_assessment" ON "plans"  ("assessment_id") `);
        await queryRunner.query(`ALTER TABLE "plan_documents" ADD CONSTRAINT "fk_plan_documents_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_documents" ADD CONSTRAINT "fk_plan_documents_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_versions" ADD CONSTRAINT "fk_plan_versions_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_versions" ADD CONSTRAINT "fk_plan_versions_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plan_versions" ADD CONSTRAINT "fk_plan_versions_issued_by_id" FOREIGN KEY ("issued_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plans" ADD CONSTRAINT "fk_plans_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plans" ADD CONSTRAINT "fk_plans_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "plans" ADD CONSTRAINT "fk_plans_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "plans" DROP CONSTRAINT "fk_plans_assessment_id"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP CONSTRAINT "fk_plans_child_id"`);
        await queryRunner.query(`ALTER TABLE "plans" DROP CONSTRAINT "fk_plans_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "plan_versions" DROP CONSTRAINT "fk_plan_versions_issued_by_id"`);
        await queryRunner.query(`ALTER TABLE "plan_versions" DROP CONSTRAINT "fk_plan_versions_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "plan_versions" DROP CONSTRAINT "fk_plan_versions_plan_id"`);
        await queryRunner.query(`ALTER TABLE "plan_documents" DROP CONSTRAINT "fk_plan_documents_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "plan_documents" DROP CONSTRAINT "fk_plan_documents_plan_id"`);
        await queryRunner.query(`DROP INDEX "public"."ux_plans_assessment"`);
        await queryRunner.query(`DROP INDEX "public"."ix_plans_la_child"`);
        await queryRunner.query(`DROP TABLE "plans"`);
        await queryRunner.query(`DROP INDEX "public"."ux_plan_versions_plan_number"`);
        await queryRunner.query(`DROP TABLE "plan_versions"`);
        await queryRunner.query(`DROP INDEX "public"."ux_plan_documents_plan_version"`);
        await queryRunner.query(`DROP INDEX "public"."ix_plan_documents_pending"`);
        await queryRunner.query(`DROP TABLE "plan_documents"`);
    }

}
