import { Module } from '@nestjs/common';
import { CoreConfigModule } from '@app/core';
import { ChildrenModule } from '@app/children';
import { DatabaseModule } from '@app/database';
import { IdentityModule } from '@app/identity';
import { DemoSeeder } from './demo-seeder';

/** Just enough of the application to seed through the real services (validation and audit included). */
@Module({
  imports: [CoreConfigModule, DatabaseModule, IdentityModule, ChildrenModule],
  providers: [DemoSeeder],
})
export class SeedModule {}
