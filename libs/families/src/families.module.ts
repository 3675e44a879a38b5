import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdviceModule } from '@app/advice';
import { AppealsModule } from '@app/appeals';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { ChildrenModule } from '@app/children';
import { IdentityModule } from '@app/identity';
import { PlansModule } from '@app/plans';
import { ReviewsModule } from '@app/reviews';
import { EmailModule, RemindersModule } from '@app/reminders';
import { CoProductionService } from './co-production.service';
import { FamilyAccess } from './entities/family-access.entity';
import { FamilyContribution } from './entities/family-contribution.entity';
import { FamilyMember } from './entities/family-member.entity';
import { FamilySession } from './entities/family-session.entity';
import { FamilySignInCode } from './entities/family-sign-in-code.entity';
import { FamilyAccessService } from './family-access.service';
import { FamilySignInService } from './family-sign-in.service';

/** Families in the process: access, sign-in by emailed code, and the co-production record. */
@Module({
  imports: [
    TypeOrmModule.forFeature([FamilyMember, FamilyAccess, FamilySignInCode, FamilySession, FamilyContribution]),
    AdviceModule,
    AppealsModule,
    AssessmentsModule,
    AuditModule,
    ChildrenModule,
    EmailModule,
    IdentityModule,
    PlansModule,
    RemindersModule,
    ReviewsModule,
  ],
  providers: [FamilyAccessService, FamilySignInService, CoProductionService],
  exports: [FamilyAccessService, FamilySignInService, CoProductionService],
})
export class FamiliesModule {}
