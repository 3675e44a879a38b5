import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig, AppLoggerModule, CoreConfigModule, createValidationPipe, DomainWiringCheckModule, ProblemDetailsFilter } from '@app/core';
import { AdviceHttpModule } from '@app/advice';
import { AppealsHttpModule } from '@app/appeals';
import { AssessmentsHttpModule } from '@app/assessments';
import { AuditHttpModule } from '@app/audit';
import { CaseImportHttpModule } from '@app/case-import';
import { ChildrenHttpModule } from '@app/children';
import { FamiliesHttpModule } from '@app/families';
import { DatabaseModule, IdempotencyInterceptor, ReadDatabaseModule } from '@app/database';
import { PlansHttpModule } from '@app/plans';
import { ReviewsHttpModule } from '@app/reviews';
import { BoundariesHttpModule } from '@app/boundaries';
import { ReportingHttpModule } from '@app/reporting';
import { RemindersHttpModule } from '@app/reminders';
import { AuthGuard, IdentityHttpModule, IdentityModule, isLoginThrottled } from '@app/identity';
import { REDIS_CLIENT, RedisModule } from '@app/queue';
import type Redis from 'ioredis';
import { ObservabilityModule } from '@app/observability';
import { HealthController } from './health/health.controller';
import { VersionController } from './health/version.controller';
import { RedisThrottlerStorage } from './rate-limit/redis-throttler-storage';

/** The HTTP process: composes each context's *-http module with the cross-cutting pieces. */
@Module({
  imports: [
    CoreConfigModule,
    AppLoggerModule,
    DatabaseModule,
    ReadDatabaseModule,
    RedisModule,
    ObservabilityModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS_CLIENT],
      useFactory: (config: AppConfig, redis: Redis) => ({
        // Counted in Redis, so the limits hold across API processes (docs/benchmarks.md, "Horizontal scale").
        storage: new RedisThrottlerStorage(redis, config),
        throttlers: [
          { name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute },
          // Sign-in gets its own, much lower limit per client address; lockout protects each account as well.
          { name: 'login', ttl: 60_000, limit: config.loginRateLimitPerMinute, skipIf: (context) => !isLoginThrottled(context) },
        ],
      }),
    }),
    IdentityModule,
    IdentityHttpModule,
    AuditHttpModule,
    ChildrenHttpModule,
    AssessmentsHttpModule,
    AdviceHttpModule,
    CaseImportHttpModule,
    PlansHttpModule,
    ReviewsHttpModule,
    AppealsHttpModule,
    BoundariesHttpModule,
    ReportingHttpModule,
    RemindersHttpModule,
    FamiliesHttpModule,
    // Refuses to start when an event lacks a handler or a query port its binding (libs/core/src/events).
    DomainWiringCheckModule,
  ],
  controllers: [HealthController, VersionController],
  providers: [
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    // Idempotency-Key on creating commands: a replay repeats the first answer (issue 24).
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
export class ApiModule {}
