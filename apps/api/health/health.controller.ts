import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiProblems, Public } from '@app/core';
import { REDIS_CLIENT } from '@app/queue';
import type { FastifyReply } from 'fastify';
import Redis from 'ioredis';

class HealthCheckDto {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiPropertyOptional({ description: 'Why it is down' }) message?: string;
}

class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(HealthCheckDto) }, description: 'One entry per dependency: postgres, redis' })
  checks: Record<string, HealthCheckDto>;
}

@ApiTags('health')
@ApiExtraModels(HealthCheckDto)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness and readiness: 200 when PostgreSQL and Redis answer, 503 otherwise (no auth)' })
  @ApiOkResponse({ type: HealthDto, description: '{status: "ok", checks: {postgres: {status: "up"}, redis: {status: "up"}}}' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'One dependency is down; `checks` says which' })
  @ApiProblems(429)
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    try {
      const result = await this.health.check([() => this.database.pingCheck('postgres', { timeout: 2000 }), () => this.pingRedis()]);
      return { status: 'ok', checks: simplify(result.details) };
    } catch (error) {
      const details = (error as { response?: { details?: Record<string, { status: string; message?: string }> } }).response?.details ?? {};
      void reply.status(503);
      return { status: 'error', checks: simplify(details) };
    }
  }

  private async pingRedis() {
    const indicator = this.indicators.check('redis');
    try {
      if (this.redis.status === 'wait' || this.redis.status === 'end') await this.redis.connect().catch(() => undefined);
      const answer = await Promise.race([this.redis.ping(), new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
      return answer === 'PONG' ? indicator.up() : indicator.down({ message: `unexpected answer ${answer}` });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

function simplify(details: Record<string, { status: string; message?: string }>): HealthDto['checks'] {
  return Object.fromEntries(
    Object.entries(details).map(([name, detail]) => [name, { status: detail.status === 'up' ? 'up' : 'down', ...(detail.message ? { message: String(detail.message) } : {}) }]),
  );
}
