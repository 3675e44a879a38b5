import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, ApiProblems, CurrentActor, Permission, Public, RequirePermissions, uuidParam } from '@app/core';
import type { FastifyRequest } from 'fastify';
import { clientContextOf } from '../auth/client-context';
import { LoginThrottled } from '../auth/login-throttle';
import { TokenDto } from '../dto/login.dto';
import { IdentityProvidersService } from './identity-providers.service';
import { AuthorizeUrlDto, AuthorizeUrlResponseDto, IdentityProviderDto, IdentityProviderListDto, OidcCallbackDto, RegisterIdentityProviderDto, SignInOptionListDto } from './oidc.dto';
import { OidcSignInService } from './oidc-sign-in.service';

@ApiTags('identity-providers')
@ApiBearerAuth()
@Controller('identity-providers')
@RequirePermissions(Permission.UsersManage)
export class IdentityProvidersController {
  constructor(private readonly providers: IdentityProvidersService) {}

  @Post()
  @ApiOperation({ summary: "Register your LA's (or one of its organisations') OpenID Connect provider (LA administrators)", description: 'The client secret is never sent: `clientSecretRef` says where the API reads it (`env:NAME` or `file:/path`).' })
  @ApiCreatedResponse({ type: IdentityProviderDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async register(@CurrentActor() actor: Actor, @Body() dto: RegisterIdentityProviderDto): Promise<IdentityProviderDto> {
    return IdentityProviderDto.from(await this.providers.register(actor, dto));
  }

  @Get()
  @ApiOperation({ summary: "Your LA's identity providers" })
  @ApiOkResponse({ type: IdentityProviderListDto })
  @ApiProblems(401, 403)
  async list(@CurrentActor() actor: Actor): Promise<IdentityProviderListDto> {
    return { items: (await this.providers.list(actor)).map((p) => IdentityProviderDto.from(p)) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your LA\'s identity providers' })
  @ApiOkResponse({ type: IdentityProviderDto })
  @ApiProblems(400, 401, 403, 404)
  async get(@CurrentActor() actor: Actor, @Param('id', uuidParam()) id: string): Promise<IdentityProviderDto> {
    return IdentityProviderDto.from(await this.providers.get(actor, id));
  }
}

/** The steps of an OpenID Connect sign-in the web takes on the person's behalf (no bearer token yet). */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcSignInController {
  constructor(
    private readonly providers: IdentityProvidersService,
    private readonly oidc: OidcSignInService,
  ) {}

  @Public()
  @Get('providers')
  @ApiOperation({ summary: 'The identity providers people may sign in with (for the sign-in page): names and LAs only' })
  @ApiOkResponse({ type: SignInOptionListDto })
  async options(): Promise<SignInOptionListDto> {
    return { items: await this.providers.signInOptions() };
  }

  @Public()
  @LoginThrottled()
  @Post(':providerId/authorize-url')
  @HttpCode(200)
  @ApiOperation({ summary: "The provider's authorisation URL (code flow with PKCE S256, state and nonce the web keeps in its session)", description: '502 when the provider does not answer; password sign-in is unaffected.' })
  @ApiOkResponse({ type: AuthorizeUrlResponseDto })
  @ApiProblems(400, 404, 429, 502)
  authorizeUrl(@Param('providerId', uuidParam('providerId')) providerId: string, @Body() dto: AuthorizeUrlDto): Promise<AuthorizeUrlResponseDto> {
    return this.oidc.authorizeUrl(providerId, dto);
  }

  @Public()
  @LoginThrottled()
  @Post(':providerId/callback')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete the sign-in: the code exchanged, the ID token checked, the API\'s own tokens as after a password',
    description: 'Refused (401) for a state, nonce or verifier that does not match or was already used, an ID token for another client, expired, badly signed or from another issuer, and a person with no account in the provider\'s LA (or organisation); 502 when the provider does not answer.',
  })
  @ApiOkResponse({ type: TokenDto })
  @ApiProblems(400, 401, 404, 429, 502)
  callback(@Param('providerId', uuidParam('providerId')) providerId: string, @Body() dto: OidcCallbackDto, @Req() request: FastifyRequest): Promise<TokenDto> {
    return this.oidc.callback(providerId, dto, clientContextOf(request));
  }
}
