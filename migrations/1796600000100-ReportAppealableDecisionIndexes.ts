import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The appeal rate's denominator counts refusals to assess and decisions not to issue by the day the family was
 * notified (else the decision day): expression indexes on that day, so England's count is an index range scan rather
 * than two passes over every request (the national dashboard spent 1.6-2.3 s there at 650,000 plans; issue 27).
 */
export class ReportAppealableDecisionIndexes1796600000100 implements MigrationInterface {
    name = 'ReportAppealableDecisionIndexes1796600000100'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_assessments_report_refused_notified" ON "assessments" ((COALESCE(decision_to_assess_notified_on, decision_to_assess_on))) INCLUDE ("local_authority_id") WHERE decision_to_assess = 'refuse'`);
        await queryRunner.query(`CREATE INDEX "ix_assessments_report_not_issuing_notified" ON "assessments" ((COALESCE(decision_to_issue_notified_on, decision_to_issue_on))) INCLUDE ("local_authority_id") WHERE decision_to_issue = 'not_issue'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_report_not_issuing_notified"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_report_refused_notified"`);
    }

}
