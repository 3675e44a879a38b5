import { RemindersModule } from '@app/reminders';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { DomainEventsModule } from '@app/core';
import { ChildrenModule } from '@app/children';
import { IdentityModule } from '@app/identity';
import { DeadlinesModule } from '@app/deadlines';
import { PlansModule } from '@app/plans';
import { ReviewsModule } from '@app/reviews';
import { AppealsService } from './appeals.service';
import { AppealOrderDuty } from './entities/appeal-order-duty.entity';
import { AppealOrder } from './entities/appeal-order.entity';
import { Appeal } from './entities/appeal.entity';
import { AppealRecommendation } from './entities/appeal-recommendation.entity';
import { NoticeLettersService } from './notices/notice-letters.service';

/** Appeals, mediation and Tribunal orders. */
@Module({
  imports: [TypeOrmModule.forFeature([Appeal, AppealOrder, AppealOrderDuty, AppealRecommendation]), AssessmentsModule, PlansModule, ReviewsModule, DeadlinesModule, AuditModule, ChildrenModule, IdentityModule, RemindersModule, DomainEventsModule],
  providers: [AppealsService, NoticeLettersService],
  exports: [AppealsService, NoticeLettersService],
})
export class AppealsModule {}
