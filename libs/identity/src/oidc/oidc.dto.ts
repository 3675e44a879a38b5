import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IdentityProvider, TOKEN_ENDPOINT_AUTH_METHODS, TokenEndpointAuthMethod } from '../entities/identity-provider.entity';
import { readSecretRef } from './identity-providers.service';

const URL_SAFE = /^[A-Za-z0-9._~-]+$/;
const REDIRECT = /^https?:\/\/[^\s#]+$/;

export class RoleMappingDto {
  @ApiProperty({ example: 'EHCP-Caseworkers', description: 'A value of the role claim (a group id or app role)' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  value: string;

  @ApiProperty({ enum: ['la_admin', 'caseworker', 'manager', 'professional'] })
  @IsIn(['la_admin', 'caseworker', 'manager', 'professional'])
  role: string;

  @ApiPropertyOptional({ enum: ['education', 'health', 'social_care', 'psychology', 'other'], description: 'Required for professional' })
  @IsOptional()
  @IsIn(['education', 'health', 'social_care', 'psychology', 'other'])
  discipline?: string;
}

export class RegisterIdentityProviderDto {
  @ApiProperty({ example: 'Demo Borough staff (Microsoft Entra ID)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0', description: "The provider's issuer (its discovery document is at issuer + /.well-known/openid-configuration)" })
  @IsString()
  @MaxLength(500)
  issuer: string;

  @ApiProperty({ example: '11111111-2222-3333-4444-555555555555' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  clientId: string;

  @ApiProperty({ example: 'env:ENTRA_CLIENT_SECRET', description: '`env:NAME` (an environment variable of the API) or `file:/absolute/path`; never the secret itself' })
  @IsString()
  @MaxLength(500)
  @Matches(/^(env:[A-Za-z_][A-Za-z0-9_]{0,127}|file:\/.+)$/, { message: 'clientSecretRef must be env:NAME or file:/absolute/path (never the secret itself)' })
  clientSecretRef: string;

  @ApiPropertyOptional({ type: 'string', format: 'uuid', description: "One of your LA's organisation records (an NHS body): only its members sign in through this provider" })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ example: 'openid email profile' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @Matches(/^openid( [A-Za-z0-9_:./-]+)*$/, { message: 'scopes must start with openid and be separated by single spaces' })
  scopes?: string;

  @ApiPropertyOptional({ enum: TOKEN_ENDPOINT_AUTH_METHODS, description: 'private_key_jwt: clientSecretRef names a file holding the private key as a JWK (JSON)' })
  @IsOptional()
  @IsIn(TOKEN_ENDPOINT_AUTH_METHODS)
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;

  @ApiPropertyOptional({ example: 'roles', description: 'The claim holding groups or roles; with roleMapping, sets the role at each sign-in' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  roleClaim?: string;

  @ApiPropertyOptional({ type: [RoleMappingDto] })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RoleMappingDto)
  roleMapping?: RoleMappingDto[];

  @ApiPropertyOptional({ description: 'Create an account at first sign-in (a verified email and a mapped role needed); off by default' })
  @IsOptional()
  @IsBoolean()
  autoCreateUsers?: boolean;

  @ApiPropertyOptional({ description: "Take the provider's email as verified without `email_verified: true` (Entra ID and CIS2 send none): single-tenant providers only; off by default" })
  @IsOptional()
  @IsBoolean()
  trustEmail?: boolean;
}

export class IdentityProviderDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() issuer: string;
  @ApiProperty() clientId: string;
  @ApiProperty({ description: 'Where the secret is read from (never the secret)' }) clientSecretRef: string;
  @ApiProperty({ description: 'Whether the API can read the secret now' }) clientSecretAvailable: boolean;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) organisationId: string | null;
  @ApiProperty() scopes: string;
  @ApiProperty({ enum: TOKEN_ENDPOINT_AUTH_METHODS }) tokenEndpointAuthMethod: string;
  @ApiProperty({ type: 'string', nullable: true }) roleClaim: string | null;
  @ApiProperty({ type: [RoleMappingDto] }) roleMapping: RoleMappingDto[];
  @ApiProperty() autoCreateUsers: boolean;
  @ApiProperty() trustEmail: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt: string;

  static from(p: IdentityProvider): IdentityProviderDto {
    return {
      id: p.id,
      name: p.name,
      issuer: p.issuer,
      clientId: p.clientId,
      clientSecretRef: p.clientSecretRef,
      clientSecretAvailable: readSecretRef(p.clientSecretRef) !== null,
      organisationId: p.organisationId,
      scopes: p.scopes,
      tokenEndpointAuthMethod: p.tokenEndpointAuthMethod,
      roleClaim: p.roleClaim,
      roleMapping: p.roleMapping.map((m) => ({ value: m.value, role: m.role, ...(m.discipline ? { discipline: m.discipline } : {}) })),
      autoCreateUsers: p.autoCreateUsers,
      trustEmail: p.trustEmail,
      active: p.active,
      createdAt: p.createdAt.toISOString(),
    };
  }
}

export class IdentityProviderListDto {
  @ApiProperty({ type: [IdentityProviderDto] }) items: IdentityProviderDto[];
}

export class SignInOptionDto {
  @ApiProperty({ type: 'string', format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'string', format: 'uuid' }) localAuthorityId: string;
  @ApiProperty() localAuthorityName: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) organisationId: string | null;
}

export class SignInOptionListDto {
  @ApiProperty({ type: [SignInOptionDto] }) items: SignInOptionDto[];
}

export class AuthorizeUrlDto {
  @ApiProperty({ example: 'http://127.0.0.1:3001/sign-in/oidc/callback', description: 'Where the provider returns the browser; must be registered at the provider' })
  @IsString()
  @MaxLength(1000)
  @Matches(REDIRECT, { message: 'redirectUri must be an http(s) URL without a fragment' })
  redirectUri: string;

  @ApiProperty({ description: 'Random, at least 22 characters, kept by the web in its session' })
  @IsString()
  @MinLength(22)
  @MaxLength(200)
  @Matches(URL_SAFE, { message: 'state must be URL-safe characters' })
  state: string;

  @ApiProperty({ description: 'Random, at least 22 characters, kept by the web in its session' })
  @IsString()
  @MinLength(22)
  @MaxLength(200)
  @Matches(URL_SAFE, { message: 'nonce must be URL-safe characters' })
  nonce: string;

  @ApiProperty({ description: 'BASE64URL(SHA-256(codeVerifier)), RFC 7636 S256' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'codeChallenge must be the S256 challenge (43 base64url characters)' })
  codeChallenge: string;
}

export class AuthorizeUrlResponseDto {
  @ApiProperty({ description: "The provider's authorisation URL to redirect the browser to" }) url: string;
  @ApiProperty({ type: 'string', format: 'date-time', description: 'The sign-in must be completed before then' }) expiresAt: string;
}

export class OidcCallbackDto {
  @ApiProperty({ description: 'The `code` parameter the provider returned' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  code: string;

  @ApiProperty({ description: 'The `state` parameter the provider returned (the web checks it equals the one in its session)' })
  @IsString()
  @MinLength(22)
  @MaxLength(200)
  state: string;

  @ApiProperty({ description: 'The nonce from the web session' })
  @IsString()
  @MinLength(22)
  @MaxLength(200)
  nonce: string;

  @ApiProperty({ description: 'The PKCE verifier from the web session' })
  @IsString()
  @Matches(/^[A-Za-z0-9._~-]{43,128}$/, { message: 'codeVerifier must be 43 to 128 unreserved characters (RFC 7636)' })
  codeVerifier: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1000)
  @Matches(REDIRECT, { message: 'redirectUri must be an http(s) URL without a fragment' })
  redirectUri: string;

  @ApiPropertyOptional({ description: 'The `iss` parameter of the redirect, when the provider sends one (RFC 9207)' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  iss?: string;
}
