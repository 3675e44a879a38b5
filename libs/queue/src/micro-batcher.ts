/**
 * Gathers single items from concurrent callers into batches: a batch is handed to `flush` when it reaches
 * `maxSize` or `maxWaitMs` after its first item, and each caller's promise settles with its own item's result (or
 * the batch's error). Lets a BullMQ processor run one job per reminder while PostgreSQL sees one transaction per
 * few hundred of them.
 */
export class MicroBatcher<T, R> {
  private pending: { item: T; resolve: (value: R) => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private inFlight = new Set<Promise<void>>();

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<R[]>,
    private readonly options: { maxSize: number; maxWaitMs: number },
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  /** Sends what is waiting now; resolves when every batch under way has settled (for shutdown). */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all([...this.inFlight]);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const run = this.flushBatch(batch.map((entry) => entry.item)).then(
      (results) => {
        if (results.length !== batch.length) throw new Error(`MicroBatcher: ${results.length} results for ${batch.length} items`);
        batch.forEach((entry, i) => entry.resolve(results[i]));
      },
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
    const settled = run.catch((error: unknown) => batch.forEach((entry) => entry.reject(error))).finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }
}
