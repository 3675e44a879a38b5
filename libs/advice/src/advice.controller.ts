import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, Clock, CurrentActor, IsCalendarDate, Permission, RequirePermissions, uuidParam } from '@app/core';
import { DeadlinesService, DeadlineState } from '@app/assessments';
import { daysBetween, deadlineStatus } from '@app/statutory-clock';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdviceRequestView, AdviceService } from './advice.service';
import { AdviceRequestDto, AdviceRequestPageDto, AdviceRequestQueryDto, CreateAdviceRequestDto, SubmitAdviceDto } from './dto/advice.dto';

class MarkReceivedDto {
  @ApiProperty({ example: '2026-03-20' }) @IsCalendarDate() receivedOn: string;
}

@ApiTags('advice')
@ApiBearerAuth()
@Controller()
export class AdviceController {
  constructor(
    private readonly advice: AdviceService,
    private readonly deadlines: DeadlinesService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Post('assessments/:id/advice-requests')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Ask for advice (Regs 6(1)); the adviser has 6 weeks from requestedOn (Regs 8(1))' })
  @ApiCreatedResponse({ type: AdviceRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async create(@CurrentActor() actor: Actor, @Param('id', uuidParam()) assessmentId: string, @Body() dto: CreateAdviceRequestDto): Promise<AdviceRequestDto> {
    const request = await this.advice.request(actor, assessmentId, dto);
    return this.toDto(await this.advice.get(actor, request.id, { auditRead: false }));
  }

  @Get('advice-requests')
  @RequirePermissions(Permission.AdviceRead)
  @ApiOperation({ summary: 'Your advice requests: a professional’s inbox (theirs and their organisation’s); LA staff filter with ?assessmentId=' })
  @ApiOkResponse({ type: AdviceRequestPageDto })
  @ApiProblems(400, 401, 403)
  async list(@CurrentActor() actor: Actor, @Query() query: AdviceRequestQueryDto): Promise<AdviceRequestPageDto> {
    const page = await this.advice.list(actor, query);
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  @Get('advice-requests/:id')
  @RequirePermissions(Permission.AdviceRead)
  @ApiOperation({ summary: 'One advice request, with the child’s name, date of birth, setting and the question; 404 for anyone else' })
  @ApiOkResponse({ type: AdviceRequestDto })
  @ApiProblems(400, 401, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<AdviceRequestDto> {
    return this.toDto(await this.advice.get(actor, id));
  }

  @Post('advice-requests/:id/submission')
  @RequirePermissions(Permission.AdviceRespond)
  @ApiOperation({ summary: 'Submit the advice (the assignee only): it is received today and frozen; a correction needs correctionReason' })
  @ApiCreatedResponse({ type: AdviceRequestDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async submit(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: SubmitAdviceDto): Promise<AdviceRequestDto> {
    return this.toDto(await this.advice.submit(actor, id, dto));
  }

  @Post('advice-requests/:id/received')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Record advice that arrived outside the system on the day it was received' })
  @ApiOkResponse({ type: AdviceRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async markReceived(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: MarkReceivedDto): Promise<AdviceRequestDto> {
    await this.advice.markReceived(actor, id, dto.receivedOn);
    return this.toDto(await this.advice.get(actor, id, { auditRead: false }));
  }

  private async toDto(view: AdviceRequestView): Promise<AdviceRequestDto> {
    return (await this.toDtos([view]))[0];
  }

  private async toDtos(views: AdviceRequestView[]): Promise<AdviceRequestDto[]> {
    const today = this.clock.today();
    const rows = await this.deadlines.forAdviceRequests(this.dataSource.manager, views.map((v) => v.request.id));
    return views.map(({ request, child, latestSubmission }) => {
      const deadline = rows.find((row) => row.adviceRequestId === request.id);
      const dueOn = deadline?.dueOn ?? request.requestedOn;
      return {
        id: request.id,
        assessmentId: request.assessmentId,
        discipline: request.discipline,
        requestedOn: request.requestedOn,
        dueOn,
        deadlineStatus: deadline ? deadlineStatus({ dueOn, completedOn: deadline.completedOn, notApplicable: deadline.state === DeadlineState.NotApplicable }, today) : 'open',
        daysToGo: daysBetween(today, dueOn),
        status: request.status,
        receivedOn: request.receivedOn,
        question: request.question,
        assigneeUserId: request.assigneeUserId,
        assigneeOrganisationId: request.assigneeOrganisationId,
        child,
        latestSubmission: latestSubmission
          ? {
              version: latestSubmission.version,
              summary: latestSubmission.summary,
              needs: latestSubmission.needs,
              outcomes: latestSubmission.outcomes,
              provision: latestSubmission.provision,
              correctionReason: latestSubmission.correctionReason,
              submittedOn: latestSubmission.submittedOn,
              submittedById: latestSubmission.submittedById,
            }
          : null,
        version: request.version,
      };
    });
  }
}
