import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobWorkers } from './job-metrics';
import { MetricsService } from './metrics.service';
import { ReadinessService } from './readiness.service';
import { WorkerProbeServer } from './worker-probe.server';

/** Readiness and metrics, shared by the API and the worker (needs the DatabaseModule and the RedisModule). */
@Global()
@Module({
  providers: [MetricsService, ReadinessService],
  exports: [MetricsService, ReadinessService],
})
export class ObservabilityModule {}

/** The worker's side: its probe and metrics HTTP server, and job timings. */
@Module({
  imports: [ObservabilityModule, DiscoveryModule],
  providers: [WorkerProbeServer, JobWorkers],
  exports: [WorkerProbeServer, JobWorkers],
})
export class WorkerObservabilityModule {}
