import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProcessLifecycle } from '@app/core';
import { REDIS_CLIENT } from '@app/queue';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';

export interface DependencyCheck {
  status: 'up' | 'down';
  message?: string;
}

export interface Readiness {
  status: 'ok' | 'error';
  checks: { postgres: DependencyCheck; redis: DependencyCheck };
  /** True once SIGTERM has been received: the process still serves but wants no new work. */
  shuttingDown: boolean;
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * Readiness of this process (API or worker): PostgreSQL and Redis answer within 2 s each, and the process is not
 * shutting down. Liveness is the process answering at all and needs no service.
 */
@Injectable()
export class ReadinessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly lifecycle: ProcessLifecycle,
  ) {}

  /** The dependencies only (GET /health, as before): PostgreSQL and Redis. */
  async dependencies(): Promise<Readiness['checks']> {
    const [postgres, redis] = await Promise.all([this.check(() => this.pingPostgres()), this.check(() => this.pingRedis())]);
    return { postgres, redis };
  }

  async readiness(): Promise<Readiness> {
    const checks = await this.dependencies();
    const shuttingDown = this.lifecycle.shuttingDown;
    const up = checks.postgres.status === 'up' && checks.redis.status === 'up' && !shuttingDown;
    return { status: up ? 'ok' : 'error', checks, shuttingDown };
  }

  private async check(ping: () => Promise<void>): Promise<DependencyCheck> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([ping(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timeout of ${CHECK_TIMEOUT_MS}ms exceeded`)), CHECK_TIMEOUT_MS)))]);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  private async pingPostgres(): Promise<void> {
    if (!this.dataSource.isInitialized) throw new Error('DataSource is not initialized');
    await this.dataSource.query('SELECT 1');
  }

  private async pingRedis(): Promise<void> {
    if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect().catch(() => undefined);
    const answer = await this.redis.ping();
    if (answer !== 'PONG') throw new Error(`unexpected answer ${answer}`);
  }
}
