import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The page-in records the delivery jobs it put into Redis (one row per LA and second) instead of marking every
 * reminder row `enqueued_at` (issue 16: the mark was an update of every reminder, a new row version and an entry in
 * each of the table's five indexes, two of them partial on `state = 'scheduled'`, which delivery then had to skip).
 */
export class ReminderBuckets1795484000001 implements MigrationInterface {
    name = 'ReminderBuckets1795484000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "reminder_buckets" ("local_authority_id" uuid NOT NULL, "second" bigint NOT NULL, "enqueued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_reminder_buckets" PRIMARY KEY ("local_authority_id", "second"))`);
        await queryRunner.query(`ALTER TABLE "reminder_buckets" ADD CONSTRAINT "fk_reminder_buckets_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        // The jobs already in Redis stay recorded, so nothing scheduled is paged in twice.
        await queryRunner.query(`INSERT INTO reminder_buckets (local_authority_id, second, enqueued_at)
            SELECT local_authority_id, ceil(extract(epoch FROM send_at))::bigint, min(enqueued_at) FROM reminders
             WHERE state = 'scheduled' AND enqueued_at IS NOT NULL GROUP BY 1, 2`);
        await queryRunner.query(`ALTER TABLE "reminders" DROP COLUMN "enqueued_at"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "reminders" ADD "enqueued_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`UPDATE reminders r SET enqueued_at = b.enqueued_at FROM reminder_buckets b
            WHERE r.state = 'scheduled' AND b.local_authority_id = r.local_authority_id AND b.second = ceil(extract(epoch FROM r.send_at))::bigint`);
        await queryRunner.query(`ALTER TABLE "reminder_buckets" DROP CONSTRAINT "fk_reminder_buckets_local_authority_id"`);
        await queryRunner.query(`DROP TABLE "reminder_buckets"`);
    }
}
