import { MigrationInterface, QueryRunner } from "typeorm";

/** SEN2 reads a request's outgoing transfer by its assessment (Exported): an index for that lookup (issue 27). */
export class TransfersByAssessment1796577837267 implements MigrationInterface {
    name = 'TransfersByAssessment1796577837267'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_transfers_assessment" ON "transfers"  ("assessment_id") WHERE assessment_id IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_transfers_assessment"`);
    }

}
