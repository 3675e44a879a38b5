import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { QueueName, queueProducerConnection } from '@app/queue';
import { Queue } from 'bullmq';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** Queue states exported as `ehcp_queue_jobs{queue,state}`. */
const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;
/** Database-derived gauges (reminder and outbox lag) are read at most this often, however often Prometheus scrapes. */
const DATABASE_GAUGES_TTL_MS = 10_000;
/** A reminder this long past its moment and still undelivered counts as late (as GET /operations/queues). */
const LATE_AFTER_SECONDS = 300;

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * The process's Prometheus metrics, in its own registry (one per application, so that tests may run several apps in
 * one process). Labels carry route templates, queue names, states and outcomes only: never an id, a name or anything
 * else about a person. Served at GET /metrics on the API's port and on the worker's WORKER_METRICS_PORT.
 */
@Injectable()
export class MetricsService implements OnApplicationShutdown {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route template and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency from arrival to the last byte sent, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'ehcp_job_duration_seconds',
    help: 'BullMQ job run time in the worker, by queue, job name and outcome (completed, failed)',
    labelNames: ['queue', 'job', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly pdfRenderDuration = new Histogram({
    name: 'ehcp_pdf_render_seconds',
    help: 'Plan PDF render time in the sandboxed child process, by outcome (rendered, or the failure kind)',
    labelNames: ['outcome'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers: [this.registry],
  });

  /** How long the database-derived gauges are reused between scrapes (tests set 0). */
  databaseGaugesTtlMs = DATABASE_GAUGES_TTL_MS;
  private readonly queues = new Map<QueueName, Queue>();
  private databaseGauges: { at: number; value: Promise<DatabaseGauges> } | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    collectDefaultMetrics({ register: this.registry });
    const queueJobs: Gauge = new Gauge({
      name: 'ehcp_queue_jobs',
      help: 'BullMQ jobs per queue and state (shared by every process on the deployment)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      collect: async () => {
        const all = await this.queueCounts();
        queueJobs.reset();
        for (const [queue, counts] of all) for (const state of QUEUE_STATES) queueJobs.set({ queue, state }, counts[state] ?? 0);
      },
    });
    const pool: Gauge = new Gauge({
      name: 'ehcp_db_pool_connections',
      help: 'This process\'s PostgreSQL pool: connections in use, idle, the pool\'s maximum, and callers waiting for one',
      labelNames: ['state'],
      registers: [this.registry],
      collect: () => {
        const current = this.pool();
        if (!current) return;
        pool.set({ state: 'in_use' }, current.totalCount - current.idleCount);
        pool.set({ state: 'idle' }, current.idleCount);
        pool.set({ state: 'waiting' }, current.waitingCount);
        pool.set({ state: 'max' }, current.options?.max ?? this.config.databasePoolSize);
      },
    });
    const fromDatabase = (name: string, help: string, pick: (gauges: DatabaseGauges) => number) => {
      const gauge: Gauge = new Gauge({
        name,
        help,
        registers: [this.registry],
        collect: async () => {
          const gauges = await this.readDatabaseGauges();
          if (gauges) gauge.set(pick(gauges));
        },
      });
    };
    fromDatabase('ehcp_reminder_lag_seconds', 'Seconds since the moment of the oldest reminder still undelivered (0 when none is due)', (g) => g.reminderLagSeconds);
    fromDatabase('ehcp_reminders_late', `Reminders still undelivered ${LATE_AFTER_SECONDS} s after their moment, all LAs (capped at 100000)`, (g) => g.remindersLate);
    fromDatabase('ehcp_email_outbox_lag_seconds', 'Age in seconds of the oldest email waiting in the outbox (0 when none waits)', (g) => g.outboxLagSeconds);
    fromDatabase('ehcp_email_outbox_pending', 'Emails waiting in the outbox, all LAs (capped at 100000)', (g) => g.outboxPending);
  }

  /** Records one answered HTTP request. `route` is the route template (`/api/v1/assessments/:id`), never the URL. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  async text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private pool(): PgPool | null {
    if (!this.dataSource.isInitialized) return null;
    return ((this.dataSource.driver as unknown as { master?: PgPool }).master ?? null) as PgPool | null;
  }

  private async queueCounts(): Promise<[QueueName, Record<string, number>][]> {
    return Promise.all(
      Object.values(QueueName).map(async (name): Promise<[QueueName, Record<string, number>]> => {
        try {
          return [name, await this.queue(name).getJobCounts(...QUEUE_STATES)];
        } catch {
          return [name, {}]; // Redis unreachable: readiness says so; the scrape still answers
        }
      }),
    );
  }

  private async readDatabaseGauges(): Promise<DatabaseGauges | null> {
    const now = Date.now();
    if (!this.databaseGauges || now - this.databaseGauges.at >= this.databaseGaugesTtlMs) {
      this.databaseGauges = { at: now, value: this.queryDatabaseGauges() };
    }
    try {
      return await this.databaseGauges.value;
    } catch {
      this.databaseGauges = null;
      return null;
    }
  }

  private async queryDatabaseGauges(): Promise<DatabaseGauges> {
    // Index-only reads on the partial indexes of scheduled reminders and pending emails.
    const [row] = await this.dataSource.query(
      `SELECT coalesce(extract(epoch FROM now() - (SELECT min(send_at) FROM reminders WHERE state = 'scheduled' AND send_at < now())), 0)::float8 AS reminder_lag,
              (SELECT count(*) FROM (SELECT 1 FROM reminders WHERE state = 'scheduled' AND send_at < now() - make_interval(secs => $1) LIMIT 100000) late)::int AS reminders_late,
              coalesce(extract(epoch FROM now() - (SELECT min(created_at) FROM email_outbox WHERE state IN ('pending', 'sending'))), 0)::float8 AS outbox_lag,
              (SELECT count(*) FROM (SELECT 1 FROM email_outbox WHERE state IN ('pending', 'sending') LIMIT 100000) pending)::int AS outbox_pending`,
      [LATE_AFTER_SECONDS],
    );
    return { reminderLagSeconds: Math.max(0, row.reminder_lag), remindersLate: row.reminders_late, outboxLagSeconds: Math.max(0, row.outbox_lag), outboxPending: row.outbox_pending };
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: queueProducerConnection(this.config), prefix: this.config.queuePrefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)));
  }
}

interface DatabaseGauges {
  reminderLagSeconds: number;
  remindersLate: number;
  outboxLagSeconds: number;
  outboxPending: number;
}
