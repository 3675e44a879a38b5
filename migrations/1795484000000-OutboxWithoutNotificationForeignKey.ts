import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Reminder delivery writes each email in the same statement as its message (the outbox rows are selected from the
 * RETURNING of the messages' INSERT), and no code deletes a message, so the outbox's foreign key to `notifications`
 * checked nothing that could fail; it cost a lookup and a row lock per email, and while a new table's statistics said
 * "empty" its cached check plan scanned the whole table (issue 16: 9 s per 500 emails). The unique index on
 * notification_id stays: one email per message.
 */
export class OutboxWithoutNotificationForeignKey1795484000000 implements MigrationInterface {
    name = 'OutboxWithoutNotificationForeignKey1795484000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "email_outbox" DROP CONSTRAINT "fk_email_outbox_notification_id"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "email_outbox" ADD CONSTRAINT "fk_email_outbox_notification_id" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }
}
