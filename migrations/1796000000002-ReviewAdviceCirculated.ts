import { MigrationInterface, QueryRunner } from "typeorm";

/** Issue 24: the advice circulated before a review meeting is a duty of its own (Regs 20(4)), apart from the notice. */
export class ReviewAdviceCirculated1796000000002 implements MigrationInterface {
    name = 'ReviewAdviceCirculated1796000000002'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" ADD "advice_circulated_on" date`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "advice_circulated_on"`);
    }

}
