import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { HANDLES_JOBS, JobName } from '@app/queue';

/** Refuses to start when a job name in the contract has no handler: such jobs would sit in Redis forever. */
@Injectable()
export class JobHandlerCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const handled = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      const names = wrapper.metatype ? (Reflect.getMetadata(HANDLES_JOBS, wrapper.metatype) as string[] | undefined) : undefined;
      for (const name of names ?? []) handled.add(name);
    }
    const missing = Object.values(JobName).filter((name) => !handled.has(name));
    if (missing.length > 0) throw new Error(`No handler for job(s): ${missing.join(', ')}. Import the *-jobs module that processes them.`);
  }
}
