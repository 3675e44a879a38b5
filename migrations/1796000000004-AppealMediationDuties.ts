import { MigrationInterface, QueryRunner } from "typeorm";

/** Issue 24: statutory mediation's facts on the appeal (CFA ss52-57; Regs 32-42): the health body, an agreement. */
export class AppealMediationDuties1796000000004 implements MigrationInterface {
    name = 'AppealMediationDuties1796000000004'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "appeals" ADD "mediation_health_in_issue" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "appeals" ADD "mediation_health_body_told_on" date`);
        await queryRunner.query(`ALTER TABLE "appeals" ADD "mediation_agreement_on" date`);
        await queryRunner.query(`ALTER TABLE "appeals" ADD "mediation_agreement_done_on" date`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "mediation_agreement_done_on"`);
        await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "mediation_agreement_on"`);
        await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "mediation_health_body_told_on"`);
        await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "mediation_health_in_issue"`);
    }

}
