import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';

/**
 * The ambient transaction (ADR 0011). Inject it as `private readonly txHost: TxHost`; a command opens its transaction
 * with `txHost.withTransaction(...)` (or `@Transactional()`), joining the caller's when there is one, and everything it
 * calls reads and writes through `txHost.tx`, the transaction's EntityManager (the DataSource's own manager outside
 * one). No method takes an EntityManager parameter.
 */
export type TxHost = TransactionHost<TransactionalAdapterTypeOrm>;
export const TxHost = TransactionHost;
