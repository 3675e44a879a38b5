import { MigrationInterface, QueryRunner } from 'typeorm';

/** The scorecard: each LA's target and amber threshold per measure, and the owners' commentaries (kept, never updated). */
export class Scorecard1796300000000 implements MigrationInterface {
  name = 'Scorecard1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "scorecard_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "measure" character varying(48) NOT NULL, "target" numeric(7,1) NOT NULL, "amber" numeric(7,1) NOT NULL, "updated_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_scorecard_targets" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "ux_scorecard_targets_la_measure" ON "scorecard_targets" ("local_authority_id", "measure")`);
    await queryRunner.query(
      `CREATE TABLE "scorecard_commentaries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "measure" character varying(48) NOT NULL, "period_from" date NOT NULL, "period_to" date NOT NULL, "rag_at_time" character varying(8) NOT NULL, "owner" character varying(200) NOT NULL, "action" text NOT NULL, "due_on" date NOT NULL, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_scorecard_commentaries" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_scorecard_commentaries_la_measure" ON "scorecard_commentaries" ("local_authority_id", "measure", "created_at")`);
    await queryRunner.query(`ALTER TABLE "scorecard_targets" ADD CONSTRAINT "fk_scorecard_targets_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scorecard_targets" ADD CONSTRAINT "fk_scorecard_targets_updated_by_id" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scorecard_commentaries" ADD CONSTRAINT "fk_scorecard_commentaries_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "scorecard_commentaries" ADD CONSTRAINT "fk_scorecard_commentaries_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "scorecard_commentaries"`);
    await queryRunner.query(`DROP TABLE "scorecard_targets"`);
  }
}
