import { MigrationInterface, QueryRunner } from "typeorm";

/** Across boundaries (issue 28): ProvisionDeliveries. */
export class ProvisionDeliveries1796400004000 implements MigrationInterface {
    name = 'ProvisionDeliveries1796400004000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "provision_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "child_id" uuid NOT NULL, "provision_id" character varying(100) NOT NULL, "section" character varying(2) NOT NULL, "description" character varying(2000) NOT NULL, "in_place" boolean NOT NULL, "since" date, "hours_delivered" numeric(7,2), "hours_specified" numeric(7,2), "period" character varying(8), "reason" character varying(2000), "reported_by" character varying(8) NOT NULL, "reported_by_id" uuid, "organisation_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8e36a3e62a6fda3dc335a390aa3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_provision_deliveries_la" ON "provision_deliveries"  ("local_authority_id", "created_at")`);
        await queryRunner.query(`CREATE INDEX "ix_provision_deliveries_plan_item" ON "provision_deliveries"  ("plan_id", "provision_id", "created_at")`);
        await queryRunner.query(`ALTER TABLE "provision_deliveries" ADD CONSTRAINT "fk_provision_deliveries_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "provision_deliveries" ADD CONSTRAINT "fk_provision_deliveries_plan_id" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "provision_deliveries" ADD CONSTRAINT "fk_provision_deliveries_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "provision_deliveries" ADD CONSTRAINT "fk_provision_deliveries_reported_by_id" FOREIGN KEY ("reported_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "provision_deliveries" ADD CONSTRAINT "fk_provision_deliveries_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "provision_deliveries"`);
    }

}
