/**
 * Runs jobs in the background, at most `concurrency` at a time (the rest
 * wait in a queue, first come first served). Every state change is stored
 * first and then announced to the job's subscribers, in the same turn.
 *
 * @module
 */
import { CANCELED, isFinished, type Job, type JobChanges } from "./job.ts";
import type { JobNotifications } from "./job_notifications.ts";
import type { JobStore } from "./job_store.ts";
import type { FileStore } from "./file_store.ts";
import type { JobContext, SavedFile } from "./types/job_type.ts";
import type { JobTypes } from "./types/registry.ts";

/** What a runner works with. */
export interface JobRunnerOptions {
  readonly store: JobStore;
  readonly files: FileStore;
  readonly types: JobTypes;
  readonly notifications: JobNotifications;
  /** How many jobs run at once. */
  readonly concurrency: number;
  /** Where failures to notify are reported. @default {console.error} */
  readonly logError?: (message: string, error: unknown) => void;
}

/** The abort reason of jobs stopped because the runner closes: they stay for restart recovery. */
const SHUTDOWN = new Error("The job runner is closing.");

/**
 * The background job runner.
 *
 * @example
 * ```ts
 * import { JobRunner } from "./job_runner.ts";
 * import { MemoryJobStore } from "./job_store.ts";
 * import { MemoryFileStore } from "./file_store.ts";
 * import { builtInJobTypes } from "./types/registry.ts";
 * const store = new MemoryJobStore();
 * const quiet = () => Promise.resolve();
 * const runner = new JobRunner({
 *   store, files: new MemoryFileStore(), types: builtInJobTypes(), concurrency: 1,
 *   notifications: { started: quiet, progress: quiet, completed: quiet, failed: quiet },
 * });
 * runner.enqueue(store.insert({ type: "report", owner: "ann", params: {}, createdAt: "" }));
 * await runner.close();
 * ```
 */
export class JobRunner {
  readonly #options: JobRunnerOptions;
  readonly #queue: number[] = [];
  readonly #running = new Map<number, { controller: AbortController; done: Promise<void> }>();
  #closed = false;

  /** A runner over `options.store`; it starts nothing until jobs are enqueued. */
  constructor(options: JobRunnerOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new RangeError("The job concurrency must be a positive integer.");
    }
    this.#options = options;
  }

  /** Queues a stored, queued job; it starts when a slot is free. */
  enqueue(job: Job): void {
    if (this.#closed) throw new Error("The job runner is closed.");
    this.#queue.push(job.id);
    this.#pump();
  }

  /**
   * Cancels a job: a queued one leaves the queue, a running one is aborted
   * and awaited. Either fails with `canceled`. A finished job is left as it is.
   * Resolves with the job as now stored.
   */
  async cancel(jobId: number): Promise<Job | undefined> {
    const at = this.#queue.indexOf(jobId);
    if (at !== -1) {
      this.#queue.splice(at, 1);
      await this.#fail(jobId, CANCELED);
    }
    const running = this.#running.get(jobId);
    if (running) {
      running.controller.abort(new Error(CANCELED));
      await running.done;
    }
    return this.#options.store.get(jobId);
  }

  /**
   * Stops: the queue is dropped and running jobs are aborted, and their
   * stored state left as it is, so the next start marks them interrupted.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
    const running = [...this.#running.values()];
    for (const { controller } of running) controller.abort(SHUTDOWN);
    await Promise.all(running.map(({ done }) => done));
  }

  #pump(): void {
    while (!this.#closed && this.#running.size < this.#options.concurrency) {
      const jobId = this.#queue.shift();
      if (jobId === undefined) return;
      const controller = new AbortController();
      const done = this.#execute(jobId, controller.signal).finally(() => {
        this.#running.delete(jobId);
        this.#pump();
      });
      this.#running.set(jobId, { controller, done });
    }
  }

  async #execute(jobId: number, signal: AbortSignal): Promise<void> {
    const { store, types, notifications } = this.#options;
    const job = store.get(jobId);
    if (!job || isFinished(job)) return;
    try {
      const type = types.get(job.type);
      if (!type) throw new Error(`Unknown job type "${job.type}".`);
      const params = type.parse(job.params);
      this.#set(jobId, { status: "running", startedAt: now() });
      await this.#announce(notifications.started(jobId));
      const result = await type.run(params, this.#context(job, signal));
      signal.throwIfAborted();
      this.#set(jobId, { status: "completed", progress: 100, result, finishedAt: now() });
      await this.#announce(notifications.completed(jobId, result));
    } catch (error) {
      if (signal.reason === SHUTDOWN) return;
      await this.#fail(jobId, signal.aborted ? CANCELED : messageOf(error));
    }
  }

  #context(job: Job, signal: AbortSignal): JobContext {
    const { files, notifications } = this.#options;
    return {
      id: job.id,
      signal,
      progress: async (percent) => {
        signal.throwIfAborted();
        if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
          throw new RangeError(`Progress must be an integer from 0 to 100, not ${percent}.`);
        }
        this.#set(job.id, { progress: percent });
        await this.#announce(notifications.progress(job.id, percent));
      },
      saveFile: async (extension, bytes): Promise<SavedFile> => {
        signal.throwIfAborted();
        const filename = `${job.type}-${job.id}.${extension}`;
        await files.write(filename, bytes);
        return { filename, size: formatSize(bytes.length), url: `/files/${filename}` };
      },
    };
  }

  async #fail(jobId: number, error: string): Promise<void> {
    this.#set(jobId, { status: "failed", error, finishedAt: now() });
    await this.#announce(this.#options.notifications.failed(jobId, error));
  }

  #set(jobId: number, changes: JobChanges): void {
    this.#options.store.update(jobId, changes);
  }

  /** A failure to reach subscribers never fails the job: it is logged. */
  async #announce(sent: Promise<void>): Promise<void> {
    try {
      await sent;
    } catch (error) {
      (this.#options.logError ?? console.error)("Could not notify a job's subscribers.", error);
    }
  }
}

/** A byte count for people, as the seed's `Size` ("2.5 MB"). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function now(): string {
  return new Date().toISOString();
}

function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error);
}
