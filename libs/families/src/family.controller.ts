import { formatLongDate } from '@app/statutory-clock';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Clock, CurrentFamilyMember, FamilyMemberActor, FamilyRoute, Public, uuidParam, ValidationFailedError } from '@app/core';
import { LoginThrottled } from '@app/identity';
import { PdfRenderingDto } from '@app/plans';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoProductionService } from './co-production.service';
import {
  ContributionCreatedDto,
  DocumentQueryDto,
  FamilyCaseDto,
  FamilyChildDto,
  FamilyContributionDto,
  FamilyMeDto,
  FamilyPlanDto,
  FamilySessionDto,
  FamilyTokenDto,
  GiveViewsDto,
  FamilyMediationDto,
  FamilyRepresentationsDto,
  RepresentationsRecordedDto,
  SignInAcceptedDto,
  SignInDto,
  VerifySignInDto,
} from './dto/families.dto';
import { SignInFailedError } from './families.errors';
import { toContributionDto, toCreatedDto } from './families.mappers';
import { STAGE_WORDS } from './family-case-words';
import { rightsHolder } from './family-rights';
import { ClientInfo, FamilySignInService } from './family-sign-in.service';

const RETRY_AFTER_SECONDS = 2;
const SIGN_IN_ACCEPTED = 'If that address has access, we have emailed it a code and a link. They work once, for 10 minutes.';

function client(request: FastifyRequest): ClientInfo {
  const agent = request.headers['user-agent'];
  return { address: request.ip ?? null, userAgent: typeof agent === 'string' ? agent : null };
}

/** Signing in without a password (public, rate limited per client address and per email address). */
@ApiTags('family')
@Controller('family/sign-in')
export class FamilySignInController {
  constructor(private readonly signIn: FamilySignInService) {}

  @Post()
  @Public()
  @LoginThrottled()
  @HttpCode(202)
  @ApiOperation({ summary: 'Ask for a sign-in code: 202 whatever the address (a known one is emailed a 6-digit code and a link, at most 3 in 15 minutes)' })
  @ApiAcceptedResponse({ type: SignInAcceptedDto })
  @ApiProblems(400, 429)
  async request(@Body() dto: SignInDto, @Req() request: FastifyRequest): Promise<SignInAcceptedDto> {
    await this.signIn.requestCode(dto.email, client(request));
    return { message: SIGN_IN_ACCEPTED };
  }

  @Post('verify')
  @Public()
  @LoginThrottled()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange the emailed code (with the email address) or the link’s token for an access token; 401 for a wrong, spent, expired or locked code' })
  @ApiOkResponse({ type: FamilyTokenDto })
  @ApiProblems(400, 401, 429)
  async verify(@Body() dto: VerifySignInDto, @Req() request: FastifyRequest): Promise<FamilyTokenDto> {
    // The link's token when there is one, else the email and code; without either, the same 401 as a wrong code.
    if (dto.token === undefined && (dto.email === undefined || dto.code === undefined)) throw new SignInFailedError();
    return this.signIn.verify(dto.token !== undefined ? { token: dto.token } : { email: dto.email, code: dto.code }, client(request));
  }
}

/** The family's own pages of the API: only their children, in plain English; 404 for anything else. */
@ApiTags('family')
@ApiBearerAuth()
@FamilyRoute()
@Controller('family')
export class FamilyController {
  constructor(
    private readonly signIn: FamilySignInService,
    private readonly coProduction: CoProductionService,
    private readonly clock: Clock,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The signed-in family member' })
  @ApiOkResponse({ type: FamilyMeDto })
  @ApiProblems(401, 403)
  async me(@CurrentFamilyMember() member: FamilyMemberActor): Promise<FamilyMeDto> {
    const m = await this.signIn.me(member);
    return { id: m.id, email: m.email, name: m.name };
  }

  @Post('sign-out')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403)
  async signOut(@CurrentFamilyMember() member: FamilyMemberActor): Promise<void> {
    await this.signIn.endSession(member, member.sessionId);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'Your signed-in sessions' })
  @ApiOkResponse({ type: [FamilySessionDto] })
  @ApiProblems(401, 403)
  async sessions(@CurrentFamilyMember() member: FamilyMemberActor): Promise<FamilySessionDto[]> {
    return (await this.signIn.sessions(member)).map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastUsedAt: s.lastUsedAt.toISOString(),
      userAgent: s.userAgent,
      address: s.address,
      current: s.id === member.sessionId,
    }));
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of your sessions (its token stops working at once)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404)
  async endSession(@CurrentFamilyMember() member: FamilyMemberActor, @Param('id', uuidParam()) id: string): Promise<void> {
    await this.signIn.endSession(member, id);
  }

  @Get('children')
  @ApiOperation({ summary: 'The children you may see today, each with its cases and plans' })
  @ApiOkResponse({ type: [FamilyChildDto] })
  @ApiProblems(401, 403)
  async children(@CurrentFamilyMember() member: FamilyMemberActor): Promise<FamilyChildDto[]> {
    const today = this.clock.today();
    return (await this.coProduction.children(member)).map((r) => ({
      id: r.child.id,
      givenName: r.child.givenName,
      familyName: r.child.familyName,
      dateOfBirth: r.child.dateOfBirth,
      relationship: r.access.relationship,
      rightsHolder: rightsHolder(r.child.dateOfBirth, r.child.youngPersonLacksCapacity, today),
      assessments: r.assessments.map((a) => ({ id: a.id, status: a.status, stage: STAGE_WORDS[a.status]?.stage ?? a.status, requestReceivedOn: a.requestReceivedOn, planId: a.planId })),
      plans: r.plans.map((p) => ({ id: p.id, status: p.status, nextReviewDueOn: p.nextReviewDueOn, latestVersionNumber: p.latestVersionNumber })),
    }));
  }

  @Get('assessments/:id')
  @ApiOperation({ summary: 'Where the case stands, what happens next and by when, the dates that bind you and the council, advice asked for, decision notices' })
  @ApiOkResponse({ type: FamilyCaseDto })
  @ApiProblems(400, 401, 403, 404)
  async assessment(@CurrentFamilyMember() member: FamilyMemberActor, @Param('id', uuidParam()) id: string): Promise<FamilyCaseDto> {
    const view = await this.coProduction.caseView(member, id);
    return {
      ...view,
      coveringNotice: view.coveringNotice
        ? { issuedOn: view.coveringNotice.issuedOn, answers: view.coveringNotice.answers.map((c) => ({ contributionId: c.id, kind: c.kind, section: c.section, text: c.text, reflected: c.reflected!, reason: c.answerReason! })) }
        : null,
    };
  }

  @Get('assessments/:id/contributions')
  @ApiOperation({ summary: 'What your family has given on this case, with the council’s answers' })
  @ApiOkResponse({ type: [FamilyContributionDto] })
  @ApiProblems(400, 401, 403, 404)
  async contributions(@CurrentFamilyMember() member: FamilyMemberActor, @Param('id', uuidParam()) id: string): Promise<FamilyContributionDto[]> {
    return (await this.coProduction.ownContributions(member, id)).map(toContributionDto);
  }

  @Post('assessments/:id/views')
  @ApiOperation({ summary: 'Give your views for section A (about me): a new version each time' })
  @ApiCreatedResponse({ type: ContributionCreatedDto })
  @ApiProblems(400, 401, 403, 404)
  async views(@CurrentFamilyMember() member: FamilyMemberActor, @Param('id', uuidParam()) id: string, @Body() dto: GiveViewsDto): Promise<ContributionCreatedDto> {
    if (Object.values(dto.aboutMe).every((v: string) => v.trim() === '')) throw new ValidationFailedError([{ field: 'aboutMe', message: 'answer at least one of the questions' }]);
    return toCreatedDto(await this.coProduction.addViews(member, id, dto.aboutMe));
  }

  @Post('assessments/:id/documents')
  @ApiOperation({ summary: 'Send a document (PDF, DOCX, PNG, JPEG; up to 10 MB) as application/octet-stream, with ?fileName=' })
  @ApiConsumes('application/octet-stream')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: ContributionCreatedDto })
  @ApiProblems(400, 401, 403, 404, 413, 415)
  async document(@CurrentFamilyMember() member: FamilyMemberActor, @Param('id', uuidParam()) id: string, @Query() query: DocumentQueryDto, @Body() body: unknown): Promise<ContributionCreatedDto> {
    if (!Buffer.isBuffer(body)) throw new ValidationFailedError([{ field: 'body', message: 'Send the file as the request body with content-type application/octet-stream' }]);
    return toCreatedDto(await this.coProduction.addDocument(member, id, query.fileName, body));
  }

  @Post('assessments/:id/representations')
  @ApiOperation({ summary: 'Respond to the draft plan: comments on sections, a meeting request, a school or college preference; records your representations (the final plan may then issue within the 15 days)' })
  @ApiCreatedResponse({ type: RepresentationsRecordedDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async representations(@CurrentFamilyMember() member: FamilyMemberActor, @Param('id', uuidParam()) id: string, @Body() dto: FamilyRepresentationsDto): Promise<RepresentationsRecordedDto> {
    const { receivedOn, contributions } = await this.coProduction.respondToDraft(member, id, dto);
    return { assessmentId: id, receivedOn, contributions: contributions.map(toCreatedDto) };
  }

  @Post('assessments/:id/mediation')
  @ApiOperation({ summary: 'Tell the council you wish to go to mediation, and on which issues' })
  @ApiCreatedResponse({ type: ContributionCreatedDto })
  @ApiProblems(400, 401, 403, 404)
  async mediation(@CurrentFamilyMember() member: FamilyMemberActor, @Param('id', uuidParam()) id: string, @Body() dto: FamilyMediationDto): Promise<ContributionCreatedDto> {
    return toCreatedDto(await this.coProduction.requestMediation(member, id, dto.issues));
  }

  @Get('plans/:id')
  @ApiOperation({ summary: 'Your child’s plan: status and review dates' })
  @ApiOkResponse({ type: FamilyPlanDto })
  @ApiProblems(400, 401, 403, 404)
  async plan(@CurrentFamilyMember() member: FamilyMemberActor, @Param('id', uuidParam()) id: string): Promise<FamilyPlanDto> {
    const { plan, deadlines, reviews, recommendations } = await this.coProduction.plan(member, id);
    return {
      id: plan.id,
      assessmentId: plan.assessmentId,
      status: plan.status,
      finalIssuedOn: plan.finalIssuedOn,
      nextReviewDueOn: plan.nextReviewDueOn,
      latestVersionNumber: plan.latestVersionNumber,
      reviews: reviews.map((r) => ({
        id: r.id,
        status: r.status,
        meetingOn: r.meetingOn,
        invitationsSentOn: r.invitationsSentOn,
        adviceCirculatedOn: r.adviceCirculatedOn,
        reportIssuedOn: r.reportIssuedOn,
        decision: r.decision,
        decisionNotifiedOn: r.decisionNotifiedOn,
        proposedChanges: r.proposedChanges,
      })),
      tribunalRecommendations: recommendations.map((r) => ({
        kind: r.kind,
        about: r.kind === 'health' ? 'Health' : 'Social care',
        body: r.body,
        text: r.text,
        decidedOn: r.decidedOn,
        answerDueOn: r.answerDueOn,
        description: r.answer
          ? `The Tribunal recommended this to ${r.body}. They answered in writing on ${formatLongDate(r.answer.answeredOn)}.`
          : `The Tribunal recommended this to ${r.body}. They must answer in writing by ${formatLongDate(r.answerDueOn)}${r.status === 'overdue' ? ', and have not yet done so' : ''}.`,
        status: r.status,
        regulation: r.regulation,
        answer: r.answer,
      })),
      deadlines: deadlines.map((d) => ({ kind: d.kind, description: d.kind === 'review_due' ? 'The plan must be reviewed with you by this date' : 'The plan must name the next school or college by this date', dueOn: d.dueOn, status: d.status, binds: 'council', regulation: d.regulation })),
    };
  }

  @Get('plans/:id/pdf')
  @ApiOperation({ summary: 'The plan as you received it (the latest issued version; a draft is watermarked DRAFT); 202 with Retry-After while it is being made' })
  @ApiOkResponse({ description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiAcceptedResponse({ type: PdfRenderingDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async pdf(@CurrentFamilyMember() member: FamilyMemberActor, @Param('id', uuidParam()) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer | PdfRenderingDto> {
    const answer = await this.coProduction.planPdf(member, id);
    if (answer.status === 'pending') {
      void reply.status(202).header('retry-after', String(RETRY_AFTER_SECONDS));
      return { status: 'rendering', versionNumber: answer.versionNumber };
    }
    void reply.header('content-type', 'application/pdf');
    void reply.header('content-disposition', `inline; filename="ehc-plan-v${answer.versionNumber}.pdf"`);
    return answer.document!.content;
  }
}
