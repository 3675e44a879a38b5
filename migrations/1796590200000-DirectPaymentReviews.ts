import { MigrationInterface, QueryRunner } from "typeorm";

/** The direct payment in section J reviewed at each annual review (CFA s49; issue 28). */
export class DirectPaymentReviews1796590200000 implements MigrationInterface {
    name = 'DirectPaymentReviews1796590200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" ADD "direct_payment_in_plan" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "reviews" ADD "direct_payment_reviewed_on" date`);
        await queryRunner.query(`ALTER TABLE "reviews" ADD "direct_payment_notes" text`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "direct_payment_notes"`);
        await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "direct_payment_reviewed_on"`);
        await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "direct_payment_in_plan"`);
    }

}
