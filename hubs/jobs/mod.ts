/**
 * The jobs module: background jobs created over REST, run with a concurrency
 * limit, their progress pushed to subscribers through the job hub at
 * `/hubs/job`. Jobs and their files live under `dataDir` (SQLite file
 * `jobs.sqlite`, folder `files/`), or in memory when it is unset.
 *
 * @module
 */
import { join } from "node:path";
import { type HubOptions, mapHub } from "../../signalr/mod.ts";
import type { AppModule } from "../../app.ts";
import { INTERRUPTED_BY_RESTART } from "./job.ts";
import { JobHub } from "./job_hub.ts";
import { JOB_HUB_PATH } from "./contract.ts";
import { JobRunner } from "./job_runner.ts";
import { hubJobNotifications } from "./job_notifications.ts";
import { type JobStore, MemoryJobStore } from "./job_store.ts";
import { SqliteJobStore } from "./sqlite_job_store.ts";
import { DirectoryFileStore, type FileStore, MemoryFileStore } from "./file_store.ts";
import { mountJobRoutes } from "./routes.ts";
import { JobRetention } from "./retention.ts";
import { builtInJobTypes } from "./types/registry.ts";

export { CANCELED, INTERRUPTED_BY_RESTART, type Job, jobGroup, type JobStatus } from "./job.ts";
export { JobHub, MAX_NOTIFICATION_LENGTH } from "./job_hub.ts";

/** How the jobs module is set up. */
export interface JobsModuleOptions {
  /** The hub's options; their `authenticate` also guards the REST routes. */
  readonly hubOptions?: HubOptions;
  /**
   * Keep jobs (`jobs.sqlite`) and their files (`files/`) in this directory,
   * created if missing. Unset: in memory, lost when the process stops.
   */
  readonly dataDir?: string;
  /** How many jobs run at once; the rest wait in a queue. @default {2} */
  readonly concurrency?: number;
  /** How many of one user's jobs may be queued or running at once. @default {10} */
  readonly maxActiveJobsPerUser?: number;
  /**
   * How long a finished job and its files are kept, in hours; 0 keeps them
   * for ever. @default {168} (a week)
   */
  readonly retentionHours?: number;
}

/**
 * Mounts the job hub at `/hubs/job` and the jobs REST routes. With a
 * `dataDir`, jobs that were queued or running when the process last stopped
 * are failed at once with "interrupted by a server restart". Finished jobs
 * older than `retentionHours` are deleted with their files, at start and
 * every hour.
 *
 * @example
 * ```ts
 * import { createApp } from "../../app.ts";
 * import { jobsModule } from "./mod.ts";
 * const app = createApp([jobsModule({ concurrency: 2 })]);
 * // Deno.serve(app.hono.fetch);
 * await app.close();
 * ```
 */
export function jobsModule(options: JobsModuleOptions = {}): AppModule {
  const { store, files } = openStores(options.dataDir);
  store.failUnfinished(INTERRUPTED_BY_RESTART, new Date().toISOString());
  const endpoint = mapHub(JOB_HUB_PATH, () => new JobHub(store), options.hubOptions);
  const types = builtInJobTypes();
  const runner = new JobRunner({
    store,
    files,
    types,
    notifications: hubJobNotifications(endpoint.context),
    concurrency: options.concurrency ?? 2,
    logError: options.hubOptions?.logError,
  });
  const retentionHours = options.retentionHours ?? 168;
  const retention = retentionHours > 0
    ? new JobRetention({
      store,
      files,
      retentionMs: retentionHours * 3_600_000,
      logError: options.hubOptions?.logError,
    })
    : undefined;
  retention?.start();
  return {
    endpoints: [endpoint],
    mount(app) {
      mountJobRoutes(app, {
        store,
        files,
        runner,
        types,
        authenticate: options.hubOptions?.authenticate,
        maxActiveJobsPerUser: options.maxActiveJobsPerUser ?? 10,
      });
    },
    async close() {
      await retention?.close();
      await runner.close();
      store.close();
    },
  };
}

function openStores(dataDir: string | undefined): { store: JobStore; files: FileStore } {
  if (dataDir === undefined) return { store: new MemoryJobStore(), files: new MemoryFileStore() };
  Deno.mkdirSync(dataDir, { recursive: true });
  return {
    store: new SqliteJobStore(join(dataDir, "jobs.sqlite")),
    files: new DirectoryFileStore(join(dataDir, "files")),
  };
}
