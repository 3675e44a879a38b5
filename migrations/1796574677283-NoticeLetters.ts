import { MigrationInterface, QueryRunner } from "typeorm";

/** Decision notices (issue 24, point 4): the LA's notice contacts (Regs 32) and the notice letters the worker renders. */
export class NoticeLetters1796574677283 implements MigrationInterface {
    name = 'NoticeLetters1796574677283'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "notice_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "child_id" uuid NOT NULL, "assessment_id" uuid NOT NULL, "subject_type" character varying(16) NOT NULL, "subject_id" uuid NOT NULL, "decision" character varying(24) NOT NULL, "notified_on" date NOT NULL, "input" jsonb NOT NULL, "status" character varying(16) NOT NULL, "content" bytea, "sha256" character varying(64), "size_bytes" integer, "page_count" integer, "attempts" integer NOT NULL DEFAULT '0', "rendered_at" TIMESTAMP WITH TIME ZONE, "failure_kind" character varying(16), "failure_reason" character varying(500), "failed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_notice_documents" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_notice_documents_la" ON "notice_documents"  ("local_authority_id") `);
        await queryRunner.query(`CREATE INDEX "ix_notice_documents_pending" ON "notice_documents"  ("created_at") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_notice_documents_notice" ON "notice_documents"  ("subject_type", "subject_id", "decision", "notified_on") `);
        await queryRunner.query(`ALTER TABLE "local_authorities" ADD "notice_contacts" jsonb`);
        await queryRunner.query(`ALTER TABLE "notice_documents" ADD CONSTRAINT "fk_notice_documents_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notice_documents" ADD CONSTRAINT "fk_notice_documents_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "notice_documents" ADD CONSTRAINT "fk_notice_documents_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notice_documents" DROP CONSTRAINT "fk_notice_documents_assessment_id"`);
        await queryRunner.query(`ALTER TABLE "notice_documents" DROP CONSTRAINT "fk_notice_documents_child_id"`);
        await queryRunner.query(`ALTER TABLE "notice_documents" DROP CONSTRAINT "fk_notice_documents_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "local_authorities" DROP COLUMN "notice_contacts"`);
        await queryRunner.query(`DROP INDEX "public"."ux_notice_documents_notice"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notice_documents_pending"`);
        await queryRunner.query(`DROP INDEX "public"."ix_notice_documents_la"`);
        await queryRunner.query(`DROP TABLE "notice_documents"`);
    }

}
