import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { QueueName } from '@app/queue';
import { PlansModule } from '../plans.module';
import { PlanCeasingProcessor } from './plan-ceasing.processor';

/** The worker's half of ceasing: the scheduled close of plans whose appeal deadline has passed. */
@Module({ imports: [PlansModule, BullModule.registerQueue({ name: QueueName.Maintenance })], providers: [PlanCeasingProcessor] })
export class PlanCeasingJobsModule {}
