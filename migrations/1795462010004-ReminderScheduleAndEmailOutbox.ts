import { MigrationInterface, QueryRunner } from "typeorm";

export class ReminderScheduleAndEmailOutbox1795462010004 implements MigrationInterface {
    name = 'ReminderScheduleAndEmailOutbox1795462010004'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "email_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "notification_id" uuid NOT NULL, "to_address" character varying(320) NOT NULL, "subject" character varying(200) NOT NULL, "body" text NOT NULL, "state" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "transport" character varying(16), "provider_reference" character varying(200), "last_error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b6fbfc201f705fbf1ac87bd7197" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_email_outbox_la_state" ON "email_outbox"  ("local_authority_id", "state") `);
        await queryRunner.query(`CREATE INDEX "ix_email_outbox_pending" ON "email_outbox"  ("created_at", "id") WHERE state IN ('pending', 'sending')`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_email_outbox_notification" ON "email_outbox"  ("notification_id") `);
        await queryRunner.query(`CREATE TABLE "reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "deadline_id" uuid NOT NULL, "stage" character varying(16) NOT NULL, "due_on" date NOT NULL, "remind_on" date NOT NULL, "send_at" TIMESTAMP WITH TIME ZONE NOT NULL, "deadline_revision" integer NOT NULL, "state" character varying(16) NOT NULL, "enqueued_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "cancelled_because" character varying(32), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_38715fec7f634b72c6cf7ea4893" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_reminders_la_scheduled_send_at" ON "reminders"  ("local_authority_id", "send_at", "id") WHERE state = 'scheduled'`);
        await queryRunner.query(`CREATE INDEX "ix_reminders_la_state" ON "reminders"  ("local_authority_id", "state") `);
        await queryRunner.query(`CREATE INDEX "ix_reminders_scheduled_send_at" ON "reminders"  ("send_at", "id") WHERE state = 'scheduled'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_reminders_deadline_stage_due" ON "reminders"  ("deadline_id", "stage", "due_on") `);
        await queryRunner.query(`ALTER TABLE "email_outbox" ADD CONSTRAINT "fk_email_outbox_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "email_outbox" ADD CONSTRAINT "fk_email_outbox_notification_id" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reminders" ADD CONSTRAINT "fk_reminders_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reminders" ADD CONSTRAINT "fk_reminders_deadline_id" FOREIGN KEY ("deadline_id") REFERENCES "deadlines"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reminders" DROP CONSTRAINT "fk_reminders_deadline_id"`);
        await queryRunner.query(`ALTER TABLE "reminders" DROP CONSTRAINT "fk_reminders_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "email_outbox" DROP CONSTRAINT "fk_email_outbox_notification_id"`);
        await queryRunner.query(`ALTER TABLE "email_outbox" DROP CONSTRAINT "fk_email_outbox_local_authority_id"`);
        await queryRunner.query(`DROP INDEX "public"."ux_reminders_deadline_stage_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_reminders_scheduled_send_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_reminders_la_state"`);
        await queryRunner.query(`DROP INDEX "public"."ix_reminders_la_scheduled_send_at"`);
        await queryRunner.query(`DROP TABLE "reminders"`);
        await queryRunner.query(`DROP INDEX "public"."ux_email_outbox_notification"`);
        await queryRunner.query(`DROP INDEX "public"."ix_email_outbox_pending"`);
        await queryRunner.query(`DROP INDEX "public"."ix_email_outbox_la_state"`);
        await queryRunner.query(`DROP TABLE "email_outbox"`);
    }

}
