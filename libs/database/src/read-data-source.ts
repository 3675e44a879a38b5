import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

/**
 * The DataSource reports read from: a streaming replica at DATABASE_READ_URL when it is set, else the primary's own
 * pool. Only libs/reporting injects it (`@Inject(READ_DATA_SOURCE)`), for SELECTs; audit records and every write
 * still go to the primary.
 */
export const READ_DATA_SOURCE = Symbol('READ_DATA_SOURCE');

export interface ReadFreshness {
  /** Where reports are read from. */
  source: 'primary' | 'replica';
  /** Upper bound, in seconds, on how far behind the primary the answer may be (0 on the primary). */
  maxStalenessSeconds: number;
}

/**
 * How stale the read side may be. On a replica: 0 when it has replayed everything it has received, else the age of
 * the last transaction it replayed (a bound: the primary committed nothing newer that the replica has applied).
 * A replica that has received nothing for a while also shows 0 only if it is caught up with what it received, so
 * watch `pg_stat_replication` on the primary as well (docs/runbook.md, "Read replica").
 */
@Injectable()
export class ReadReplicaStatus implements OnApplicationShutdown {
  constructor(
    @Inject(READ_DATA_SOURCE) private readonly read: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get usesReplica(): boolean {
    return this.config.databaseReadUrl !== null;
  }

  async freshness(): Promise<ReadFreshness> {
    if (!this.usesReplica) return { source: 'primary', maxStalenessSeconds: 0 };
    const [row] = await this.read.query<{ in_recovery: boolean; lag: number | null }[]>(
      `SELECT pg_is_in_recovery() AS in_recovery,
              CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                   ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END::float8 AS lag`,
    );
    return { source: row.in_recovery ? 'replica' : 'primary', maxStalenessSeconds: Math.max(0, Math.ceil(row.lag ?? 0)) };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.usesReplica && this.read.isInitialized) await this.read.destroy();
  }
}

/** Provides READ_DATA_SOURCE and ReadReplicaStatus to every module (import once, beside DatabaseModule). */
@Global()
@Module({
  providers: [
    {
      provide: READ_DATA_SOURCE,
      inject: [APP_CONFIG, getDataSourceToken()],
      useFactory: async (config: AppConfig, primary: DataSource): Promise<DataSource> => {
        if (config.databaseReadUrl === null) return primary;
        const replica = new DataSource(
          dataSourceOptions(config.databaseReadUrl, { extra: { max: config.databasePoolSize, connectionTimeoutMillis: 5000, application_name: 'ehcp-reports', options: '-c default_transaction_read_only=on' } }),
        );
        return replica.initialize();
      },
    },
    ReadReplicaStatus,
  ],
  exports: [READ_DATA_SOURCE, ReadReplicaStatus],
})
export class ReadDatabaseModule {}
