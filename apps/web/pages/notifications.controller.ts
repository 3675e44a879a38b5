import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiClient, must } from '../api/api-client';
import { ForRoles } from '../core/access';
import { DEADLINE_LABELS } from '../core/labels';
import { Views } from '../core/views';

const KIND_LABELS: Record<string, string> = {
  deadline_due_soon: 'Deadline due soon',
  deadline_due_today: 'Deadline due today',
  deadline_overdue: 'Deadline overdue',
  advice_requested: 'Advice requested',
  advice_due_soon: 'Advice due soon',
  advice_overdue: 'Advice overdue',
  advice_received: 'Advice received',
  review_due_soon: 'Review due soon',
};

/** Where a notification's subject is shown in the web, for the roles that see it. */
function subjectHref(role: string, subjectType: string, subjectId: string): string | null {
  if (subjectType === 'advice_request') return role === 'professional' ? `/advice/${subjectId}` : null;
  if (role !== 'caseworker') return null;
  if (subjectType === 'assessment') return `/cases/${subjectId}`;
  if (subjectType === 'plan') return `/plans/${subjectId}`;
  return null;
}

/** The person's reminders and escalations, newest first. */
@Controller('notifications')
@ForRoles('caseworker', 'professional', 'manager')
export class NotificationsController {
  constructor(
    private readonly api: ApiClient,
    private readonly views: Views,
  ) {}

  @Get()
  async inbox(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('cursor') cursor?: string) {
    const page = must(await this.api.as(request).GET('/api/v1/notifications', { params: { query: { limit: 50, cursor: cursor && cursor.length <= 512 ? cursor : undefined } } }));
    const role = request.session!.person.role;
    return this.views.render(reply, 'notifications.njk', {
      pageTitle: 'Notifications',
      rows: page.items.map((n) => ({
        ...n,
        kindLabel: KIND_LABELS[n.kind] ?? n.kind.replace(/_/g, ' '),
        deadlineLabel: n.deadlineKind ? (DEADLINE_LABELS[n.deadlineKind] ?? n.deadlineKind) : null,
        href: subjectHref(role, n.subjectType, n.subjectId),
      })),
      nextHref: page.nextCursor ? `/notifications?cursor=${encodeURIComponent(page.nextCursor)}` : null,
    });
  }
}
