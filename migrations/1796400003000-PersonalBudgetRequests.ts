import { MigrationInterface, QueryRunner } from "typeorm";

/** Across boundaries (issue 28): PersonalBudgetRequests. */
export class PersonalBudgetRequests1796400003000 implements MigrationInterface {
    name = 'PersonalBudgetRequests1796400003000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "personal_budget_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "child_id" uuid NOT NULL, "received_on" date NOT NULL, "stage" character varying(8) NOT NULL, "status" character varying(12) NOT NULL, "decision_notified_on" date, "amount_pence" integer, "reason" character varying(2000), "direct_payment_reviews" jsonb NOT NULL DEFAULT '[]', "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bbdd28ae54c84a32bb01ca9508e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_personal_budget_requests_plan" ON "personal_budget_requests"  ("plan_id", "received_on")`);
        await queryRunner.query(`ALTER TABLE "personal_budget_requests" ADD CONSTRAINT "fk_personal_budget_requests_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "personal_budget_requests" ADD CONSTRAINT "fk_personal_budget_requests_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "personal_budget_requests" ADD CONSTRAINT "fk_personal_budget_requests_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "personal_budget_requests" ADD CONSTRAINT "fk_personal_budget_requests_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "personal_budget_requests"`);
    }

}
