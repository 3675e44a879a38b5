import { MigrationInterface, QueryRunner } from "typeorm";

/** The Tribunal's health and social care recommendations on an appeal's order and the bodies' written answers (issues 24 and 28). */
export class TribunalRecommendations1796590000000 implements MigrationInterface {
    name = 'TribunalRecommendations1796590000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "appeal_recommendations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "appeal_id" uuid NOT NULL, "order_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "body" character varying(200) NOT NULL, "text" text NOT NULL, "text_sha256" character(64) NOT NULL, "decided_on" date NOT NULL, "answer_text" text, "answered_on" date, "answered_by" character varying(200), "answer_recorded_by_id" uuid, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d340984de7e724caf5b8ddad0be" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_appeal_recommendations_once" ON "appeal_recommendations"  ("appeal_id", "order_id", "kind", "text_sha256") `);
        await queryRunner.query(`CREATE INDEX "ix_appeal_recommendations_appeal" ON "appeal_recommendations"  ("appeal_id") `);
        await queryRunner.query(`ALTER TABLE "appeal_recommendations" ADD CONSTRAINT "fk_appeal_recommendations_appeal_id" FOREIGN KEY ("appeal_id") REFERENCES "appeals"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeal_recommendations" ADD CONSTRAINT "fk_appeal_recommendations_order_id" FOREIGN KEY ("order_id") REFERENCES "appeal_orders"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeal_recommendations" ADD CONSTRAINT "fk_appeal_recommendations_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeal_recommendations" ADD CONSTRAINT "fk_appeal_recommendations_answer_recorded_by_id" FOREIGN KEY ("answer_recorded_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appeal_recommendations" ADD CONSTRAINT "fk_appeal_recommendations_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "appeal_recommendations" DROP CONSTRAINT "fk_appeal_recommendations_created_by_id"`);
        await queryRunner.query(`ALTER TABLE "appeal_recommendations" DROP CONSTRAINT "fk_appeal_recommendations_answer_recorded_by_id"`);
        await queryRunner.query(`ALTER TABLE "appeal_recommendations" DROP CONSTRAINT "fk_appeal_recommendations_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "appeal_recommendations" DROP CONSTRAINT "fk_appeal_recommendations_order_id"`);
        await queryRunner.query(`ALTER TABLE "appeal_recommendations" DROP CONSTRAINT "fk_appeal_recommendations_appeal_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appeal_recommendations_appeal"`);
        await queryRunner.query(`DROP INDEX "public"."ux_appeal_recommendations_once"`);
        await queryRunner.query(`DROP TABLE "appeal_recommendations"`);
    }

}
