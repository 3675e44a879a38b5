import { MigrationInterface, QueryRunner } from "typeorm";

/** Re-assessment requests (CFA s44(2)-(3); Regs 23-27). */
export class ReassessmentRequests1796400001000 implements MigrationInterface {
    name = 'ReassessmentRequests1796400001000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "reassessment_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "child_id" uuid NOT NULL, "assessment_id" uuid NOT NULL, "received_on" date NOT NULL, "requested_by" character varying(16) NOT NULL, "status" character varying(20) NOT NULL, "last_assessed_on" date NOT NULL, "within_six_months" boolean NOT NULL, "decision" character varying(8), "decision_notified_on" date, "decision_reason" character varying(2000), "outcome_kind" character varying(24), "outcome_on" date, "outcome_version_number" integer, "exceptions" jsonb NOT NULL DEFAULT '[]', "created_by_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3012dfa89a645ea989f0a9412e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_reassessment_requests_la_status" ON "reassessment_requests"  ("local_authority_id", "status")`);
        await queryRunner.query(`CREATE INDEX "ix_reassessment_requests_plan" ON "reassessment_requests"  ("plan_id", "received_on")`);
        await queryRunner.query(`ALTER TABLE "reassessment_requests" ADD CONSTRAINT "fk_reassessment_requests_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reassessment_requests" ADD CONSTRAINT "fk_reassessment_requests_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reassessment_requests" ADD CONSTRAINT "fk_reassessment_requests_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reassessment_requests" ADD CONSTRAINT "fk_reassessment_requests_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reassessment_requests" ADD CONSTRAINT "fk_reassessment_requests_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "reassessment_requests"`);
    }

}
