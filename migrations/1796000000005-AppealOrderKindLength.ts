import { MigrationInterface, QueryRunner } from "typeorm";

/** Issue 24: order kinds `continue_and_amend` (one order, two duties) and `remit` need a longer column. */
export class AppealOrderKindLength1796000000005 implements MigrationInterface {
    name = 'AppealOrderKindLength1796000000005'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "appeal_orders" ALTER COLUMN "kind" TYPE character varying(24)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "appeal_orders" ALTER COLUMN "kind" TYPE character varying(16)`);
    }

}
