import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, etagFor, NotFoundError, Permission, RequirePermissions, uuidParam, versionFromIfMatch } from '@app/core';
import type { FastifyReply } from 'fastify';
import { toDeadlineDto } from '@app/deadlines';
import { ComputedDeadline } from '@app/statutory-clock';
import { CompareQueryDto, FromAdviceDto, PdfQueryDto, PdfRenderingDto, PLAN_EXTRA_MODELS, PlanDto, PlanVersionDto, PlanVersionSummaryDto, PutSectionDto, QualityFindingDto, QualityQueryDto, SectionChangeDto } from './dto/plan.dto';
import { PlanDocument, PlanDocumentStatus } from './entities/plan-document.entity';
import { Plan } from './entities/plan.entity';
import { isSectionCode, SECTION_CODES } from './plan-sections';
import { PlansService } from './plans.service';

/** How long a client should wait before asking again for a PDF being rendered. */
const RETRY_AFTER_SECONDS = 2;

@ApiTags('plans')
@ApiBearerAuth()
@ApiExtraModels(...PLAN_EXTRA_MODELS, PdfRenderingDto)
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Get(':id')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The plan: its working sections A to K, status, version (ETag) and next review date' })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<PlanDto> {
    const { plan, deadlines } = await this.plans.read(actor, id);
    void reply.header('etag', etagFor(plan.version));
    return toPlanDto(plan, deadlines);
  }

  @Put(':id/sections/:code')
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Replace one section; If-Match with the plan’s ETag is required (428 without, 412 when stale)' })
  @ApiParam({ name: 'code', enum: SECTION_CODES })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The plan’s ETag from the last read, e.g. "3"' })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 404, 412, 428)
  async putSection(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Param('code') code: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: PutSectionDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlanDto> {
    if (!isSectionCode(code)) throw new NotFoundError('plan section', code);
    const { plan, deadlines } = await this.plans.withDeadlines(await this.plans.putSection(actor, id, code, dto, versionFromIfMatch(ifMatch)));
    void reply.header('etag', etagFor(plan.version));
    return toPlanDto(plan, deadlines);
  }

  @Post(':id/from-advice')
  @HttpCode(200)
  @RequirePermissions(Permission.AssessmentsWrite)
  @ApiOperation({ summary: 'Pull an adviser’s needs, outcomes and provision into the plan, with attribution; If-Match required' })
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOkResponse({ type: PlanDto })
  @ApiProblems(400, 401, 403, 404, 409, 412, 428)
  async fromAdvice(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: FromAdviceDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlanDto> {
    const { plan, deadlines } = await this.plans.withDeadlines(await this.plans.importAdvice(actor, id, dto.adviceRequestId, versionFromIfMatch(ifMatch)));
    void reply.header('etag', etagFor(plan.version));
    return toPlanDto(plan, deadlines);
  }

  @Get(':id/quality')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The checks run before issuing: errors block, warnings inform' })
  @ApiOkResponse({ type: [QualityFindingDto] })
  @ApiProblems(400, 401, 403, 404)
  quality(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Query() query: QualityQueryDto): Promise<QualityFindingDto[]> {
    return this.plans.quality(actor, id, query.stage ?? 'final');
  }

  @Get(':id/versions')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The issued versions (drafts, final, amendments) and their documents' })
  @ApiOkResponse({ type: [PlanVersionSummaryDto] })
  @ApiProblems(400, 401, 403, 404)
  async versions(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<PlanVersionSummaryDto[]> {
    return (await this.plans.versions(actor, id)).map(({ version, document }) => ({
      number: version.number,
      stage: version.stage,
      issuedOn: version.issuedOn,
      documentStatus: document?.status ?? null,
      documentSha256: document?.sha256 ?? null,
      documentFailureReason: documentFailureReason(document),
    }));
  }

  @Get(':id/versions/:number')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'One issued version, frozen' })
  @ApiParam({ name: 'number', schema: { type: 'integer', minimum: 1, maximum: 999_999 }, description: 'The version number (1 is the first draft)' })
  @ApiOkResponse({ type: PlanVersionDto })
  @ApiProblems(400, 401, 403, 404)
  async version(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Param('number') number: string): Promise<PlanVersionDto> {
    const { version, document } = await this.plans.version(actor, id, parseVersion(number));
    return { number: version.number, stage: version.stage, issuedOn: version.issuedOn, sections: inOrder(version.sections), child: version.child, documentStatus: document?.status ?? null, documentSha256: document?.sha256 ?? null, documentFailureReason: documentFailureReason(document) };
  }

  @Get(':id/compare')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'Compare two versions section by section: the sections that differ, before and after' })
  @ApiOkResponse({ type: [SectionChangeDto] })
  @ApiProblems(400, 401, 403, 404)
  compare(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Query() query: CompareQueryDto): Promise<SectionChangeDto[]> {
    return this.plans.compare(actor, id, query.from, query.to);
  }

  @Get(':id/pdf')
  @RequirePermissions(Permission.AssessmentsRead)
  @ApiOperation({ summary: 'The latest issued version (or ?version=) as PDF; a draft is watermarked DRAFT. 202 with Retry-After while the worker renders it; 409 pdf_render_failed once the worker has given up on it' })
  @ApiOkResponse({
    description: 'The PDF',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    headers: {
      ETag: { description: 'The SHA-256 of the document, quoted', schema: { type: 'string' } },
      'X-Content-SHA256': { description: 'The SHA-256 of the document (hex), as recorded when it was rendered', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
      'Content-Disposition': { description: 'inline; filename="ehc-plan-v<version>.pdf"', schema: { type: 'string' } },
    },
  })
  @ApiAcceptedResponse({
    description: 'Being rendered: ask again after Retry-After seconds',
    content: { 'application/json': { schema: { $ref: getSchemaPath(PdfRenderingDto) } } },
    headers: { 'Retry-After': { description: 'Seconds to wait before asking again', schema: { type: 'integer', minimum: 1 } } },
  })
  @ApiProblems(400, 401, 403, 404, 409)
  async pdf(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string, @Query() query: PdfQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer | PdfRenderingDto> {
    const answer = await this.plans.pdf(actor, id, query.version);
    if (answer.status === 'pending') {
      void reply.status(202).header('retry-after', String(RETRY_AFTER_SECONDS));
      return { status: 'rendering', versionNumber: answer.versionNumber };
    }
    const document = answer.document!;
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `inline; filename="ehc-plan-v${answer.versionNumber}.pdf"`);
    void reply.header('etag', `"${document.sha256}"`);
    void reply.header('x-content-sha256', document.sha256 ?? '');
    return document.content;
  }
}

/** Shown only once the worker has given up: while pending, a failed attempt is still being retried. */
function documentFailureReason(document: PlanDocument | null): string | null {
  return document?.status === PlanDocumentStatus.Failed ? document.failureReason : null;
}

/** PostgreSQL's jsonb keeps its own key order: answer in the statutory order A to K. */
function inOrder(sections: Plan['sections']): Plan['sections'] {
  return Object.fromEntries(SECTION_CODES.map((code) => [code, sections[code]])) as Plan['sections'];
}

function parseVersion(value: string): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new NotFoundError('plan version', value);
  return Number(value);
}

/** The API's view of a plan with its own deadlines (exported: the reviews context answers with it too). */
export function toPlanDto(plan: Plan, deadlines: ComputedDeadline[]): PlanDto {
  return {
    id: plan.id,
    childId: plan.childId,
    assessmentId: plan.assessmentId,
    caseReference: plan.caseReference,
    status: plan.status,
    version: plan.version,
    latestVersionNumber: plan.latestVersionNumber,
    sections: inOrder(plan.sections),
    finalIssuedOn: plan.finalIssuedOn,
    nextReviewDueOn: plan.nextReviewDueOn,
    deadlines: deadlines.map(toDeadlineDto),
  };
}
