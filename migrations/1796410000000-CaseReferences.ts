import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One reference per case (issue 23): `EHC-<year the request was received>-<number>`, e.g. EHC-2026-00042, unique in
 * its LA, the same in every email, page and PDF. The assessments context owns it: a trigger numbers each new
 * assessment from a per-LA, per-year counter (a row lock serialises two cases registered at once), whoever inserts
 * the row (the service, an import, the scale seeder). Existing cases are numbered in the order their requests came in.
 * The plan carries its case's reference.
 */
export class CaseReferences1796410000000 implements MigrationInterface {
    name = 'CaseReferences1796410000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "case_reference_counters" ("local_authority_id" uuid NOT NULL, "year" integer NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "pk_case_reference_counters" PRIMARY KEY ("local_authority_id", "year"))`);
        await queryRunner.query(`ALTER TABLE "case_reference_counters" ADD CONSTRAINT "fk_case_reference_counters_local_authority_id" FOREIGN KEY ("local_authority_id") REFERENCES "local_authorities"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessments" ADD "reference" character varying(20)`);
        await queryRunner.query(`
            WITH numbered AS (
                SELECT id, local_authority_id, EXTRACT(YEAR FROM request_received_on)::int AS year,
                       row_number() OVER (PARTITION BY local_authority_id, EXTRACT(YEAR FROM request_received_on) ORDER BY request_received_on, created_at, id) AS n
                FROM assessments
            )
            UPDATE assessments a SET reference = 'EHC-' || numbered.year || '-' || lpad(numbered.n::text, 5, '0') FROM numbered WHERE numbered.id = a.id`);
        await queryRunner.query(`
            INSERT INTO case_reference_counters (local_authority_id, year, last_number)
            SELECT local_authority_id, EXTRACT(YEAR FROM request_received_on)::int, count(*) FROM assessments GROUP BY 1, 2`);
        await queryRunner.query(`
            CREATE FUNCTION assign_case_reference() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                y integer := EXTRACT(YEAR FROM NEW.request_received_on)::int;
                n integer;
            BEGIN
                IF NEW.reference IS NULL THEN
                    INSERT INTO case_reference_counters AS c (local_authority_id, year, last_number) VALUES (NEW.local_authority_id, y, 1)
                    ON CONFLICT (local_authority_id, year) DO UPDATE SET last_number = c.last_number + 1
                    RETURNING c.last_number INTO n;
                    NEW.reference := 'EHC-' || y || '-' || lpad(n::text, 5, '0');
                END IF;
                RETURN NEW;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "trg_assessments_case_reference" BEFORE INSERT ON "assessments" FOR EACH ROW EXECUTE FUNCTION assign_case_reference()`);
        await queryRunner.query(`ALTER TABLE "assessments" ALTER COLUMN "reference" SET NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "ux_assessments_la_reference" ON "assessments" ("local_authority_id", "reference") `);
        await queryRunner.query(`ALTER TABLE "plans" ADD "case_reference" character varying(20)`);
        await queryRunner.query(`UPDATE plans p SET case_reference = a.reference FROM assessments a WHERE a.id = p.assessment_id`);
        await queryRunner.query(`ALTER TABLE "plans" ALTER COLUMN "case_reference" SET NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "plans" DROP COLUMN "case_reference"`);
        await queryRunner.query(`DROP INDEX "public"."ux_assessments_la_reference"`);
        await queryRunner.query(`DROP TRIGGER "trg_assessments_case_reference" ON "assessments"`);
        await queryRunner.query(`DROP FUNCTION assign_case_reference()`);
        await queryRunner.query(`ALTER TABLE "assessments" DROP COLUMN "reference"`);
        await queryRunner.query(`DROP TABLE "case_reference_counters"`);
    }

}
