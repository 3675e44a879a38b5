import { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { APP_CONFIG, AppConfig, Clock } from '@app/core';
import { WorkerModule } from '../../apps/worker/worker.module';
import { removeKeysUnder } from './redis-keys';

/** The real worker (every processor, the start-up handler check) on a test app's database and queue prefix. */
export async function startTestWorker(config: AppConfig, clock?: Clock): Promise<INestApplicationContext> {
  let builder = Test.createTestingModule({ imports: [WorkerModule] }).overrideProvider(APP_CONFIG).useValue(config);
  if (clock) builder = builder.overrideProvider(Clock).useValue(clock);
  const moduleRef = await builder.compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  // Closing the worker also removes what it wrote under the prefix (the app's close does the same), so a file that
  // stops the worker last leaves nothing in Redis either.
  const close = moduleRef.close.bind(moduleRef);
  moduleRef.close = async () => {
    await close();
    await removeKeysUnder(config.redisUrl, config.queuePrefix);
  };
  return moduleRef;
}
