import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, uuidParam } from '@app/core';
import { NotificationDto, NotificationPageDto, NotificationQueryDto } from './dto/notification.dto';
import { Notification } from './entities/notification.entity';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your inbox: reminders and escalations, newest first (yours and your organisation’s shared inbox)' })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(400, 401)
  async list(@CurrentActor() actor: Actor, @Query() query: NotificationQueryDto): Promise<NotificationPageDto> {
    const page = await this.notifications.list(actor, query);
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a message as read' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems(400, 401, 404)
  async read(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<NotificationDto> {
    return toDto(await this.notifications.markRead(actor, id));
  }
}

function toDto(n: Notification): NotificationDto {
  return {
    id: n.id,
    kind: n.kind,
    subjectType: n.subjectType,
    subjectId: n.subjectId,
    deadlineKind: n.deadlineKind,
    dueOn: n.dueOn,
    escalated: n.escalated,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
  };
}
