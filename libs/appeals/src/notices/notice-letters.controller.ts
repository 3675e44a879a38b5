import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions } from '@app/core';
import type { FastifyReply } from 'fastify';
import { NoticeLetterQueryDto, NoticeLetterRenderingDto } from './notice-letters.dto';
import { NoticeLettersService } from './notice-letters.service';

const RETRY_AFTER_SECONDS = 2;

@ApiTags('appeals')
@ApiBearerAuth()
@ApiExtraModels(NoticeLetterRenderingDto)
@Controller('decision-notices')
export class NoticeLettersController {
  constructor(private readonly letters: NoticeLettersService) {}

  @Get('letter')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({
    summary:
      'A decision notice as a PDF letter (Regs 5(3), 10(3), 14, 22(4), 25, 31(3), 32): the appeal right and deadline, the mediation adviser and the LA’s contacts, the 2-month rule, telling the LA of a wish to mediate, disagreement resolution, SENDIASS and (except a refusal to assess) the Tribunal’s health and social care recommendations. The first request freezes the letter and the worker renders it: 202 with Retry-After until then; 422 notice_contacts_missing until the LA has set its contacts',
  })
  @ApiOkResponse({
    description: 'The PDF letter',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    headers: {
      ETag: { description: 'The SHA-256 of the letter, quoted', schema: { type: 'string' } },
      'X-Content-SHA256': { description: 'The SHA-256 of the letter (hex)', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
      'Content-Disposition': { description: 'inline; filename="decision-notice-<decision>-<notifiedOn>.pdf"', schema: { type: 'string' } },
    },
  })
  @ApiAcceptedResponse({
    description: 'Being rendered: ask again after Retry-After seconds',
    content: { 'application/json': { schema: { $ref: getSchemaPath(NoticeLetterRenderingDto) } } },
    headers: { 'Retry-After': { description: 'Seconds to wait before asking again', schema: { type: 'integer', minimum: 1 } } },
  })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async letter(@CurrentActor() actor: Actor, @Query() query: NoticeLetterQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer | NoticeLetterRenderingDto> {
    const answer = await this.letters.letter(actor, query);
    if (answer.status === 'pending') {
      void reply.status(202).header('retry-after', String(RETRY_AFTER_SECONDS));
      return { status: 'rendering', noticeDocumentId: answer.document.id };
    }
    const document = answer.document;
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `inline; filename="decision-notice-${document.decision}-${document.notifiedOn}.pdf"`);
    void reply.header('etag', `"${document.sha256}"`);
    void reply.header('x-content-sha256', document.sha256 ?? '');
    return document.content!;
  }
}
