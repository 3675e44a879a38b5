import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The reviews report (docs/reports.md, "Reviews") counts a plan's deadlines (`review_due`, `phase_transfer`) due in a
 * period in every state, per LA: without this the query reads every LA's deadlines.
 */
export class ReviewReportIndexes1795486000000 implements MigrationInterface {
    name = 'ReviewReportIndexes1795486000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_deadlines_report_plan_due" ON "deadlines" ("local_authority_id", "kind", "due_on") WHERE subject_type = 'plan'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_deadlines_report_plan_due"`);
    }

}
