import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { APP_CONFIG, AppConfig, AppLoggerModule, CoreConfigModule, DomainWiringCheckModule } from '@app/core';
import { AppealsModule } from '@app/appeals';
import { BoundariesModule } from '@app/boundaries';
import { FamiliesModule } from '@app/families';
import { DatabaseModule } from '@app/database';
import { PlanCeasingJobsModule, PlansJobsModule } from '@app/plans';
import { RemindersJobsModule } from '@app/reminders';
import { ReviewsJobsModule } from '@app/reviews';
import { ReportingJobsModule } from '@app/reporting';
import { RedisModule, workerConnection } from '@app/queue';
import { WorkerObservabilityModule } from '@app/observability';
import { jobTelemetry } from '@app/observability/tracing';
import { JobHandlerCheck } from './job-handler-check';

/** The job process: every BullMQ processor runs here, never in the API. Contexts add their *-jobs modules. */
@Module({
  imports: [
    CoreConfigModule,
    AppLoggerModule,
    DatabaseModule,
    DiscoveryModule,
    RedisModule,
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      // telemetry: with tracing on, each job's span is the child of the span that added it (undefined when off).
      useFactory: (config: AppConfig) => ({ connection: workerConnection(config), prefix: config.queuePrefix, telemetry: jobTelemetry() }),
    }),
    PlansJobsModule,
    PlanCeasingJobsModule,
    RemindersJobsModule,
    ReviewsJobsModule,
    ReportingJobsModule,
    WorkerObservabilityModule,
    // The jobs run commands (ceasing plans, opening reviews) whose events other contexts react to: their modules are
    // here so that every handler and port is wired, and the check refuses to start otherwise (libs/core/src/events).
    AppealsModule,
    BoundariesModule,
    FamiliesModule,
    DomainWiringCheckModule,
  ],
  providers: [JobHandlerCheck],
})
export class WorkerModule {}
