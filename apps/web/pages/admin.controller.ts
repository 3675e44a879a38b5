import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import { ForRoles } from '../core/access';
import { Views } from '../core/views';

const ROLE_LABELS: Record<string, string> = { la_admin: 'LA administrator', caseworker: 'Caseworker', manager: 'Manager', professional: 'Professional', national_analyst: 'National analyst' };

/** LA administrators: the LA's users. */
@Controller('admin')
@ForRoles('la_admin')
export class AdminController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get('users')
  async users(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('cursor') cursor?: string) {
    const page = must(await this.api.as(request).GET('/api/v1/users', { params: { query: { limit: 100, cursor: cursor && cursor.length <= 512 ? cursor : undefined } } }));
    return this.views.render(reply, 'admin/users.njk', {
      pageTitle: 'Users',
      users: page.items.map((u) => ({ ...u, roleLabel: ROLE_LABELS[u.role] ?? u.role })),
      nextHref: page.nextCursor ? `/admin/users?cursor=${encodeURIComponent(page.nextCursor)}` : null,
    });
  }
}
