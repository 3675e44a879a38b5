import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, Clock, CurrentActor, Public, ROLE_PERMISSIONS, uuidParam } from '@app/core';
import type { FastifyRequest } from 'fastify';
import { AllowsEnrolmentToken } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { clientContextOf } from './auth/client-context';
import { LoginThrottled } from './auth/login-throttle';
import { SecondFactorService } from './auth/second-factor.service';
import { SessionsService } from './auth/sessions.service';
import { LoginDto, LoginMfaDto, LoginResponseDto, RefreshDto, SessionDto, SessionListDto, TokenDto, TotpCodeDto, TotpConfirmationDto, TotpEnrolmentDto } from './dto/login.dto';
import { MeDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly secondFactor: SecondFactorService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  @Public()
  @LoginThrottled()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with email and password; use the token as `Authorization: Bearer <accessToken>`',
    description:
      'Answers `{accessToken, refreshToken}`; for an account with a second factor `{mfaRequired: true, mfaToken}` (then POST /auth/login/mfa); where the LA requires a second factor and none is set up `{mfaEnrolmentRequired: true, mfaToken}` (then POST /auth/totp/enrol and /auth/totp/confirm with the mfaToken as bearer).',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiProblems(400, 401, 429)
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<LoginResponseDto> {
    return this.auth.login(dto.email, dto.password, clientContextOf(request));
  }

  @Public()
  @LoginThrottled()
  @Post('login/mfa')
  @HttpCode(200)
  @ApiOperation({ summary: 'Second step of a sign-in: the mfaToken and a TOTP code (or an unused recovery code)', description: 'A code is accepted once; wrong codes count towards the same lockout as wrong passwords.' })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401, 429)
  loginMfa(@Body() dto: LoginMfaDto, @Req() request: FastifyRequest): Promise<TokenDto> {
    return this.secondFactor.completeLogin(dto.mfaToken, dto.code, clientContextOf(request));
  }

  @Public()
  @LoginThrottled()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'New tokens for a refresh token, which is spent', description: 'A refresh token used twice ends its session (401): sign in again. Sessions also end after SESSION_IDLE_MINUTES without a refresh and SESSION_MAX_HOURS after sign-in.' })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401, 429)
  refresh(@Body() dto: RefreshDto, @Req() request: FastifyRequest): Promise<TokenDto> {
    return this.sessions.refresh(dto.refreshToken, clientContextOf(request));
  }

  @AllowsEnrolmentToken()
  @Post('totp/enrol')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Start setting up an authenticator app (signed in, or with an enrolment mfaToken as bearer)', description: 'Base32 secret, SHA-1, 6 digits, 30 s; the QR code encodes the otpauth URL. 409 when a second factor is already set up.' })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  @ApiProblems(400, 401, 409)
  enrol(@CurrentActor() actor: Actor): Promise<TotpEnrolmentDto> {
    return this.secondFactor.enrol(actor);
  }

  @AllowsEnrolmentToken()
  @Post('totp/confirm')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Confirm the authenticator app with a code: the second factor is required from now on', description: 'Answers ten single-use recovery codes (shown once); with an enrolment mfaToken the sign-in completes too (tokens in the answer).' })
  @ApiOkResponse({ type: TotpConfirmationDto })
  @ApiProblems(400, 401, 409)
  confirm(@CurrentActor() actor: Actor, @Body() dto: TotpCodeDto, @Req() request: FastifyRequest & { enrolmentToken?: boolean }): Promise<TotpConfirmationDto> {
    return this.secondFactor.confirm(actor, dto.code, request.enrolmentToken ? clientContextOf(request) : null);
  }

  @Get('sessions')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Your sessions that have not ended (device, address, started, last used), newest first' })
  @ApiOkResponse({ type: SessionListDto })
  @ApiProblems(401)
  async listSessions(@CurrentActor() actor: Actor): Promise<SessionListDto> {
    return { items: (await this.sessions.listOwn(actor)).map((s) => SessionDto.from(s, actor.sessionId)) };
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End one of your sessions (this one included): its tokens stop working at once' })
  @ApiNoContentResponse({ description: 'Ended' })
  @ApiProblems(400, 401, 404)
  endSession(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<void> {
    return this.sessions.endOwn(actor, id);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Sign out everywhere: every session of yours ends and every token issued so far stops working at once',
    description: 'Revokes all your tokens and refresh tokens (every device), not only the one sent; to end one session use DELETE /auth/sessions/{id}.',
  })
  @ApiNoContentResponse({ description: 'Signed out; the token sent and any other of yours are now refused with 401' })
  @ApiProblems(400, 401)
  logout(@CurrentActor() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who you are signed in as, your local authority and your permissions' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401)
  async me(@CurrentActor() actor: Actor): Promise<MeDto> {
    const { user, localAuthorityName, memberships } = await this.users.me(actor);
    const inOwnLa = memberships.find((m) => m.localAuthorityId === actor.localAuthorityId)?.organisationId ?? null;
    return { ...UserDto.from(user, this.clock.now(), inOwnLa), localAuthorityName, permissions: [...ROLE_PERMISSIONS[user.role]], memberships };
  }
}
