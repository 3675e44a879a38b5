import { INestApplicationContext } from '@nestjs/common';
import { ReminderDeliveryService } from '@app/reminders';
import { performance } from 'node:perf_hooks';

/** One delivery job's call of deliverDue: reminders it settled (delivered or cancelled) and the time it took. */
export interface DeliveryTiming {
  size: number;
  ms: number;
}

/** Times each ReminderDeliveryService.deliverDue call of a worker; the returned array fills as jobs run. */
export function timeDeliveries(worker: INestApplicationContext): DeliveryTiming[] {
  const timings: DeliveryTiming[] = [];
  const delivery = worker.get(ReminderDeliveryService);
  const deliverDue = delivery.deliverDue.bind(delivery);
  delivery.deliverDue = async (localAuthorityId: string, options?: { batchSize?: number; maxBatches?: number }) => {
    const t0 = performance.now();
    const result = await deliverDue(localAuthorityId, options);
    timings.push({ size: result.delivered + result.cancelled, ms: performance.now() - t0 });
    return result;
  };
  return timings;
}
