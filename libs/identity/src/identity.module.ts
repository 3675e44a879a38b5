import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, CoreConfigModule, DomainEventsModule } from '@app/core';
import { AuditModule } from '@app/audit';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { PasswordHasher } from './auth/password-hasher';
import { TokenService } from './auth/token.service';
import { SecondFactorService } from './auth/second-factor.service';
import { SecretBox } from './auth/secret-box';
import { SessionsService } from './auth/sessions.service';
import { UserRecoveryCode } from './entities/user-recovery-code.entity';
import { UserSession } from './entities/user-session.entity';
import { IdentityProvider } from './entities/identity-provider.entity';
import { IdentityProviderLink } from './entities/identity-provider-link.entity';
import { OidcAuthorization } from './entities/oidc-authorization.entity';
import { IdentityProvidersService } from './oidc/identity-providers.service';
import { OidcSignInService } from './oidc/oidc-sign-in.service';
import { LocalAuthority } from './entities/local-authority.entity';
import { OrganisationMember } from './entities/organisation-member.entity';
import { Organisation } from './entities/organisation.entity';
import { User } from './entities/user.entity';
import { LocalAuthoritiesService } from './local-authorities.service';
import { OrganisationsService } from './organisations.service';
import { UsersService } from './users.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([LocalAuthority, Organisation, OrganisationMember, User, UserSession, UserRecoveryCode, IdentityProvider, IdentityProviderLink, OidcAuthorization]),
    JwtModule.registerAsync({
      imports: [CoreConfigModule],
      inject: [APP_CONFIG],
      // A KeyObject made once: given a string, jsonwebtoken builds one on every sign and verify (~11% of a read).
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) }),
    }),
    AuditModule,
    DomainEventsModule,
  ],
  providers: [AuthService, AuthGuard, PasswordHasher, TokenService, SessionsService, SecondFactorService, SecretBox, IdentityProvidersService, OidcSignInService, UsersService, OrganisationsService, LocalAuthoritiesService],
  exports: [AuthService, AuthGuard, TokenService, SessionsService, SecondFactorService, IdentityProvidersService, OidcSignInService, PasswordHasher, UsersService, OrganisationsService, LocalAuthoritiesService],
})
export class IdentityModule {}
