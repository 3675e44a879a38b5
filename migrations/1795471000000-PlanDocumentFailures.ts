import { MigrationInterface, QueryRunner } from "typeorm";

/** Why a plan document's rendering failed, for documents given up after PDF_RENDER_MAX_ATTEMPTS (status 'failed'). */
export class PlanDocumentFailures1795471000000 implements MigrationInterface {
    name = 'PlanDocumentFailures1795471000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "plan_documents" ADD "failure_kind" character varying(16)`);
        await queryRunner.query(`ALTER TABLE "plan_documents" ADD "failure_reason" character varying(500)`);
        await queryRunner.query(`ALTER TABLE "plan_documents" ADD "failed_at" TIMESTAMP WITH TIME ZONE`);
        // Attempts now cap retries: documents still pending (such as the one that looped before this change) get a
        // fresh count with the bounded renderer instead of being given up at once.
        await queryRunner.query(`UPDATE "plan_documents" SET "attempts" = 0 WHERE "status" = 'pending'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // The code before this migration knows no 'failed' status: such documents go back to pending.
        await queryRunner.query(`UPDATE "plan_documents" SET "status" = 'pending' WHERE "status" = 'failed'`);
        await queryRunner.query(`ALTER TABLE "plan_documents" DROP COLUMN "failed_at"`);
        await queryRunner.query(`ALTER TABLE "plan_documents" DROP COLUMN "failure_reason"`);
        await queryRunner.query(`ALTER TABLE "plan_documents" DROP COLUMN "failure_kind"`);
    }

}
