import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue 24, appeals under double clicks and replays: one live appeal per decision (decision_key, unique among live
 * appeals), an order recorded once (unique per appeal, kind and date), and the Idempotency-Key answers.
 */
export class AppealIntegrity1796000000000 implements MigrationInterface {
    name = 'AppealIntegrity1796000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "appeals" ADD "decision_key" character varying(200)`);
        // Existing appeals: a cease by its plan and notice; other decisions by their subject and notice (legacy rows).
        await queryRunner.query(`
            UPDATE "appeals" a SET "decision_key" = CASE
                WHEN a."decision" = 'cease' AND a."plan_id" IS NOT NULL THEN 'cease:' || a."plan_id" || ':' || COALESCE(
                    (SELECT c."notified_on"::text FROM "plan_cessations" c WHERE c."plan_id" = a."plan_id" AND c."notified_on" <= a."notice_on" ORDER BY c."notified_on" DESC, c."created_at" DESC LIMIT 1),
                    a."notice_on"::text)
                ELSE a."decision" || ':' || a."subject_id" || ':legacy:' || a."notice_on"::text END`);
        // Live duplicates already registered keep their own key (the first one keeps the shared one).
        await queryRunner.query(`
            UPDATE "appeals" a SET "decision_key" = a."decision_key" || ':' || a."id"
              FROM (SELECT "id", row_number() OVER (PARTITION BY "decision_key" ORDER BY "created_at", "id") AS n FROM "appeals" WHERE "outcome" IS NULL) d
             WHERE d."id" = a."id" AND d.n > 1`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_appeals_live_decision" ON "appeals" ("decision_key") WHERE outcome IS NULL`);

        // Replayed orders: keep the first of each (appeal, kind, date); the copies' duties and deadlines go (reminders
        // follow their deadlines, ON DELETE CASCADE).
        await queryRunner.query(`
            CREATE TEMP TABLE "dup_orders" ON COMMIT DROP AS
            SELECT "id" FROM (SELECT "id", row_number() OVER (PARTITION BY "appeal_id", "kind", "ordered_on" ORDER BY "created_at", "id") AS n FROM "appeal_orders") o WHERE o.n > 1`);
        await queryRunner.query(`DELETE FROM "deadlines" d USING "dup_orders" o WHERE d."subject_type" = 'appeal' AND d."key" LIKE 'order:' || o."id" || ':%'`);
        await queryRunner.query(`DELETE FROM "appeal_order_duties" WHERE "order_id" IN (SELECT "id" FROM "dup_orders")`);
        await queryRunner.query(`DELETE FROM "appeal_orders" WHERE "id" IN (SELECT "id" FROM "dup_orders")`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_appeal_orders_once" ON "appeal_orders" ("appeal_id", "kind", "ordered_on") `);

        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("local_authority_id" uuid NOT NULL, "key" character varying(200) NOT NULL, "user_id" uuid NOT NULL, "method" character varying(8) NOT NULL, "path" character varying(500) NOT NULL, "request_hash" character varying(64) NOT NULL, "state" character varying(8) NOT NULL, "status_code" integer, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_idempotency_keys" PRIMARY KEY ("local_authority_id", "key"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
        await queryRunner.query(`DROP INDEX "public"."ux_appeal_orders_once"`);
        await queryRunner.query(`DROP INDEX "public"."ux_appeals_live_decision"`);
        await queryRunner.query(`ALTER TABLE "appeals" DROP COLUMN "decision_key"`);
    }

}
