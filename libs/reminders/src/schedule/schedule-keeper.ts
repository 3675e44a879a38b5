import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@app/core';
import { LocalAuthoritiesService } from '@app/identity';
import { JobName, QueueName, SendDigestPayload } from '@app/queue';
import { Queue, RepeatOptions } from 'bullmq';
import { DRAIN_JOB_OPTIONS } from '../delivery/email-nudge';

const SCHEDULED_JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 100 } as const;
const LONDON = 'Europe/London';

/** A job scheduler the keeper upserts at start and re-creates whenever it goes missing from Redis. */
export interface KeptSchedule {
  queue: Queue;
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  name: JobName;
  data: object;
}

const KEPT_SCHEDULES = 'worker:keptSchedules';

/**
 * Declares a worker provider's method that returns its job schedulers (the reviews' daily pass): the keeper finds
 * every such method at start with Nest's DiscoveryService and keeps them alongside the reminders' own. No
 * registration: `grep -rn "@KeptSchedules"` lists every scheduler a worker keeps.
 */
export const KeptSchedules = () => (_target: object, _method: string | symbol, descriptor: { value?: () => KeptSchedule[] | Promise<KeptSchedule[]> }) => {
  Reflect.defineMetadata(KEPT_SCHEDULES, true, descriptor.value as object);
};

type Schedule = KeptSchedule;

/**
 * Owns the worker's job schedulers (BullMQ `upsertJobScheduler`): the reminder page-in, the nightly reconcile, each
 * LA's daily digest at DIGEST_TIME in London, and the email drain. It upserts them all at start-up (so a changed
 * setting takes effect) and then checks every few seconds that they still exist, re-creating any that are missing:
 * after a Redis flush or a restart without persistence the schedulers are gone with the jobs, and nothing else
 * would bring them back until a worker restarted. A new LA gets its digest scheduler at the next check.
 */
@Injectable()
export class ScheduleKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScheduleKeeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private sources: (() => KeptSchedule[] | Promise<KeptSchedule[]>)[] | null = null;

  constructor(
    @InjectQueue(QueueName.Reminders) private readonly reminders: Queue,
    @InjectQueue(QueueName.Email) private readonly email: Queue,
    private readonly localAuthorities: LocalAuthoritiesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  /** The `@KeptSchedules()` methods of the process's providers, found once. */
  private keptSources(): (() => KeptSchedule[] | Promise<KeptSchedule[]>)[] {
    if (this.sources) return this.sources;
    const sources: (() => KeptSchedule[] | Promise<KeptSchedule[]>)[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      for (const method of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
        const fn = instance[method];
        if (typeof fn === 'function' && Reflect.getMetadata(KEPT_SCHEDULES, fn)) sources.push(() => (fn as () => KeptSchedule[] | Promise<KeptSchedule[]>).call(instance));
      }
    }
    this.sources = sources;
    return sources;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const schedule of await this.schedules()) await this.upsert(schedule);
    // Plan anything written while no worker ran (or before reminders were planned in commands).
    await this.reminders.add(JobName.ReconcileReminders, {}, { ...SCHEDULED_JOB_OPTIONS, deduplication: { id: 'reconcile-reminders-at-start' } });
    this.timer = setInterval(() => void this.check(), Math.min(15, this.config.reminderSweepSeconds) * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Re-creates missing schedulers; returns how many it re-created. */
  async check(): Promise<number> {
    if (this.running) return 0;
    let restored = 0;
    const run = (async () => {
      try {
        const present = new Set<string>();
        const schedules = await this.schedules();
        const queues = [...new Set(schedules.map((s) => s.queue))];
        for (const queue of queues) for (const s of await queue.getJobSchedulers(0, -1)) present.add(`${queue.name}/${s.key}`);
        for (const schedule of schedules) {
          if (present.has(`${schedule.queue.name}/${schedule.id}`)) continue;
          await this.upsert(schedule);
          restored += 1;
        }
        if (restored > 0) this.logger.warn({ restored }, 'job schedulers were missing from Redis and have been re-created');
      } catch (error) {
        this.logger.warn({ err: (error as Error).message }, 'could not check job schedulers (Redis unreachable?); will retry');
      }
    })();
    this.running = run;
    await run;
    this.running = null;
    return restored;
  }

  private async schedules(): Promise<Schedule[]> {
    const [hour, minute] = this.config.digestTime.split(':').map(Number);
    const authorities = (await this.localAuthorities.allIds()).map((id) => ({ id }));
    const others = (await Promise.all(this.keptSources().map((source) => source()))).flat();
    return [
      ...others,
      { queue: this.reminders, id: JobName.SweepReminders, repeat: { every: this.config.reminderSweepSeconds * 1000 }, name: JobName.SweepReminders, data: {} },
      { queue: this.reminders, id: JobName.ReconcileReminders, repeat: { pattern: '15 2 * * *', tz: LONDON }, name: JobName.ReconcileReminders, data: {} },
      { queue: this.email, id: JobName.DrainEmailOutbox, repeat: { every: this.config.emailDrainSeconds * 1000 }, name: JobName.DrainEmailOutbox, data: {} },
      ...authorities.map((la) => ({
        queue: this.reminders,
        id: `digest-${la.id}`,
        repeat: { pattern: `${minute} ${hour} * * *`, tz: LONDON },
        name: JobName.SendDigest,
        data: { localAuthorityId: la.id } satisfies SendDigestPayload,
      })),
    ];
  }

  private async upsert(s: Schedule): Promise<void> {
    const opts = s.name === JobName.DrainEmailOutbox ? DRAIN_JOB_OPTIONS : SCHEDULED_JOB_OPTIONS;
    await s.queue.upsertJobScheduler(s.id, s.repeat, { name: s.name, data: s.data, opts });
  }
}
