import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { WorkerHost } from '@nestjs/bullmq';
import type { Job, Worker } from 'bullmq';
import { MetricsService } from './metrics.service';

/** The BullMQ workers of this process's processors (@nestjs/bullmq creates them before onApplicationBootstrap). */
function bullWorkers(discovery: DiscoveryService): Worker[] {
  const workers: Worker[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as unknown;
    if (!(instance instanceof WorkerHost)) continue;
    try {
      workers.push(instance.worker);
    } catch {
      // not registered (manualRegistration)
    }
  }
  return workers;
}

/**
 * The job side of this worker process: times every job (`ehcp_job_duration_seconds`, from BullMQ's own timestamps)
 * and, on a graceful shutdown, stops taking jobs and waits for the active ones (a PDF render in flight included)
 * before anything else closes.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly metrics: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    for (const worker of bullWorkers(this.discovery)) {
      const observe = (job: Job | undefined, outcome: 'completed' | 'failed') => {
        if (!job?.processedOn) return;
        const seconds = Math.max(0, ((job.finishedOn ?? Date.now()) - job.processedOn) / 1000);
        this.metrics.jobDuration.observe({ queue: worker.name, job: job.name, outcome }, seconds);
      };
      worker.on('completed', (job) => observe(job, 'completed'));
      worker.on('failed', (job) => observe(job, 'failed'));
    }
  }

  /** Takes no new job and resolves when every active one has finished (BullMQ's close; idempotent). */
  async finishActiveJobs(): Promise<void> {
    await Promise.all(bullWorkers(this.discovery).map((worker) => worker.close()));
  }
}
