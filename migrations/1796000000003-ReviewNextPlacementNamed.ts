import { MigrationInterface, QueryRunner } from "typeorm";

/** Issue 24: a review recording that no amendment is needed because the plan names the next placement (Regs 18). */
export class ReviewNextPlacementNamed1796000000003 implements MigrationInterface {
    name = 'ReviewNextPlacementNamed1796000000003'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" ADD "next_placement_named" boolean NOT NULL DEFAULT false`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "next_placement_named"`);
    }

}
