import { MigrationInterface, QueryRunner } from "typeorm";

/** Board packs (issue 27): the managers' PDF of the scorecard, charts and commentary for a period, rendered by the worker. */
export class BoardPacks1796575514047 implements MigrationInterface {
    name = 'BoardPacks1796575514047'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "board_packs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "period_from" date NOT NULL, "period_to" date NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'pending', "input" jsonb NOT NULL, "content" bytea, "sha256" character varying(64), "page_count" integer, "attempts" integer NOT NULL DEFAULT '0', "failure_reason" character varying(500), "requested_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "rendered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_board_packs" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_board_packs_pending" ON "board_packs"  ("created_at") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE INDEX "ix_board_packs_la_created" ON "board_packs"  ("local_authority_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "board_packs" ADD CONSTRAINT "fk_board_packs_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "board_packs" ADD CONSTRAINT "fk_board_packs_requested_by_id" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "board_packs" DROP CONSTRAINT "fk_board_packs_requested_by_id"`);
        await queryRunner.query(`ALTER TABLE "board_packs" DROP CONSTRAINT "fk_board_packs_local_authority_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_board_packs_la_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_board_packs_pending"`);
        await queryRunner.query(`DROP TABLE "board_packs"`);
    }

}
