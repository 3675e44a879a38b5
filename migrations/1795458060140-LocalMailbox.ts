import { MigrationInterface, QueryRunner } from "typeorm";

export class LocalMailbox1795458060140 implements MigrationInterface {
    name = 'LocalMailbox1795458060140'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "local_mailbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outbox_id" uuid NOT NULL, "to_address" character varying(320) NOT NULL, "subject" text NOT NULL, "body" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_local_mailbox" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_local_mailbox_recorded_at" ON "local_mailbox"  ("recorded_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_local_mailbox_outbox_id" ON "local_mailbox"  ("outbox_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ux_local_mailbox_outbox_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_local_mailbox_recorded_at"`);
        await queryRunner.query(`DROP TABLE "local_mailbox"`);
    }

}
