import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { APP_CONFIG, AppConfig, CoreConfigModule } from '@app/core';
import { dataSourceOptions } from './data-source';
import { DatabaseRoleCheck } from './database-role.check';

/**
 * The application's connection pool over the shared DataSource options, and the ambient transaction (ADR 0011):
 * nestjs-cls with its transactional plugin and TypeORM adapter, global, so every service can inject `TxHost`.
 * No request middleware: `txHost.withTransaction` (and `@Transactional()`) opens its own CLS context, so the API,
 * the worker's processors and the CLI all work the same way.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [CoreConfigModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.databaseUrl),
        extra: { max: config.databasePoolSize, connectionTimeoutMillis: 5000, application_name: 'ehcp' },
        // Fail start-up quickly with one clear line instead of retrying for minutes.
        retryAttempts: 0,
      }),
    }),
    ClsModule.forRoot({
      global: true,
      plugins: [new ClsPluginTransactional({ adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }) })],
    }),
  ],
  providers: [DatabaseRoleCheck],
})
export class DatabaseModule {}
