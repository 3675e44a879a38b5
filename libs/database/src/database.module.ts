import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, CoreConfigModule } from '@app/core';
import { dataSourceOptions } from './data-source';
import { DatabaseRoleCheck } from './database-role.check';

/** The application's connection pool over the shared DataSource options. */
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
  ],
  providers: [DatabaseRoleCheck],
})
export class DatabaseModule {}
