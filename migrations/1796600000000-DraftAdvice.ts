import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What a draft plan went out with: advice not sought (with the documented reason) and advice outstanding; who agreed
 * to reuse existing advice under Regs 6(4) (issue 24, point 13).
 */
export class DraftAdvice1796600000000 implements MigrationInterface {
    name = 'DraftAdvice1796600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "assessments" ADD "draft_advice" jsonb`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "adviser_name" character varying(200)`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "family_agreed_by" character varying(200)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "family_agreed_by"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "adviser_name"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "draft_advice"`);
    }

}
