import { MigrationInterface, QueryRunner } from "typeorm";

export class SignInSessionsSecondFactorSso1796100000000 implements MigrationInterface {
    name = 'SignInSessionsSecondFactorSso1796100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "identity_providers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "local_authority_id" uuid NOT NULL, "organisation_id" uuid, "name" character varying(200) NOT NULL, "issuer" character varying(500) NOT NULL, "client_id" character varying(300) NOT NULL, "client_secret_ref" character varying(500) NOT NULL, "token_endpoint_auth_method" character varying(32) NOT NULL DEFAULT 'client_secret_basic', "scopes" character varying(300) NOT NULL DEFAULT 'openid email profile', "role_claim" character varying(100), "role_mapping" jsonb NOT NULL DEFAULT '[]', "trust_email" boolean NOT NULL DEFAULT false, "auto_create_users" boolean NOT NULL DEFAULT false, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3ac9e77e3690c03f7f25579c8e0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_identity_providers_local_authority" ON "identity_providers"  ("local_authority_id") `);
        await queryRunner.query(`CREATE TABLE "identity_provider_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "identity_provider_id" uuid NOT NULL, "subject" character varying(255) NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_sign_in_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cadc7bc23aae8b4954da81c05e2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_identity_provider_links_user" ON "identity_provider_links"  ("identity_provider_id", "user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_identity_provider_links_subject" ON "identity_provider_links"  ("identity_provider_id", "subject") `);
        await queryRunner.query(`CREATE TABLE "oidc_authorizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "identity_provider_id" uuid NOT NULL, "state_hash" character varying(64) NOT NULL, "nonce_hash" character varying(64) NOT NULL, "code_challenge" character varying(128) NOT NULL, "redirect_uri" character varying(1000) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "consumed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_e51739657cc9b7bff135f3590bf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_oidc_authorizations_expires_at" ON "oidc_authorizations"  ("expires_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_oidc_authorizations_state_hash" ON "oidc_authorizations"  ("state_hash") `);
        await queryRunner.query(`CREATE TABLE "user_recovery_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" character varying(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_411939add58ed0eceffd39973cf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_user_recovery_codes_user_hash" ON "user_recovery_codes"  ("user_id", "code_hash") `);
        await queryRunner.query(`CREATE TABLE "user_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "method" character varying(32) NOT NULL, "identity_provider_id" uuid, "refresh_token_hash" character varying(64) NOT NULL, "refresh_count" integer NOT NULL DEFAULT '0', "token_version" integer NOT NULL, "user_agent" character varying(300), "address" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(32), CONSTRAINT "PK_e93e031a5fed190d4789b6bfd83" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_user_sessions_user_created" ON "user_sessions"  ("user_id", "created_at") `);
        // LAs that exist already keep signing in as before ('none': their administrators turn it on, runbook); every LA
        // created from now on requires a second factor of its administrators and managers.
        await queryRunner.query(`ALTER TABLE "local_authorities" ADD "mfa_required_for" character varying(32) NOT NULL DEFAULT 'none'`);
        await queryRunner.query(`ALTER TABLE "local_authorities" ALTER COLUMN "mfa_required_for" SET DEFAULT 'admins_and_managers'`);
        await queryRunner.query(`ALTER TABLE "users" ADD "totp_secret_encrypted" character varying(300)`);
        await queryRunner.query(`ALTER TABLE "users" ADD "totp_pending_secret_encrypted" character varying(300)`);
        await queryRunner.query(`ALTER TABLE "users" ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "users" ADD "totp_last_step" bigint`);
        await queryRunner.query(`ALTER TABLE "identity_providers" ADD CONSTRAINT "fk_identity_providers_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "identity_providers" ADD CONSTRAINT "fk_identity_providers_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "identity_provider_links" ADD CONSTRAINT "fk_identity_provider_links_identity_provider_id" FOREIGN KEY ("identity_provider_id") REFERENCES "identity_providers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "identity_provider_links" ADD CONSTRAINT "fk_identity_provider_links_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "oidc_authorizations" ADD CONSTRAINT "fk_oidc_authorizations_identity_provider_id" FOREIGN KEY ("identity_provider_id") REFERENCES "identity_providers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "user_recovery_codes" ADD CONSTRAINT "fk_user_recovery_codes_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "user_sessions" ADD CONSTRAINT "fk_user_sessions_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "user_sessions" ADD CONSTRAINT "fk_user_sessions_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "user_sessions" DROP CONSTRAINT "fk_user_sessions_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "user_sessions" DROP CONSTRAINT "fk_user_sessions_user_id"`);
        await queryRunner.query(`ALTER TABLE "user_recovery_codes" DROP CONSTRAINT "fk_user_recovery_codes_user_id"`);
        await queryRunner.query(`ALTER TABLE "oidc_authorizations" DROP CONSTRAINT "fk_oidc_authorizations_identity_provider_id"`);
        await queryRunner.query(`ALTER TABLE "identity_provider_links" DROP CONSTRAINT "fk_identity_provider_links_user_id"`);
        await queryRunner.query(`ALTER TABLE "identity_provider_links" DROP CONSTRAINT "fk_identity_provider_links_identity_provider_id"`);
        await queryRunner.query(`ALTER TABLE "identity_providers" DROP CONSTRAINT "fk_identity_providers_organisation_id"`);
        await queryRunner.query(`ALTER TABLE "identity_providers" DROP CONSTRAINT "fk_identity_providers_local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_last_step"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_enabled_at"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_pending_secret_encrypted"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "totp_secret_encrypted"`);
        await queryRunner.query(`ALTER TABLE "local_authorities" DROP COLUMN "mfa_required_for"`);
        await queryRunner.query(`DROP INDEX "public"."ix_user_sessions_user_created"`);
        await queryRunner.query(`DROP TABLE "user_sessions"`);
        await queryRunner.query(`DROP INDEX "public"."ux_user_recovery_codes_user_hash"`);
        await queryRunner.query(`DROP TABLE "user_recovery_codes"`);
        await queryRunner.query(`DROP INDEX "public"."ux_oidc_authorizations_state_hash"`);
        await queryRunner.query(`DROP INDEX "public"."ix_oidc_authorizations_expires_at"`);
        await queryRunner.query(`DROP TABLE "oidc_authorizations"`);
        await queryRunner.query(`DROP INDEX "public"."ux_identity_provider_links_subject"`);
        await queryRunner.query(`DROP INDEX "public"."ux_identity_provider_links_user"`);
        await queryRunner.query(`DROP TABLE "identity_provider_links"`);
        await queryRunner.query(`DROP INDEX "public"."ix_identity_providers_local_authority"`);
        await queryRunner.query(`DROP TABLE "identity_providers"`);
    }

}
