import { MigrationInterface, QueryRunner } from "typeorm";

export class ReviewOrderedAmendment1795490000000 implements MigrationInterface {
    name = 'ReviewOrderedAmendment1795490000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" ADD "ordered_amendment_on" date`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "ordered_amendment_on"`);
    }

}
