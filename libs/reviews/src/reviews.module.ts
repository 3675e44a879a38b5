import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { ChildrenModule } from '@app/children';
import { DeadlinesModule } from '@app/deadlines';
import { IdentityModule } from '@app/identity';
import { PlansModule } from '@app/plans';
import { RemindersModule } from '@app/reminders';
import { Review } from './entities/review.entity';
import { ReviewSchedule } from './entities/review-schedule.entity';
import { ReviewsService } from './reviews.service';

/** The reviews context: annual reviews, amendments and phase transfers of issued plans. */
@Module({
  imports: [TypeOrmModule.forFeature([Review, ReviewSchedule]), PlansModule, AssessmentsModule, ChildrenModule, DeadlinesModule, IdentityModule, RemindersModule, AuditModule],
  providers: [ReviewsService],
  exports: [ReviewsService],
})
export class ReviewsModule {}
