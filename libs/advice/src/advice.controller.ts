import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Actor, ApiProblems, Clock, CurrentActor, IsCalendarDate, Permission, RequirePermissions, uuidParam, ValidationFailedError } from '@app/core';
import { DeadlinesService } from '@app/deadlines';
import { AdviceBinding, adviceBinding, daysBetween, PARENT_ADVICE_REGULATION } from '@app/statutory-clock';
import { AdviceRequestView, AdviceService } from './advice.service';
import { AdviceAttachmentsService } from './attachments/advice-attachments.service';
import { contentDisposition, safeFileName } from './attachments/file-type';
import {
  AdviceAttachmentDto,
  AdviceExceptionDto,
  AdviceRequestDto,
  AdviceRequestPageDto,
  AdviceRequestQueryDto,
  AdviceSummaryQueryDto,
  AdviceSummaryRowDto,
  CreateAdviceRequestDto,
  RecordAdviceExceptionDto,
  ReturnAdviceDto,
  ReuseAdviceDto,
  SubmitAdviceDto,
} from './dto/advice.dto';
import { AdviceAttachment } from './entities/advice-attachment.entity';

class MarkReceivedDto {
  @ApiProperty({ type: 'string', format: 'date', example: '2026-03-20' }) @IsCalendarDate() receivedOn: string;
}

class AttachmentQueryDto {
  @ApiProperty({ example: 'EP report.pdf', description: 'The file name to show; the type is read from the content' }) @IsString() @MinLength(1) @MaxLength(255) fileName: string;
}

@ApiTags('advice')
@ApiBearerAuth()
@Controller()
export class AdviceController {
  constructor(
    private readonly advice: AdviceService,
    private readonly attachments: AdviceAttachmentsService,
    private readonly deadlines: DeadlinesService,
    private readonly clock: Clock,
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

  @Get('advice-requests/summary')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'Outstanding, overdue and received advice across your LA, by discipline or by provider organisation' })
  @ApiOkResponse({ type: [AdviceSummaryRowDto] })
  @ApiProblems(400, 401, 403)
  summary(@CurrentActor() actor: Actor, @Query() query: AdviceSummaryQueryDto): Promise<AdviceSummaryRowDto[]> {
    return this.advice.summary(actor, query.groupBy);
  }

  @Post('assessments/:id/reused-advice')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: '"Tell us once" (Regs 6(4)): record existing advice reused with the agreement of the adviser, the LA and the family' })
  @ApiCreatedResponse({ type: AdviceRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async reuse(@CurrentActor() actor: Actor, @Param('id', uuidParam()) assessmentId: string, @Body() dto: ReuseAdviceDto): Promise<AdviceRequestDto> {
    const request = await this.advice.reuse(actor, assessmentId, dto);
    return this.toDto(await this.advice.get(actor, request.id, { auditRead: false }));
  }

  @Post('advice-requests/:id/accept')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Accept received advice: it becomes material for the plan' })
  @ApiOkResponse({ type: AdviceRequestDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async accept(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<AdviceRequestDto> {
    await this.advice.accept(actor, id);
    return this.toDto(await this.advice.get(actor, id, { auditRead: false }));
  }

  @Post('advice-requests/:id/return')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Return received advice to the adviser with a reason; they answer with a corrected version' })
  @ApiOkResponse({ type: AdviceRequestDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async returnAdvice(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: ReturnAdviceDto): Promise<AdviceRequestDto> {
    await this.advice.returnToAdviser(actor, id, dto.reason);
    return this.toDto(await this.advice.get(actor, id, { auditRead: false }));
  }

  @Post('advice-requests/:id/exceptions')
  @RequirePermissions(Permission.AdviceRead)
  @ApiOperation({ summary: 'Record an exception to the adviser’s 6 weeks (Regs 8(2)); the due date stays, a management target is added' })
  @ApiCreatedResponse({ type: AdviceExceptionDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async recordException(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Body() dto: RecordAdviceExceptionDto): Promise<AdviceExceptionDto> {
    const e = await this.advice.recordException(actor, id, dto);
    return { id: e.id, ground: e.ground, startsOn: e.startsOn, endsOn: e.endsOn, reason: e.reason };
  }

  @Post('advice-requests/:id/attachments')
  @RequirePermissions(Permission.AdviceRead)
  @ApiOperation({ summary: 'Add a file (PDF, DOCX, PNG, JPEG; up to 10 MB) to the advice; send the bytes as application/octet-stream' })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: AdviceAttachmentDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415)
  async upload(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Query() query: AttachmentQueryDto, @Body() body: unknown): Promise<AdviceAttachmentDto> {
    if (!Buffer.isBuffer(body)) throw new ValidationFailedError([{ field: 'body', message: 'Send the file as the request body with content-type application/octet-stream' }]);
    return attachmentDto(await this.attachments.upload(actor, id, query.fileName, body));
  }

  @Get('advice-requests/:id/attachments/:attachmentId')
  @RequirePermissions(Permission.AdviceRead)
  @ApiOperation({ summary: 'Download a file sent with the advice (audited)' })
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png', 'image/jpeg')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 401, 403, 404)
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Param('attachmentId', uuidParam()) attachmentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const attachment = await this.attachments.download(actor, id, attachmentId);
    void reply.header('content-type', attachment.mediaType);
    // Names stored before names were cleaned on upload are cleaned on the way out too.
    void reply.header('content-disposition', contentDisposition(safeFileName(attachment.fileName)));
    void reply.header('x-content-type-options', 'nosniff');
    return attachment.content;
  }

  @Delete('advice-requests/:id/attachments/:attachmentId')
  @HttpCode(204)
  @RequirePermissions(Permission.AdviceRead)
  @ApiOperation({ summary: 'Remove a file not yet submitted (submitted files are frozen)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409)
  async removeAttachment(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('attachmentId', uuidParam()) attachmentId: string): Promise<void> {
    await this.attachments.remove(actor, id, attachmentId);
  }

  private async toDto(view: AdviceRequestView): Promise<AdviceRequestDto> {
    return (await this.toDtos([view]))[0];
  }

  private async toDtos(views: AdviceRequestView[]): Promise<AdviceRequestDto[]> {
    const today = this.clock.today();
    const rows = await this.deadlines.forAdviceRequests(views.map((v) => v.request.id), today);
    return views.map(({ request, caseReference, child, latestSubmission, exceptions, attachments }) => {
      const deadline = rows.find((row) => row.adviceRequestId === request.id);
      // The family's own views and advice (Regs 6(1)(a)) have no deadline: no due date, never overdue.
      const noDeadline = adviceBinding(request.discipline, null) === AdviceBinding.None;
      const dueOn = noDeadline ? null : (deadline?.dueOn ?? request.requestedOn);
      return {
        id: request.id,
        assessmentId: request.assessmentId,
        caseReference,
        discipline: request.discipline,
        requestedOn: request.requestedOn,
        dueOn,
        deadlineStatus:
          dueOn === null ? 'not_applicable' : (deadline?.status ?? 'open'),
        daysToGo: dueOn === null ? null : daysBetween(today, dueOn),
        regulation: noDeadline ? PARENT_ADVICE_REGULATION : (deadline?.regulation ?? null),
        statutory: noDeadline ? false : (deadline?.statutory ?? null),
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
        managementTargetOn: deadline?.managementTargetOn ?? null,
        acceptedOn: request.acceptedOn,
        returnedOn: request.returnedOn,
        returnReason: request.returnReason,
        cancelledOn: request.cancelledOn,
        cancellationReason: request.cancellationReason,
        reusedAdvice: request.reusedAdvice,
        adviserAgreedOn: request.adviserAgreedOn,
        localAuthorityAgreedOn: request.localAuthorityAgreedOn,
        familyAgreedOn: request.familyAgreedOn,
        adviserName: request.adviserName,
        familyAgreedBy: request.familyAgreedBy,
        exceptions: exceptions.map((e) => ({ id: e.id, ground: e.ground, startsOn: e.startsOn, endsOn: e.endsOn, reason: e.reason })),
        attachments: attachments.map(attachmentDto),
        version: request.version,
      };
    });
  }
}

function attachmentDto(a: AdviceAttachment): AdviceAttachmentDto {
  return { id: a.id, fileName: safeFileName(a.fileName), mediaType: a.mediaType, sizeBytes: a.sizeBytes, sha256: a.sha256, submissionVersion: a.submissionVersion, uploadedAt: a.createdAt.toISOString() };
}
