import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { IdentityModule } from './identity.module';
import { OrganisationsController } from './organisations.controller';
import { UsersController } from './users.controller';

@Module({ imports: [IdentityModule], controllers: [AuthController, UsersController, OrganisationsController] })
export class IdentityHttpModule {}
