/**
 * What a background job is, who may see it, and the hub events that tell a
 * subscriber its current state. Pure: no I/O.
 *
 * @module
 */
import type { HubUser } from "../../signalr/mod.ts";
import type { Job, JobEventTuple } from "./contract.ts";

/** The job and its status are the contract's: what is stored is what clients see. */
export type { Job, JobStatus } from "./contract.ts";

/** The fields of a job that change while it runs. */
export type JobChanges = Partial<
  Pick<Job, "status" | "progress" | "result" | "error" | "startedAt" | "finishedAt">
>;

/** The error of a job canceled by its owner (or an admin). */
export const CANCELED = "canceled";

/** The error of a job that was queued or running when the server stopped. */
export const INTERRUPTED_BY_RESTART = "interrupted by a server restart";

/** The role that may see and cancel every job, and broadcast notifications. */
export const ADMIN_ROLE = "Admin";

/** Whether a job has reached a final status. */
export function isFinished(job: Pick<Job, "status">): boolean {
  return job.status === "completed" || job.status === "failed";
}

/** Whether `user` may see, subscribe to and cancel `job`: its owner or an admin. */
export function canAccess(user: HubUser | undefined, job: Pick<Job, "owner">): boolean {
  if (!user) return false;
  return user.id === job.owner || (user.roles?.includes(ADMIN_ROLE) ?? false);
}

/** One hub event: the target and its arguments. */
export type JobEvent = JobEventTuple;

/**
 * The events that bring a subscriber who arrives late up to date with `job`:
 * nothing while queued; `JobStarted` (and `JobProgress` once it moved) while
 * running; `JobCompleted` or `JobFailed` once finished.
 *
 * @example
 * ```ts
 * import { stateEvents } from "./job.ts";
 * stateEvents({ id: 3, status: "failed", error: "canceled" } as never);
 * // [["JobFailed", 3, "canceled"]]
 * ```
 */
export function stateEvents(job: Job): JobEvent[] {
  switch (job.status) {
    case "queued":
      return [];
    case "running":
      return job.progress > 0
        ? [["JobStarted", job.id], ["JobProgress", job.id, job.progress]]
        : [["JobStarted", job.id]];
    case "completed":
      return [["JobCompleted", job.id, job.result ?? null]];
    case "failed":
      return [["JobFailed", job.id, job.error ?? "failed"]];
  }
}

/** The group of a job's subscribers, as in the seed: `job-{id}`. */
export function jobGroup(jobId: number): string {
  return `job-${jobId}`;
}
