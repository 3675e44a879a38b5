import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiClient } from '../api/api-client';
import { PublicPage } from '../core/access';

/** `GET /health`: 200 when the web can reach the API and the API says it is healthy, 503 otherwise. */
@Controller('health')
export class HealthController {
  constructor(private readonly api: ApiClient) {}

  @Get()
  @PublicPage()
  async health(@Res() reply: FastifyReply) {
    const healthy = await this.api
      .anonymous()
      .GET('/api/v1/health')
      .then((result) => result.response.ok)
      .catch(() => false);
    return reply
      .code(healthy ? 200 : 503)
      .header('cache-control', 'no-store')
      .send({ status: healthy ? 'ok' : 'unavailable', api: healthy ? 'reachable' : 'unreachable' });
  }
}
