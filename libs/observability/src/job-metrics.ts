import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { MetricsService } from './metrics.service';

/** Times every job of every BullMQ worker in this process (`ehcp_job_duration_seconds`), from BullMQ's own timestamps. */
@Injectable()
export class JobMetrics implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as unknown;
      if (!(instance instanceof WorkerHost)) continue;
      let worker: WorkerHost['worker'];
      try {
        worker = instance.worker;
      } catch {
        continue; // not registered (manualRegistration)
      }
      const observe = (job: Job | undefined, outcome: 'completed' | 'failed') => {
        if (!job?.processedOn) return;
        const seconds = Math.max(0, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
        this.metrics.jobDuration.observe({ queue: worker.name, job: job.name, outcome }, seconds);
      };
      worker.on('completed', (job) => observe(job, 'completed'));
      worker.on('failed', (job) => observe(job, 'failed'));
    }
  }
}
