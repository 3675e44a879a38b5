import { DataSource, EntityTarget } from 'typeorm';

type Mapper<T> = (row: Record<string, unknown>) => T;
const mappers = new WeakMap<DataSource, Map<unknown, Mapper<unknown>>>();

/**
 * Builds an entity from a plain row (`SELECT t.*`, or `row_to_json(t)` inside a JSON aggregate) for hot read paths
 * that fetch several tables in one query: TypeORM's query builder and entity mapping cost more than the query there.
 * Columns come from the entity's metadata, so a column added later is mapped too; timestamps that arrived as JSON
 * strings become Dates as TypeORM would make them; `date` columns stay 'YYYY-MM-DD' strings (data-source.ts).
 */
export function leanRowMapper<T>(dataSource: DataSource, target: EntityTarget<T>): Mapper<T> {
  let byTarget = mappers.get(dataSource);
  if (!byTarget) mappers.set(dataSource, (byTarget = new Map()));
  const cached = byTarget.get(target);
  if (cached) return cached as Mapper<T>;
  const metadata = dataSource.getMetadata(target);
  const columns = metadata.columns.map((c) => ({ from: c.databaseName, to: c.propertyName, timestamp: c.type === 'timestamptz' || c.type === 'timestamp' || c.type === Date }));
  const mapper: Mapper<T> = (row) => {
    const entity = metadata.create() as Record<string, unknown>;
    for (const column of columns) {
      const value = row[column.from];
      entity[column.to] = column.timestamp && typeof value === 'string' ? new Date(value) : value;
    }
    return entity as T;
  };
  byTarget.set(target, mapper as Mapper<unknown>);
  return mapper;
}
