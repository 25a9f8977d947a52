/**
 * Retention: finished jobs and their files are deleted once they are older
 * than the retention period, so the data directory does not grow for ever.
 * Queued and running jobs are never touched.
 *
 * @module
 */
import type { FileStore } from "./file_store.ts";
import type { JobStore } from "./job_store.ts";

/** How {@linkcode JobRetention} is set up. */
export interface JobRetentionOptions {
  readonly store: JobStore;
  readonly files: FileStore;
  /** How long a finished job is kept, in ms. */
  readonly retentionMs: number;
  /** How often to sweep, in ms. @default {one hour, or the retention period when shorter} */
  readonly sweepEveryMs?: number;
  /** Where a failed sweep is reported. @default {console.error} */
  readonly logError?: (message: string, error?: unknown) => void;
}

/**
 * Sweeps old finished jobs away: once when started, then periodically on a
 * timer that never keeps the process alive.
 *
 * @example
 * ```ts
 * import { JobRetention } from "./retention.ts";
 * import { MemoryJobStore } from "./job_store.ts";
 * import { MemoryFileStore } from "./file_store.ts";
 * const retention = new JobRetention({
 *   store: new MemoryJobStore(),
 *   files: new MemoryFileStore(),
 *   retentionMs: 7 * 24 * 3_600_000,
 * });
 * await retention.sweep(); // 0: nothing was old enough
 * await retention.close();
 * ```
 */
export class JobRetention {
  readonly #options: JobRetentionOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #sweeping: Promise<number> | undefined;

  /** Prepares the sweeps; nothing runs until {@linkcode JobRetention.start}. */
  constructor(options: JobRetentionOptions) {
    this.#options = options;
  }

  /** Sweeps now, then every `sweepEveryMs`. */
  start(): void {
    const every = this.#options.sweepEveryMs ?? Math.min(3_600_000, this.#options.retentionMs);
    void this.#sweepLogged();
    const timer = setInterval(() => void this.#sweepLogged(), every);
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  /**
   * Deletes the jobs that finished more than the retention period before
   * `now`, then their files; resolves with how many jobs went. A sweep
   * already under way is joined, not doubled.
   */
  sweep(now: Date = new Date()): Promise<number> {
    return this.#sweeping ??= this.#sweep(now).finally(() => this.#sweeping = undefined);
  }

  /** Stops the timer and waits for a sweep under way. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping?.catch(() => {});
  }

  async #sweep(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.#options.retentionMs).toISOString();
    const ids = this.#options.store.deleteFinishedBefore(cutoff);
    await this.#options.files.deleteForJobs(new Set(ids));
    return ids.length;
  }

  async #sweepLogged(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      (this.#options.logError ?? console.error)("Deleting old jobs failed", error);
    }
  }
}
