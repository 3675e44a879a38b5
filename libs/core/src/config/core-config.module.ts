import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../time/clock';
import { ProcessLifecycle } from '../lifecycle/process-lifecycle';
import { APP_CONFIG, loadConfig } from './app-config';

/** Provides the validated configuration, the clock and the process's lifecycle state to every module. */
@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig() },
    { provide: Clock, useClass: SystemClock },
    ProcessLifecycle,
  ],
  exports: [APP_CONFIG, Clock, ProcessLifecycle],
})
export class CoreConfigModule {}
