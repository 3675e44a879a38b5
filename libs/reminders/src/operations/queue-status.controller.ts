import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions } from '@app/core';
import { QueueStatusDto } from './queue-status.dto';
import { QueueStatusService } from './queue-status.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('operations')
export class QueueStatusController {
  constructor(private readonly status: QueueStatusService) {}

  @Get('queues')
  @RequirePermissions(Permission.OperationsRead)
  @ApiOperation({ summary: 'Queue and delivery health: job counts and schedulers per queue, your LA’s late reminders and unsent emails (LA administrators)' })
  @ApiOkResponse({ type: QueueStatusDto })
  @ApiProblems(401, 403)
  queues(@CurrentActor() actor: Actor): Promise<QueueStatusDto> {
    return this.status.status(actor);
  }
}
