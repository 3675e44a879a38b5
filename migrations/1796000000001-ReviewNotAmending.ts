import { MigrationInterface, QueryRunner } from "typeorm";

/** Issue 24: the LA may decide, after proposing amendments, not to amend after all (Regs 22(4)). */
export class ReviewNotAmending1796000000001 implements MigrationInterface {
    name = 'ReviewNotAmending1796000000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" ADD "not_amending_notified_on" date`);
        await queryRunner.query(`ALTER TABLE "reviews" ADD "not_amending_reasons" text`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "not_amending_reasons"`);
        await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "not_amending_notified_on"`);
    }

}
