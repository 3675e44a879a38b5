import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The deadlines context (ADR 0007): each deadline names who answers for its case, so reminders and digests no longer
 * read the assessments table to find the caseworker. Filled from each case's current caseworker.
 */
export class DeadlinesContext1795477000000 implements MigrationInterface {
    name = 'DeadlinesContext1795477000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "deadlines" ADD "case_owner_user_id" uuid`);
        await queryRunner.query(`UPDATE deadlines d SET case_owner_user_id = a.caseworker_id FROM assessments a WHERE a.id = d.assessment_id AND a.caseworker_id IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "deadlines" ADD CONSTRAINT "fk_deadlines_case_owner_user_id" FOREIGN KEY ("case_owner_user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "deadlines" DROP CONSTRAINT "fk_deadlines_case_owner_user_id"`);
        await queryRunner.query(`ALTER TABLE "deadlines" DROP COLUMN "case_owner_user_id"`);
    }

}
