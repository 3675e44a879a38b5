import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from '../time/clock';
import { APP_CONFIG, loadConfig } from './app-config';

/** Provides the validated configuration and the clock to every module. */
@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig() },
    { provide: Clock, useClass: SystemClock },
  ],
  exports: [APP_CONFIG, Clock],
})
export class CoreConfigModule {}
