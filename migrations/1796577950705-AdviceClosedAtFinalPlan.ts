import { MigrationInterface, QueryRunner } from "typeorm";

/** Advice still owed when the final plan is issued is closed with a reason (issue 24, point 13). */
export class AdviceClosedAtFinalPlan1796577950705 implements MigrationInterface {
    name = 'AdviceClosedAtFinalPlan1796577950705'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "cancellation_reason" character varying(500)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "cancellation_reason"`);
    }

}
