import { MigrationInterface, QueryRunner } from "typeorm";

export class AdviceReviewExceptionsAttachments1795365323333 implements MigrationInterface {
    name = 'AdviceReviewExceptionsAttachments1795365323333'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "advice_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "advice_request_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "submission_version" integer, "file_name" character varying(255) NOT NULL, "media_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character varying(64) NOT NULL, "content" bytea NOT NULL, "uploaded_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b0ec1c0782799de9bbd6a34fed9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_advice_attachments_request" ON "advice_attachments"  ("advice_request_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "advice_exceptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "advice_request_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "ground" character varying(32) NOT NULL, "starts_on" date NOT NULL, "ends_on" date, "reason" text NOT NULL, "recorded_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e81af5846af246f433982452f3f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_advice_exceptions_request" ON "advice_exceptions"  ("advice_request_id") `);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "accepted_on" date`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "returned_on" date`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "return_reason" text`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "reviewed_by_id" uuid`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "reused_advice" text`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "adviser_agreed_on" date`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "local_authority_agreed_on" date`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD "family_agreed_on" date`);
        await queryRunner.query(`ALTER TABLE "advice_attachments" ADD CONSTRAINT "fk_advice_attachments_advice_request_id" FOREIGN KEY ("advice_request_id") REFERENCES "advice_requests"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_attachments" ADD CONSTRAINT "fk_advice_attachments_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_attachments" ADD CONSTRAINT "fk_advice_attachments_uploaded_by_id" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_exceptions" ADD CONSTRAINT "fk_advice_exceptions_advice_request_id" FOREIGN KEY ("advice_request_id") REFERENCES "advice_requests"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_exceptions" ADD CONSTRAINT "fk_advice_exceptions_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_exceptions" ADD CONSTRAINT "fk_advice_exceptions_recorded_by_id" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD CONSTRAINT "fk_advice_requests_reviewed_by_id" FOREIGN KEY ("reviewed_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP CONSTRAINT "fk_advice_requests_reviewed_by_id"`);
        await queryRunner.query(`ALTER TABLE "advice_exceptions" DROP CONSTRAINT "fk_advice_exceptions_recorded_by_id"`);
        await queryRunner.query(`ALTER TABLE "advice_exceptions" DROP CONSTRAINT "fk_advice_exceptions_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "advice_exceptions" DROP CONSTRAINT "fk_advice_exceptions_advice_request_id"`);
        await queryRunner.query(`ALTER TABLE "advice_attachments" DROP CONSTRAINT "fk_advice_attachments_uploaded_by_id"`);
        await queryRunner.query(`ALTER TABLE "advice_attachments" DROP CONSTRAINT "fk_advice_attachments_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "advice_attachments" DROP CONSTRAINT "fk_advice_attachments_advice_request_id"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "family_agreed_on"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "local_authority_agreed_on"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "adviser_agreed_on"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "reused_advice"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "reviewed_by_id"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "return_reason"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "returned_on"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP COLUMN "accepted_on"`);
        await queryRunner.query(`DROP INDEX "public"."ix_advice_exceptions_request"`);
        await queryRunner.query(`DROP TABLE "advice_exceptions"`);
        await queryRunner.query(`DROP INDEX "public"."ix_advice_attachments_request"`);
        await queryRunner.query(`DROP TABLE "advice_attachments"`);
    }

}
