import { RemindersModule } from '@app/reminders';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssessmentsModule } from '@app/assessments';
import { AuditModule } from '@app/audit';
import { DomainEventsModule } from '@app/core';
import { DeadlinesModule } from '@app/deadlines';
import { PlansModule } from '@app/plans';
import { ReviewsModule } from '@app/reviews';
import { AppealsService } from './appeals.service';
import { AppealOrderDuty } from './entities/appeal-order-duty.entity';
import { AppealOrder } from './entities/appeal-order.entity';
import { Appeal } from './entities/appeal.entity';

/** Appeals, mediation and Tribunal orders. */
@Module({
  imports: [TypeOrmModule.forFeature([Appeal, AppealOrder, AppealOrderDuty]), AssessmentsModule, PlansModule, ReviewsModule, DeadlinesModule, AuditModule, RemindersModule, DomainEventsModule],
  providers: [AppealsService],
  exports: [AppealsService],
})
export class AppealsModule {}
