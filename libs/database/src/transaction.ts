import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs `work` in the caller's transaction when one is given (a command composed of others, an import line), or in
 * a new one. Either way the whole command commits or rolls back as one.
 */
export function inTransaction<T>(dataSource: DataSource, manager: EntityManager | undefined, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return manager ? work(manager) : dataSource.transaction(work);
}
