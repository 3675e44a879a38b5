import { MigrationInterface, QueryRunner } from "typeorm";

/** Children moving between LAs (Regs 15): transfers in and out; a transferred plan's first review date (Regs 15(5)). */
export class Transfers1796400000000 implements MigrationInterface {
    name = 'Transfers1796400000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "transfers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "direction" character varying(3) NOT NULL, "kind" character varying(12) NOT NULL, "status" character varying(12) NOT NULL, "child_id" uuid NOT NULL, "plan_id" uuid, "assessment_id" uuid, "other_local_authority_name" character varying(200) NOT NULL, "other_local_authority_code" character varying(3), "moves_on" date NOT NULL, "learned_on" date, "sent_on" date, "cancelled_on" date, "transferred_on" date, "notice_sent_on" date, "will_assess" boolean, "source_transfer_id" uuid, "advice_offered" jsonb NOT NULL DEFAULT '[]', "package_sha256" character varying(64), "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f712e908b465e0085b4408cabc3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_transfers_in_source" ON "transfers"  ("local_authority_id", "source_transfer_id") WHERE direction = 'in' AND source_transfer_id IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_transfers_plan" ON "transfers"  ("plan_id")`);
        await queryRunner.query(`CREATE INDEX "ix_transfers_la_direction" ON "transfers"  ("local_authority_id", "direction", "created_at")`);
        await queryRunner.query(`ALTER TABLE "review_schedules" ADD "transfer_review_due_on" date`);
        await queryRunner.query(`ALTER TABLE "transfers" ADD CONSTRAINT "fk_transfers_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "transfers" ADD CONSTRAINT "fk_transfers_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "transfers" ADD CONSTRAINT "fk_transfers_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "transfers" ADD CONSTRAINT "fk_transfers_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "transfers" ADD CONSTRAINT "fk_transfers_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "review_schedules" DROP COLUMN "transfer_review_due_on"`);
        await queryRunner.query(`DROP TABLE "transfers"`);
    }

}
