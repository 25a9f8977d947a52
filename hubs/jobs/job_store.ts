/**
 * Where jobs are kept: one synchronous interface (so a state change and its
 * hub event happen in the same turn, in order), an in-memory store for tests,
 * and a SQLite store for everything else (`sqlite_job_store.ts`).
 *
 * @module
 */
import { isFinished, type Job, type JobChanges } from "./job.ts";

/** What a new job needs; the store gives it an id, `queued` and progress 0. */
export interface NewJob {
  readonly type: string;
  readonly owner: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly createdAt: string;
}

/** Keeps jobs. Ids are positive integers, never reused. */
export interface JobStore {
  /** Saves a new queued job and returns it. */
  insert(job: NewJob): Job;
  /** The job with this id, if any. */
  get(id: number): Job | undefined;
  /** The owner's jobs, newest first, at most `limit`. */
  listByOwner(owner: string, limit: number): Job[];
  /** How many of the owner's jobs are queued or running. */
  countUnfinished(owner: string): number;
  /** Applies `changes` to a job and returns it as now stored. */
  update(id: number, changes: JobChanges): Job;
  /**
   * Fails every queued or running job with `error` (at startup: whatever was
   * in flight when the process stopped) and returns them.
   */
  failUnfinished(error: string, finishedAt: string): Job[];
  /**
   * Deletes the completed and failed jobs that finished before `cutoff` (an
   * ISO time) and returns their ids. Ids are never given out again.
   */
  deleteFinishedBefore(cutoff: string): number[];
  /** Releases the store. */
  close(): void;
}

/**
 * Jobs in a map: for tests and for running without a data directory.
 *
 * @example
 * ```ts
 * import { MemoryJobStore } from "./job_store.ts";
 * const store = new MemoryJobStore();
 * const job = store.insert({ type: "report", owner: "ann", params: {}, createdAt: "" });
 * store.get(job.id)?.status; // "queued"
 * ```
 */
export class MemoryJobStore implements JobStore {
  readonly #jobs = new Map<number, Job>();
  #lastId = 0;

  insert(job: NewJob): Job {
    const stored: Job = { ...job, id: ++this.#lastId, status: "queued", progress: 0 };
    this.#jobs.set(stored.id, stored);
    return stored;
  }

  get(id: number): Job | undefined {
    return this.#jobs.get(id);
  }

  listByOwner(owner: string, limit: number): Job[] {
    return [...this.#jobs.values()].filter((job) => job.owner === owner).reverse().slice(0, limit);
  }

  countUnfinished(owner: string): number {
    return [...this.#jobs.values()].filter((job) => job.owner === owner && !isFinished(job)).length;
  }

  update(id: number, changes: JobChanges): Job {
    const job = this.#jobs.get(id);
    if (!job) throw new Error(`Job ${id} does not exist.`);
    const updated = { ...job, ...changes };
    this.#jobs.set(id, updated);
    return updated;
  }

  failUnfinished(error: string, finishedAt: string): Job[] {
    return [...this.#jobs.values()]
      .filter((job) => !isFinished(job))
      .map((job) => this.update(job.id, { status: "failed", error, finishedAt }));
  }

  deleteFinishedBefore(cutoff: string): number[] {
    const ids = [...this.#jobs.values()]
      .filter((job) => isFinished(job) && job.finishedAt !== undefined && job.finishedAt < cutoff)
      .map((job) => job.id);
    for (const id of ids) this.#jobs.delete(id);
    return ids;
  }

  close(): void {}
}
