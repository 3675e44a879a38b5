import { Module } from '@nestjs/common';
import { CoreConfigModule, DomainWiringCheckModule } from '@app/core';
import { AppealsModule } from '@app/appeals';
import { BoundariesModule } from '@app/boundaries';
import { AdviceModule } from '@app/advice';
import { AssessmentsModule } from '@app/assessments';
import { ChildrenModule } from '@app/children';
import { DatabaseModule } from '@app/database';
import { FamiliesModule } from '@app/families';
import { PlansModule } from '@app/plans';
import { IdentityModule } from '@app/identity';
import { ReviewsModule } from '@app/reviews';
import { DemoSeeder } from './demo-seeder';

/** The application's contexts, to seed through the real services (validation, audit and every reaction included). */
@Module({
  imports: [CoreConfigModule, DatabaseModule, IdentityModule, ChildrenModule, AssessmentsModule, AdviceModule, PlansModule, ReviewsModule, FamiliesModule, AppealsModule, BoundariesModule, DomainWiringCheckModule],
  providers: [DemoSeeder],
})
export class SeedModule {}
