import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConfigError } from '@app/core';
import { DataSource } from 'typeorm';
import { CURRENT_ROLE_PROBLEMS_SQL } from './database-roles';

/**
 * Refuses to start the API or the worker when DATABASE_URL connects as a role that could rewrite the audit trail
 * (a superuser, the tables' owner, a role with UPDATE/DELETE/TRUNCATE on audit_events): the least-privilege role is
 * the defence, so running without it must not go unnoticed.
 */
@Injectable()
export class DatabaseRoleCheck implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const [row] = await this.dataSource.query<{ problems: string[]; role: string }[]>(CURRENT_ROLE_PROBLEMS_SQL);
    if (row && row.problems.length > 0) {
      throw new ConfigError(
        `DATABASE_URL connects as "${row.role}" and ${row.problems.join(', ')}: the API and the worker must connect as the app role (default ehcp_app), the migrations as DATABASE_OWNER_URL (docs/runbook.md, "Database roles").`,
      );
    }
  }
}
