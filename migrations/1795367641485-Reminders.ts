import { MigrationInterface, QueryRunner } from "typeorm";

export class Reminders1795367641485 implements MigrationInterface {
    name = 'Reminders1795367641485'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "recipient_user_id" uuid, "recipient_organisation_id" uuid, "kind" character varying(32) NOT NULL, "subject_type" character varying(16) NOT NULL, "subject_id" uuid NOT NULL, "deadline_id" uuid, "deadline_kind" character varying(32), "due_on" date, "escalated" boolean NOT NULL DEFAULT false, "dedupe_key" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_notifications_organisation" ON "notifications"  ("recipient_organisation_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_notifications_user" ON "notifications"  ("recipient_user_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_notifications_dedupe" ON "notifications"  ("dedupe_key") `);
        await queryRunner.query(`CREATE INDEX "ix_deadlines_open_due" ON "deadlines"  ("due_on", "id") WHERE state = 'open'`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_recipient_user_id" FOREIGN KEY ("recipient_user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_recipient_organisation_id" FOREIGN KEY ("recipient_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_recipient_organisation_id"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_recipient_user_id"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "fk_notifications_local_authority_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_deadlines_open_due"`);
        await queryRunner.query(`DROP INDEX "public"."ux_notifications_dedupe"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notifications_user"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notifications_organisation"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
    }

}
