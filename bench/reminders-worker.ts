/**
 * One more worker process for `npm run bench:reminders -- --workers N` (forked N - 1 times by the bench): the real
 * worker (WorkerModule, every processor) on the configuration the bench sends, with ReminderDeliveryService.deliverDue
 * timed as in the bench's own process. Messages from the bench: `{ config, emails }` to start, `stats` to report the
 * timings, `stop` to close and exit.
 */
import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '@app/core';
import { EmailOutboxService } from '@app/reminders';
import { startTestWorker } from '../test/support/worker';
import { DeliveryTiming, timeDeliveries } from './reminders-timing';

let worker: INestApplicationContext | null = null;
let timings: DeliveryTiming[] = [];

process.on('message', (message: { config?: AppConfig; emails?: string } | 'stats' | 'stop') => {
  void (async () => {
    if (message === 'stats') {
      process.send!({ timings, cpu: process.cpuUsage() });
    } else if (message === 'stop') {
      await worker?.close();
      process.exit(0);
    } else if (message.config) {
      worker = await startTestWorker(message.config);
      if (message.emails === 'off') worker.get(EmailOutboxService).drain = async () => ({ sent: 0, failed: 0, retrying: 0 });
      timings = timeDeliveries(worker);
      process.send!({ started: true });
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
