import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { IdentityModule } from './identity.module';
import { NoticeContactsController } from './notice-contacts.controller';
import { OrganisationsController } from './organisations.controller';
import { SignInAdminController } from './sign-in-admin.controller';
import { IdentityProvidersController, OidcSignInController } from './oidc/oidc.controller';
import { UsersController } from './users.controller';

@Module({ imports: [IdentityModule], controllers: [AuthController, UsersController, OrganisationsController, SignInAdminController, IdentityProvidersController, OidcSignInController, NoticeContactsController] })
export class IdentityHttpModule {}
