import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { TxHost } from '@app/database';
import { DataSource } from 'typeorm';

/**
 * The ambient transaction (ADR 0011) over a DataSource a test opened itself, for services built with `new` outside a
 * Nest module: what `DatabaseModule`'s ClsModule gives the apps. `txHost.withTransaction(...)` is the command's
 * transaction; the service reads and writes through `txHost.tx`.
 */
export function transactionHostFor(dataSource: DataSource): TxHost {
  const adapter = new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource });
  return new TransactionHost({ ...adapter.optionsFactory(dataSource), connectionName: undefined, enableTransactionProxy: false, defaultTxOptions: {}, extraProviderTokens: [] });
}
