import { Module } from '@nestjs/common';
import { CoreConfigModule } from '@app/core';
import { AdviceModule } from '@app/advice';
import { AssessmentsModule } from '@app/assessments';
import { ChildrenModule } from '@app/children';
import { DatabaseModule } from '@app/database';
import { FamiliesModule } from '@app/families';
import { PlansModule } from '@app/plans';
import { IdentityModule } from '@app/identity';
import { ReviewsModule } from '@app/reviews';
import { DemoSeeder } from './demo-seeder';

/** Just enough of the application to seed through the real services (validation and audit included). */
@Module({
  imports: [CoreConfigModule, DatabaseModule, IdentityModule, ChildrenModule, AssessmentsModule, AdviceModule, PlansModule, ReviewsModule, FamiliesModule],
  providers: [DemoSeeder],
})
export class SeedModule {}
