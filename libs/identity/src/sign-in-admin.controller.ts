import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, RequirePermissions, uuidParam } from '@app/core';
import { SecondFactorService } from './auth/second-factor.service';
import { SessionsService } from './auth/sessions.service';
import { SessionDto, SessionListDto, SessionsEndedDto, SignInPolicyDto } from './dto/login.dto';
import { LocalAuthoritiesService } from './local-authorities.service';

/** An LA administrator's hold on their users' sign-in: sessions, second factors, the LA's second-factor policy. */
@ApiTags('users')
@ApiBearerAuth()
@Controller()
@RequirePermissions(Permission.UsersManage)
export class SignInAdminController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly secondFactor: SecondFactorService,
    private readonly localAuthorities: LocalAuthoritiesService,
  ) {}

  @Get('users/:id/sessions')
  @ApiOperation({ summary: "A user's sessions that have not ended (LA administrators)" })
  @ApiOkResponse({ type: SessionListDto })
  @ApiProblems(400, 401, 403, 404)
  async list(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<SessionListDto> {
    return { items: (await this.sessions.listOf(actor, id)).map((s) => SessionDto.from(s, actor.sessionId)) };
  }

  @Delete('users/:id/sessions')
  @HttpCode(200)
  @ApiOperation({ summary: "End every session of a user (LA administrators): their tokens and refresh tokens stop working at once" })
  @ApiOkResponse({ type: SessionsEndedDto })
  @ApiProblems(400, 401, 403, 404)
  async endAll(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<SessionsEndedDto> {
    return { ended: await this.sessions.endAllOf(actor, id) };
  }

  @Delete('users/:id/second-factor')
  @HttpCode(204)
  @ApiOperation({ summary: "Reset a user's second factor (a lost phone): they enrol again at their next sign-in; their sessions end" })
  @ApiNoContentResponse({ description: 'Reset (audited)' })
  @ApiProblems(400, 401, 403, 404)
  reset(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<void> {
    return this.secondFactor.reset(actor, id);
  }

  @Get('local-authority/sign-in-policy')
  @ApiTags('local-authority')
  @ApiOperation({ summary: "Your LA's sign-in policy: who needs a second factor" })
  @ApiOkResponse({ type: SignInPolicyDto })
  @ApiProblems(401, 403)
  async policy(@CurrentActor() actor: Actor): Promise<SignInPolicyDto> {
    return { mfaRequiredFor: await this.localAuthorities.mfaRequirementOf(actor.localAuthorityId) };
  }

  @Put('local-authority/sign-in-policy')
  @ApiTags('local-authority')
  @ApiOperation({ summary: "Set who needs a second factor: `none`, `admins_and_managers` (a new LA's default) or `everyone` (audited)" })
  @ApiOkResponse({ type: SignInPolicyDto })
  @ApiProblems(400, 401, 403)
  async setPolicy(@CurrentActor() actor: Actor, @Body() dto: SignInPolicyDto): Promise<SignInPolicyDto> {
    return { mfaRequiredFor: await this.localAuthorities.setMfaRequirement(actor, dto.mfaRequiredFor) };
  }
}
