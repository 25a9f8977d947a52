/**
 * The seed's JobNotificationService: background work tells a job's
 * subscribers what happened, through the hub context only, exactly as a hub
 * method would.
 *
 * @module
 */
import type { JobHubContext } from "./contract.ts";
import { jobGroup } from "./job.ts";

/** Tells a job's subscribers (group `job-{id}`) about it. */
export interface JobNotifications {
  /** `JobStarted(jobId)` */
  started(jobId: number): Promise<void>;
  /** `JobProgress(jobId, progress)` */
  progress(jobId: number, progress: number): Promise<void>;
  /** `JobCompleted(jobId, result)` */
  completed(jobId: number, result: unknown): Promise<void>;
  /** `JobFailed(jobId, error)` */
  failed(jobId: number, error: string): Promise<void>;
}

/**
 * Notifications sent through a hub's context to the job's group.
 *
 * @example
 * ```ts
 * import { mapHub, Hub } from "../../signalr/mod.ts";
 * import { hubJobNotifications } from "./job_notifications.ts";
 * const endpoint = mapHub("/hubs/job", () => new (class extends Hub {})());
 * await hubJobNotifications(endpoint.context).progress(1, 50);
 * await endpoint.close();
 * ```
 */
export function hubJobNotifications(context: JobHubContext): JobNotifications {
  const group = (jobId: number) => context.clients.group(jobGroup(jobId));
  return {
    started: (jobId) => group(jobId).send("JobStarted", jobId),
    progress: (jobId, progress) => group(jobId).send("JobProgress", jobId, progress),
    completed: (jobId, result) => group(jobId).send("JobCompleted", jobId, result),
    failed: (jobId, error) => group(jobId).send("JobFailed", jobId, error),
  };
}
