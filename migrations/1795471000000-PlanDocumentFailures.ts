import { MigrationInterface, QueryRunner } from "typeorm";

/** Why a plan document's rendering failed, for documents given up after PDF_RENDER_MAX_ATTEMPTS (status 'failed'). */
export class PlanDocumentFailures1795471000000 implements MigrationInterface {
    name = 'PlanDocumentFailures1795471000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "plan_documents" ADD "failure_kind" character varying(16)`);
        await queryRunner.query(`ALTER TABLE "plan_documents" ADD "failure_reason" character varying(500)`);
        await queryRunner.query(`ALTER TABLE "plan_documents" ADD "failed_at" TIMESTAMP WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "plan_documents" DROP COLUMN "failed_at"`);
        await queryRunner.query(`ALTER TABLE "plan_documents" DROP COLUMN "failure_reason"`);
        await queryRunner.query(`ALTER TABLE "plan_documents" DROP COLUMN "failure_kind"`);
    }

}
