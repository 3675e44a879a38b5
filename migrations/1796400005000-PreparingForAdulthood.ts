import { MigrationInterface, QueryRunner } from "typeorm";

/** Preparing for adulthood (issue 28): review records and transitions to adult social care. */
export class PreparingForAdulthood1796400005000 implements MigrationInterface {
    name = 'PreparingForAdulthood1796400005000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "review_adulthood_records" ("review_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "employment" character varying(4000) NOT NULL, "independent_living" character varying(4000) NOT NULL, "community" character varying(4000) NOT NULL, "health" character varying(4000) NOT NULL, "recorded_by_id" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_review_adulthood_records" PRIMARY KEY ("review_id"))`);
        await queryRunner.query(`CREATE TABLE "adult_social_care_transitions" ("plan_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "assessed_on" date, "transferred_on" date, "notes" character varying(4000), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_adult_social_care_transitions" PRIMARY KEY ("plan_id"))`);
        await queryRunner.query(`ALTER TABLE "review_adulthood_records" ADD CONSTRAINT "fk_review_adulthood_records_review_id" FOREIGN KEY ("review_id") REFERENCES "reviews"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_adulthood_records" ADD CONSTRAINT "fk_review_adulthood_records_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_adulthood_records" ADD CONSTRAINT "fk_review_adulthood_records_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_adulthood_records" ADD CONSTRAINT "fk_review_adulthood_records_recorded_by_id" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "adult_social_care_transitions" ADD CONSTRAINT "fk_adult_social_care_transitions_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "adult_social_care_transitions" ADD CONSTRAINT "fk_adult_social_care_transitions_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "adult_social_care_transitions"`);
        await queryRunner.query(`DROP TABLE "review_adulthood_records"`);
    }

}
