import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Families in the process (issue 26): family accounts, their grants to children, emailed sign-in codes (hashed),
 * sessions, and the co-production record (views, comments, preferences, documents and the caseworker's answers).
 */
export class Families1796200000000 implements MigrationInterface {
    name = 'Families1796200000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "family_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_family_members" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_family_members_email" ON "family_members" ("email") `);
        await queryRunner.query(`CREATE TABLE "family_access" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "child_id" uuid NOT NULL, "member_id" uuid NOT NULL, "relationship" character varying(20) NOT NULL, "young_person_consent_on" date, "invited_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by_id" uuid, CONSTRAINT "pk_family_access" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_family_access_live" ON "family_access" ("child_id", "member_id") WHERE revoked_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "ix_family_access_member" ON "family_access" ("member_id") `);
        await queryRunner.query(`CREATE TABLE "family_sign_in_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "code_hash" character varying(64) NOT NULL, "link_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "failed_attempts" integer NOT NULL DEFAULT '0', "used_at" TIMESTAMP WITH TIME ZONE, "locked_at" TIMESTAMP WITH TIME ZONE, "client_address" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_family_sign_in_codes" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_family_sign_in_codes_member" ON "family_sign_in_codes" ("member_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_family_sign_in_codes_link" ON "family_sign_in_codes" ("link_hash") `);
        await queryRunner.query(`CREATE TABLE "family_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(40), "user_agent" character varying(200), "address" character varying(64), CONSTRAINT "pk_family_sessions" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_family_sessions_member" ON "family_sessions" ("member_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "family_contributions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "child_id" uuid NOT NULL, "assessment_id" uuid NOT NULL, "member_id" uuid NOT NULL, "access_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "section" character varying(2), "case_step" character varying(20) NOT NULL, "version" integer NOT NULL, "text" text NOT NULL, "details" jsonb, "content" bytea, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reflected" boolean, "answer_reason" text, "answered_by_id" uuid, "answered_at" TIMESTAMP WITH TIME ZONE, "notice_issued_on" date, CONSTRAINT "pk_family_contributions" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_family_contributions_assessment" ON "family_contributions" ("assessment_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_family_contributions_member" ON "family_contributions" ("member_id", "created_at") `);
        await queryRunner.query(`ALTER TABLE "family_access" ADD CONSTRAINT "fk_family_access_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_access" ADD CONSTRAINT "fk_family_access_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_access" ADD CONSTRAINT "fk_family_access_member_id" FOREIGN KEY ("member_id") REFERENCES "family_members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_sign_in_codes" ADD CONSTRAINT "fk_family_sign_in_codes_member_id" FOREIGN KEY ("member_id") REFERENCES "family_members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_sessions" ADD CONSTRAINT "fk_family_sessions_member_id" FOREIGN KEY ("member_id") REFERENCES "family_members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_contributions" ADD CONSTRAINT "fk_family_contributions_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_contributions" ADD CONSTRAINT "fk_family_contributions_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_contributions" ADD CONSTRAINT "fk_family_contributions_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_contributions" ADD CONSTRAINT "fk_family_contributions_member_id" FOREIGN KEY ("member_id") REFERENCES "family_members"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_contributions" ADD CONSTRAINT "fk_family_contributions_access_id" FOREIGN KEY ("access_id") REFERENCES "family_access"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "family_contributions"`);
        await queryRunner.query(`DROP TABLE "family_sessions"`);
        await queryRunner.query(`DROP TABLE "family_sign_in_codes"`);
        await queryRunner.query(`DROP TABLE "family_access"`);
        await queryRunner.query(`DROP TABLE "family_members"`);
    }
}
