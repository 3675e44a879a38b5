import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795362661647 implements MigrationInterface {
    name = 'Initial1795362661647'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "advice_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "assessment_id" uuid NOT NULL, "child_id" uuid NOT NULL, "discipline" character varying(32) NOT NULL, "requested_on" date NOT NULL, "assignee_user_id" uuid, "assignee_organisation_id" uuid, "question" text, "status" character varying(16) NOT NULL, "received_on" date, "cancelled_on" date, "created_by_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_70e0cec6965f4ccde0e1db82bdc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_advice_requests_la_status" ON "advice_requests"  ("local_authority_id", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_advice_requests_assignee_org" ON "advice_requests"  ("assignee_organisation_id", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_advice_requests_assignee_user" ON "advice_requests"  ("assignee_user_id", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_advice_requests_assessment" ON "advice_requests"  ("assessment_id", "requested_on") `);
        await queryRunner.query(`CREATE TABLE "advice_submissions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "advice_request_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "version" integer NOT NULL, "summary" text NOT NULL, "needs" jsonb NOT NULL, "outcomes" jsonb NOT NULL, "provision" jsonb NOT NULL, "correction_reason" text, "submitted_by_id" uuid NOT NULL, "submitted_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a04cf965b5c0f49dbcd451aa33b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_advice_submissions_request_version" ON "advice_submissions"  ("advice_request_id", "version") `);
        await queryRunner.query(`CREATE TABLE "assessment_exceptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assessment_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "ground" character varying(32) NOT NULL, "affects" character varying(32) array NOT NULL, "starts_on" date NOT NULL, "ends_on" date, "reason" text NOT NULL, "evidence" text, "family_told_on" date, "recorded_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_55c1e9950802dc165f3feb6aae0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_assessment_exceptions_assessment" ON "assessment_exceptions"  ("assessment_id") `);
        await queryRunner.query(`CREATE TABLE "assessments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "child_id" uuid NOT NULL, "status" character varying(24) NOT NULL, "request_received_on" date NOT NULL, "request_source" character varying(16) NOT NULL, "caseworker_id" uuid, "created_by_id" uuid, "decision_to_assess" character varying(8), "decision_to_assess_on" date, "decision_to_issue" character varying(12), "decision_to_issue_on" date, "draft_issued_on" date, "representations_received_on" date, "final_issued_on" date, "withdrawn_on" date, "withdrawal_reason" character varying(24), "exceptions_apply" boolean NOT NULL DEFAULT false, "plan_id" uuid, "imported" boolean NOT NULL DEFAULT false, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3442bd80a00e9111cefca57f6c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_assessments_la_final_issued" ON "assessments"  ("local_authority_id", "final_issued_on") `);
        await queryRunner.query(`CREATE INDEX "ix_assessments_child" ON "assessments"  ("child_id") `);
        await queryRunner.query(`CREATE INDEX "ix_assessments_la_created" ON "assessments"  ("local_authority_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_assessments_la_caseworker" ON "assessments"  ("local_authority_id", "caseworker_id", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_assessments_la_status" ON "assessments"  ("local_authority_id", "status", "request_received_on") `);
        await queryRunner.query(`CREATE TABLE "deadlines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "subject_type" character varying(16) NOT NULL, "subject_id" uuid NOT NULL, "assessment_id" uuid, "key" character varying(64) NOT NULL, "kind" character varying(32) NOT NULL, "advice_request_id" uuid, "starts_on" date NOT NULL, "due_on" date NOT NULL, "management_target_on" date, "regulation" character varying(80) NOT NULL, "statutory" boolean NOT NULL DEFAULT true, "state" character varying(16) NOT NULL, "completed_on" date, "exception_applies" boolean NOT NULL DEFAULT false, "owner_user_id" uuid, "owner_organisation_id" uuid, "revision" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a9b8551c028a78298641a8e3470" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_deadlines_assessment" ON "deadlines"  ("assessment_id") `);
        await queryRunner.query(`CREATE INDEX "ix_deadlines_org_open_due" ON "deadlines"  ("owner_organisation_id", "due_on") WHERE state = 'open'`);
        await queryRunner.query(`CREATE INDEX "ix_deadlines_owner_open_due" ON "deadlines"  ("owner_user_id", "due_on") WHERE state = 'open'`);
        await queryRunner.query(`CREATE INDEX "ix_deadlines_la_open_due" ON "deadlines"  ("local_authority_id", "due_on") WHERE state = 'open'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_deadlines_subject_key" ON "deadlines"  ("subject_id", "key") `);
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "actor_user_id" uuid, "actor_role" character varying(32), "local_authority_id" uuid, "action" character varying(80) NOT NULL, "entity_type" character varying(40) NOT NULL, "entity_id" character varying(64), "changes" jsonb, "metadata" jsonb, "request_id" character varying(128), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_events_actor" ON "audit_events"  ("actor_user_id", "occurred_at") `);
        await queryRunner.query(`CREATE INDEX "ix_audit_events_entity" ON "audit_events"  ("local_authority_id", "entity_type", "entity_id", "occurred_at") `);
        await queryRunner.query(`CREATE TABLE "family_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "child_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "relationship" character varying(32) NOT NULL, "has_parental_responsibility" boolean NOT NULL DEFAULT true, "email" character varying(320), "phone" character varying(32), "address" character varying(500), "is_main_contact" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_36340d6ec6f16dd0cc39f76e8b7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_family_contacts_child" ON "family_contacts"  ("child_id") `);
        await queryRunner.query(`CREATE TABLE "children" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "given_name" character varying(100) NOT NULL, "family_name" character varying(100) NOT NULL, "search_name" character varying(201) NOT NULL, "date_of_birth" date NOT NULL, "sex" character varying(1) NOT NULL DEFAULT 'U', "upn" character varying(13), "uln" character varying(10), "nhs_number" character varying(10), "postcode" character varying(8), "ethnicity" character varying(4), "setting_urn" character varying(8), "setting_name" character varying(200), "young_person_lacks_capacity" boolean NOT NULL DEFAULT false, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8c5a7cbebf2c702830ef38d22b0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_children_la_dob" ON "children"  ("local_authority_id", "date_of_birth") `);
        await queryRunner.query(`CREATE INDEX "ix_children_la_created" ON "children"  ("local_authority_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_children_la_uln" ON "children"  ("local_authority_id", "uln") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_children_la_upn" ON "children"  ("local_authority_id", "upn") WHERE upn IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_children_la_nhs_number" ON "children"  ("local_authority_id", "nhs_number") WHERE nhs_number IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "local_authorities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "code" character varying(3) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4459741634fb4fff5d87fbe305b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_local_authorities_code" ON "local_authorities"  ("code") `);
        await queryRunner.query(`CREATE TABLE "organisation_local_authorities" ("organisation_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7a5289736743e5672b50d75221b" PRIMARY KEY ("organisation_id", "local_authority_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_organisation_local_authorities_la" ON "organisation_local_authorities"  ("local_authority_id") `);
        await queryRunner.query(`CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "urn" character varying(6), "ukprn" character varying(8), "shared_inbox_email" character varying(320), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_organisations_urn" ON "organisations"  ("urn") WHERE urn IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "organisation_id" uuid, "email" character varying(320) NOT NULL, "display_name" character varying(200) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(32) NOT NULL, "discipline" character varying(32), "active" boolean NOT NULL DEFAULT true, "failed_login_attempts" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_users_organisation" ON "users"  ("organisation_id") `);
        await queryRunner.query(`CREATE INDEX "ix_users_local_authority_role" ON "users"  ("local_authority_id", "role") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_users_email" ON "users"  ("email") `);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD CONSTRAINT "fk_advice_requests_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD CONSTRAINT "fk_advice_requests_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD CONSTRAINT "fk_advice_requests_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD CONSTRAINT "fk_advice_requests_assignee_user_id" FOREIGN KEY ("assignee_user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD CONSTRAINT "fk_advice_requests_assignee_organisation_id" FOREIGN KEY ("assignee_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_requests" ADD CONSTRAINT "fk_advice_requests_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_submissions" ADD CONSTRAINT "fk_advice_submissions_advice_request_id" FOREIGN KEY ("advice_request_id") REFERENCES "advice_requests"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_submissions" ADD CONSTRAINT "fk_advice_submissions_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "advice_submissions" ADD CONSTRAINT "fk_advice_submissions_submitted_by_id" FOREIGN KEY ("submitted_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" ADD CONSTRAINT "fk_assessment_exceptions_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" ADD CONSTRAINT "fk_assessment_exceptions_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" ADD CONSTRAINT "fk_assessment_exceptions_recorded_by_id" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD CONSTRAINT "fk_assessments_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD CONSTRAINT "fk_assessments_child_id" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD CONSTRAINT "fk_assessments_caseworker_id" FOREIGN KEY ("caseworker_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD CONSTRAINT "fk_assessments_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "deadlines" ADD CONSTRAINT "fk_deadlines_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "deadlines" ADD CONSTRAINT "fk_deadlines_assessment_id" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "deadlines" ADD CONSTRAINT "fk_deadlines_advice_request_id" FOREIGN KEY ("advice_request_id") REFERENCES "advice_requests"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "deadlines" ADD CONSTRAINT "fk_deadlines_owner_user_id" FOREIGN KEY ("owner_user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "deadlines" ADD CONSTRAINT "fk_deadlines_owner_organisation_id" FOREIGN KEY ("owner_organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_contacts" ADD CONSTRAINT "fk_family_contacts_child" FOREIGN KEY ("child_id") REFERENCES "children"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "family_contacts" ADD CONSTRAINT "fk_family_contacts_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "children" ADD CONSTRAINT "fk_children_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisation_local_authorities" ADD CONSTRAINT "fk_organisation_local_authorities_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisation_local_authorities" ADD CONSTRAINT "fk_organisation_local_authorities_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "fk_users_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "fk_users_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);

        // Written by hand (TypeORM cannot express these):
        // prefix search on the normalised name within an LA (LIKE 'smi%' needs varchar_pattern_ops under any collation).
        await queryRunner.query(`CREATE INDEX "ix_children_la_search_name" ON "children" ("local_authority_id", "search_name" varchar_pattern_ops)`);
        // The audit trail is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks.
        await queryRunner.query(`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$`);
        await queryRunner.query(`CREATE TRIGGER "trg_audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
        await queryRunner.query(`CREATE TRIGGER "trg_audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "trg_audit_events_no_truncate" ON "audit_events"`);
        await queryRunner.query(`DROP TRIGGER "trg_audit_events_append_only" ON "audit_events"`);
        await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
        await queryRunner.query(`DROP INDEX "public"."ix_children_la_search_name"`);
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_organisation_id"`);
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "organisation_local_authorities" DROP CONSTRAINT "fk_organisation_local_authorities_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "organisation_local_authorities" DROP CONSTRAINT "fk_organisation_local_authorities_organisation_id"`);
        await queryRunner.query(`ALTER TABLE "children" DROP CONSTRAINT "fk_children_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "family_contacts" DROP CONSTRAINT "fk_family_contacts_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "family_contacts" DROP CONSTRAINT "fk_family_contacts_child"`);
        await queryRunner.query(`ALTER TABLE "deadlines" DROP CONSTRAINT "fk_deadlines_owner_organisation_id"`);
        await queryRunner.query(`ALTER TABLE "deadlines" DROP CONSTRAINT "fk_deadlines_owner_user_id"`);
        await queryRunner.query(`ALTER TABLE "deadlines" DROP CONSTRAINT "fk_deadlines_advice_request_id"`);
        await queryRunner.query(`ALTER TABLE "deadlines" DROP CONSTRAINT "fk_deadlines_assessment_id"`);
        await queryRunner.query(`ALTER TABLE "deadlines" DROP CONSTRAINT "fk_deadlines_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "fk_assessments_created_by_id"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "fk_assessments_caseworker_id"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "fk_assessments_child_id"`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP CONSTRAINT "fk_assessments_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" DROP CONSTRAINT "fk_assessment_exceptions_recorded_by_id"`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" DROP CONSTRAINT "fk_assessment_exceptions_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "assessment_exceptions" DROP CONSTRAINT "fk_assessment_exceptions_assessment_id"`);
        await queryRunner.query(`ALTER TABLE "advice_submissions" DROP CONSTRAINT "fk_advice_submissions_submitted_by_id"`);
        await queryRunner.query(`ALTER TABLE "advice_submissions" DROP CONSTRAINT "fk_advice_submissions_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "advice_submissions" DROP CONSTRAINT "fk_advice_submissions_advice_request_id"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP CONSTRAINT "fk_advice_requests_created_by_id"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP CONSTRAINT "fk_advice_requests_assignee_organisation_id"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP CONSTRAINT "fk_advice_requests_assignee_user_id"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP CONSTRAINT "fk_advice_requests_child_id"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP CONSTRAINT "fk_advice_requests_assessment_id"`);
        await queryRunner.query(`ALTER TABLE "advice_requests" DROP CONSTRAINT "fk_advice_requests_local_authority_id"`);
        await queryRunner.query(`DROP INDEX "public"."ux_users_email"`);
        await queryRunner.query(`DROP INDEX "public"."ix_users_local_authority_role"`);
        await queryRunner.query(`DROP INDEX "public"."ix_users_organisation"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP INDEX "public"."ux_organisations_urn"`);
        await queryRunner.query(`DROP TABLE "organisations"`);
        await queryRunner.query(`DROP INDEX "public"."ix_organisation_local_authorities_la"`);
        await queryRunner.query(`DROP TABLE "organisation_local_authorities"`);
        await queryRunner.query(`DROP INDEX "public"."ux_local_authorities_code"`);
        await queryRunner.query(`DROP TABLE "local_authorities"`);
        await queryRunner.query(`DROP INDEX "public"."ux_children_la_nhs_number"`);
        await queryRunner.query(`DROP INDEX "public"."ux_children_la_upn"`);
        await queryRunner.query(`DROP INDEX "public"."ix_children_la_uln"`);
        await queryRunner.query(`DROP INDEX "public"."ix_children_la_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_children_la_dob"`);
        await queryRunner.query(`DROP TABLE "children"`);
        await queryRunner.query(`DROP INDEX "public"."ix_family_contacts_child"`);
        await queryRunner.query(`DROP TABLE "family_contacts"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_events_entity"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_events_actor"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
        await queryRunner.query(`DROP INDEX "public"."ux_deadlines_subject_key"`);
        await queryRunner.query(`DROP INDEX "public"."ix_deadlines_la_open_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_deadlines_owner_open_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_deadlines_org_open_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_deadlines_assessment"`);
        await queryRunner.query(`DROP TABLE "deadlines"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_la_status"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_la_caseworker"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_la_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_child"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessments_la_final_issued"`);
        await queryRunner.query(`DROP TABLE "assessments"`);
        await queryRunner.query(`DROP INDEX "public"."ix_assessment_exceptions_assessment"`);
        await queryRunner.query(`DROP TABLE "assessment_exceptions"`);
        await queryRunner.query(`DROP INDEX "public"."ux_advice_submissions_request_version"`);
        await queryRunner.query(`DROP TABLE "advice_submissions"`);
        await queryRunner.query(`DROP INDEX "public"."ix_advice_requests_assessment"`);
        await queryRunner.query(`DROP INDEX "public"."ix_advice_requests_assignee_user"`);
        await queryRunner.query(`DROP INDEX "public"."ix_advice_requests_assignee_org"`);
        await queryRunner.query(`DROP INDEX "public"."ix_advice_requests_la_status"`);
        await queryRunner.query(`DROP TABLE "advice_requests"`);
    }

}
