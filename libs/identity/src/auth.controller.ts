import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, Clock, CurrentActor, Public, ROLE_PERMISSIONS } from '@app/core';
import type { FastifyRequest } from 'fastify';
import { AuthService } from './auth/auth.service';
import { LoginThrottled } from './auth/login-throttle';
import { LoginDto, TokenDto } from './dto/login.dto';
import { MeDto, UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  @Public()
  @LoginThrottled()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; use the token as `Authorization: Bearer <accessToken>`' })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401, 429)
  login(@Body() dto: LoginDto, @Req() request: FastifyRequest): Promise<TokenDto> {
    return this.auth.login(dto.email, dto.password, String(request.id));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Sign out everywhere: every access token of yours issued so far stops working at once',
    description: 'Revokes all your tokens (every device), not only the one sent; sign in again for a new one.',
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
