import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Organisations become one LA's records, and professionals reach an LA's requests only through that LA's admission
 * (docs/security.md, "Organisations"). An organisation linked to several LAs is split: the LA that linked it first
 * keeps the record; every other LA gets its own copy, without the first LA's shared inbox, and its requests, deadlines
 * and messages move to that copy. A professional stays a member of the record of the LA that manages them, and of another
 * LA's copy only where that LA named them on its own requests; no other admission is assumed, since the old link was
 * never that LA's consent. Their admins admit members again.
 */
export class OrganisationsPerLocalAuthority1795469000000 implements MigrationInterface {
    name = 'OrganisationsPerLocalAuthority1795469000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "organisation_members" ("organisation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "admitted_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3cc6551a3f80b7aca61439ac6a5" PRIMARY KEY ("organisation_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_organisation_members_local_authority" ON "organisation_members"  ("local_authority_id") `);
        await queryRunner.query(`CREATE INDEX "ix_organisation_members_user" ON "organisation_members"  ("user_id") `);
        await queryRunner.query(`ALTER TABLE "organisations" ADD "local_authority_id" uuid`);
        await queryRunner.query(`ALTER TABLE "organisations" ADD "version" integer NOT NULL DEFAULT '1'`);

        // The owner: the LA that linked the organisation first; failing that, the LA of a member or of a request to it.
        await queryRunner.query(`UPDATE organisations o SET local_authority_id = COALESCE(
            (SELECT l.local_authority_id FROM organisation_local_authorities l WHERE l.organisation_id = o.id ORDER BY l.created_at, l.local_authority_id LIMIT 1),
            (SELECT u.local_authority_id FROM users u WHERE u.organisation_id = o.id ORDER BY u.created_at LIMIT 1),
            (SELECT r.local_authority_id FROM advice_requests r WHERE r.assignee_organisation_id = o.id LIMIT 1))`);
        // Unlinked and unused: nobody can have known of it.
        await queryRunner.query(`DELETE FROM organisations WHERE local_authority_id IS NULL`);

        // A copy for every other LA it was linked to.
        await queryRunner.query(`CREATE TEMPORARY TABLE organisation_split AS
            SELECT l.organisation_id AS old_id, l.local_authority_id, gen_random_uuid() AS new_id
              FROM organisation_local_authorities l JOIN organisations o ON o.id = l.organisation_id
             WHERE l.local_authority_id <> o.local_authority_id`);
        await queryRunner.query(`INSERT INTO organisations (id, local_authority_id, name, kind, urn, ukprn, shared_inbox_email, created_at)
            SELECT s.new_id, s.local_authority_id, o.name, o.kind, o.urn, o.ukprn, NULL, o.created_at FROM organisation_split s JOIN organisations o ON o.id = s.old_id`);
        await queryRunner.query(`UPDATE advice_requests r SET assignee_organisation_id = s.new_id FROM organisation_split s WHERE r.assignee_organisation_id = s.old_id AND r.local_authority_id = s.local_authority_id`);
        await queryRunner.query(`UPDATE deadlines d SET owner_organisation_id = s.new_id FROM organisation_split s WHERE d.owner_organisation_id = s.old_id AND d.local_authority_id = s.local_authority_id`);
        await queryRunner.query(`UPDATE notifications n SET recipient_organisation_id = s.new_id FROM organisation_split s WHERE n.recipient_organisation_id = s.old_id AND n.local_authority_id = s.local_authority_id`);

        // Members: of their home LA's record of their organisation only.
        await queryRunner.query(`INSERT INTO organisation_members (organisation_id, user_id, local_authority_id)
            SELECT COALESCE(s.new_id, o.id), u.id, u.local_authority_id
              FROM users u JOIN organisations o ON o.id = u.organisation_id
              LEFT JOIN organisation_split s ON s.old_id = o.id AND s.local_authority_id = u.local_authority_id
             WHERE o.local_authority_id = u.local_authority_id OR s.new_id IS NOT NULL`);
        // A professional another LA named on its requests, reaching them through the old link, keeps that LA's
        // admission: naming them was that LA's own act (otherwise its open requests would go dark at the upgrade).
        await queryRunner.query(`INSERT INTO organisation_members (organisation_id, user_id, local_authority_id)
            SELECT DISTINCT COALESCE(s.new_id, o.id), u.id, r.local_authority_id
              FROM advice_requests r
              JOIN users u ON u.id = r.assignee_user_id
              JOIN organisations o ON o.id = u.organisation_id
              JOIN organisation_local_authorities l ON l.organisation_id = o.id AND l.local_authority_id = r.local_authority_id
              LEFT JOIN organisation_split s ON s.old_id = o.id AND s.local_authority_id = r.local_authority_id
             WHERE u.local_authority_id <> r.local_authority_id
            ON CONFLICT DO NOTHING`);
        await queryRunner.query(`DROP TABLE organisation_split`);
        // The old code stored an organisation next to a named professional without checking it served the LA: such a
        // request (and its deadline, and its messages) must not point at another LA's record. The person stays named.
        await queryRunner.query(`UPDATE advice_requests r SET assignee_organisation_id = NULL FROM organisations o WHERE o.id = r.assignee_organisation_id AND o.local_authority_id <> r.local_authority_id`);
        await queryRunner.query(`UPDATE deadlines d SET owner_organisation_id = NULL FROM organisations o WHERE o.id = d.owner_organisation_id AND o.local_authority_id <> d.local_authority_id`);
        await queryRunner.query(`UPDATE notifications n SET recipient_organisation_id = NULL FROM organisations o WHERE o.id = n.recipient_organisation_id AND o.local_authority_id <> n.local_authority_id`);

        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "fk_users_organisation_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_users_organisation"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "organisation_id"`);
        await queryRunner.query(`DROP TABLE "organisation_local_authorities"`);
        await queryRunner.query(`DROP INDEX "public"."ux_organisations_urn"`);
        await queryRunner.query(`ALTER TABLE "organisations" ALTER COLUMN "local_authority_id" SET NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_organisations_local_authority_name" ON "organisations"  ("local_authority_id", "name") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_organisations_local_authority_urn" ON "organisations"  ("local_authority_id", "urn") WHERE urn IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "organisation_members" ADD CONSTRAINT "fk_organisation_members_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisation_members" ADD CONSTRAINT "fk_organisation_members_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisation_members" ADD CONSTRAINT "fk_organisation_members_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisation_members" ADD CONSTRAINT "fk_organisation_members_admitted_by_id" FOREIGN KEY ("admitted_by_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisations" ADD CONSTRAINT "fk_organisations_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

    /** Back to links: each record links its own LA (copies stay separate records; a repeated URN is cleared on the copy). */
    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "organisations" DROP CONSTRAINT "fk_organisations_local_authority_id"`);
        await queryRunner.query(`CREATE TABLE "organisation_local_authorities" ("organisation_id" uuid NOT NULL, "local_authority_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7a5289736743e5672b50d75221b" PRIMARY KEY ("organisation_id", "local_authority_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_organisation_local_authorities_la" ON "organisation_local_authorities" ("local_authority_id") `);
        await queryRunner.query(`INSERT INTO organisation_local_authorities (organisation_id, local_authority_id, created_at) SELECT id, local_authority_id, created_at FROM organisations`);
        await queryRunner.query(`ALTER TABLE "organisation_local_authorities" ADD CONSTRAINT "fk_organisation_local_authorities_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organisation_local_authorities" ADD CONSTRAINT "fk_organisation_local_authorities_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "users" ADD "organisation_id" uuid`);
        await queryRunner.query(`UPDATE users u SET organisation_id = (SELECT m.organisation_id FROM organisation_members m WHERE m.user_id = u.id AND m.local_authority_id = u.local_authority_id ORDER BY m.created_at LIMIT 1)`);
        await queryRunner.query(`DROP TABLE "organisation_members"`);
        await queryRunner.query(`DROP INDEX "public"."ux_organisations_local_authority_urn"`);
        await queryRunner.query(`DROP INDEX "public"."ix_organisations_local_authority_name"`);
        await queryRunner.query(`UPDATE organisations o SET urn = NULL WHERE urn IS NOT NULL AND EXISTS (SELECT 1 FROM organisations e WHERE e.urn = o.urn AND (e.created_at, e.id) < (o.created_at, o.id))`);
        await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "local_authority_id"`);
        await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "version"`);
        await queryRunner.query(`CREATE INDEX "ix_users_organisation" ON "users" USING btree ("organisation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_organisations_urn" ON "organisations" USING btree ("urn") WHERE (urn IS NOT NULL)`);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "fk_users_organisation_id" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    }

}
