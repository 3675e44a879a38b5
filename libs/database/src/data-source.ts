import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import { types } from 'pg';
import { SnakeNamingStrategy } from './snake-naming.strategy';

// SQL `date` values stay 'YYYY-MM-DD' strings in raw queries too: node-postgres would otherwise build a Date at local
// midnight, the UTC-midnight trap the statutory dates must never fall into.
const PG_DATE_OID = 1082;
types.setTypeParser(PG_DATE_OID, (value: string) => value);

const ROOT = join(__dirname, '..', '..', '..');

/**
 * The one DataSource definition, used by the app (TypeOrmModule), the migration CLI and the tests. Entities and
 * migrations are found by file pattern so the same options work from TypeScript sources and from dist/.
 */
export function dataSourceOptions(databaseUrl: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: [join(ROOT, 'libs', '*', 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(ROOT, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // UUID defaults use the built-in gen_random_uuid() (PostgreSQL 13+); no extension is installed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    // TypeORM's own error log prints query parameters (names, identifiers): errors are logged by the API's
    // exception filter instead, without them.
    logging: false,
    ...overrides,
  } as DataSourceOptions;
}

// Default export for the TypeORM CLI (`npm run db:generate`): it compares the whole schema, so it connects as the owner.
export default new DataSource(dataSourceOptions(process.env.DATABASE_OWNER_URL || 'postgres://postgres@127.0.0.1:5432/ehcp'));
