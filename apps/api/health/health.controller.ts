import { Controller, Get, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiServiceUnavailableResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiProblems, Public } from '@app/core';
import { ReadinessService } from '@app/observability';
import type { FastifyReply } from 'fastify';

class HealthCheckDto {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiPropertyOptional({ description: 'Why it is down' }) message?: string;
}

class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ type: 'object', additionalProperties: { $ref: getSchemaPath(HealthCheckDto) }, description: 'One entry per dependency: postgres, redis' })
  checks: Record<string, HealthCheckDto>;
}

class ReadinessDto extends HealthDto {
  @ApiProperty({ description: 'True once the process has been asked to stop (SIGTERM): it still answers, but wants no new requests' })
  shuttingDown: boolean;
}

class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}

@ApiTags('health')
@ApiExtraModels(HealthCheckDto)
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'PostgreSQL and Redis: 200 when both answer, 503 otherwise (no auth). Prefer /health/ready and /health/live for probes' })
  @ApiOkResponse({ type: HealthDto, description: '{status: "ok", checks: {postgres: {status: "up"}, redis: {status: "up"}}}' })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'One dependency is down; `checks` says which' })
  @ApiProblems(429)
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const checks = await this.readiness.dependencies();
    const up = checks.postgres.status === 'up' && checks.redis.status === 'up';
    if (!up) void reply.status(503);
    return { status: up ? 'ok' : 'error', checks };
  }

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs; checks no dependency, so a PostgreSQL or Redis outage never restarts a healthy API (no auth)' })
  @ApiOkResponse({ type: LivenessDto })
  @ApiProblems(429)
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when PostgreSQL and Redis answer and the process is not shutting down; 503 otherwise (no auth)' })
  @ApiOkResponse({ type: ReadinessDto, description: '{status: "ok", checks: {postgres: {status: "up"}, redis: {status: "up"}}, shuttingDown: false}' })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'A dependency is down (`checks` says which) or the process is shutting down (`shuttingDown: true`)' })
  @ApiProblems(429)
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessDto> {
    const readiness = await this.readiness.readiness();
    if (readiness.status !== 'ok') void reply.status(503);
    return readiness;
  }
}
