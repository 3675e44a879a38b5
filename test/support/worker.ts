import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, AppConfig, Clock } from '@app/core';
import { WorkerModule } from '../../apps/worker/worker.module';

/** The real worker (every processor, the start-up handler check) on a test app's database and queue prefix. */
export async function startTestWorker(config: AppConfig, clock?: Clock): Promise<INestApplicationContext> {
  let builder = Test.createTestingModule({ imports: [WorkerModule] }).overrideProvider(APP_CONFIG).useValue(config);
  if (clock) builder = builder.overrideProvider(Clock).useValue(clock);
  const moduleRef = await builder.compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}
