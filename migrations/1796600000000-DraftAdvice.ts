import { MigrationInterface, QueryRunner } from "typeorm";

/** What a draft plan went out with: advice not sought (with the documented reason) and advice outstanding (issue 24, point 13). */
export class DraftAdvice1796600000000 implements MigrationInterface {
    name = 'DraftAdvice1796600000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "assessments" ADD "draft_advice" jsonb`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "draft_advice"`);
    }

}
