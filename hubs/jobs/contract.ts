/**
 * The job hub's contract, shared by the hub, its notifications, the demo page
 * and any typed client: its path, the methods clients invoke, the events it
 * sends, and the job as the REST routes return it. Types and constants only;
 * imports nothing from the server.
 *
 * @example
 * ```ts
 * import type { JobContract } from "./contract.ts";
 * import { hubClient } from "../../client/mod.ts";
 * const jobs = hubClient<JobContract>("http://127.0.0.1:8000/hubs/job", {
 *   accessTokenFactory: () => "a bearer token",
 * });
 * jobs.on("JobProgress").subscribe(([jobId, progress]) => console.log(jobId, progress));
 * ```
 *
 * @module
 */
import type { EventTuple, HubContract } from "../../client/contract.ts";
import type { HubCallerClientsOf, HubContextOf, HubMethodsOf } from "../../client/hub_typing.ts";

/** Where the job hub is mounted. */
export const JOB_HUB_PATH = "/hubs/job";

/** Where a job is in its life. `completed` and `failed` are final. */
export type JobStatus = "queued" | "running" | "completed" | "failed";

/** A job as `GET /api/jobs/:id` (and `POST`, `DELETE`, `GET /api/jobs`) returns it. */
export interface Job {
  /** Positive integer, never reused. */
  readonly id: number;
  /** The job type's name, e.g. `"report"`. */
  readonly type: string;
  /** The id of the user who created it. */
  readonly owner: string;
  readonly status: JobStatus;
  /** Percent done, 0 to 100. */
  readonly progress: number;
  /** The validated parameters it was created with. */
  readonly params: Readonly<Record<string, unknown>>;
  /** What it produced, once completed. */
  readonly result?: unknown;
  /** Why it failed, once failed. */
  readonly error?: string;
  /** ISO 8601 times. */
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
}

/** What a job that saved a file (a `report`) completes with. */
export interface FileResult {
  readonly id: number;
  /** e.g. `report-12.csv`. */
  readonly filename: string;
  /** Its size for people, e.g. `"4.2 KB"`. */
  readonly size: string;
  /** Where its owner downloads it with their bearer token, e.g. `/files/report-12.csv`. */
  readonly url: string;
}

/** Client → server. Every caller must be signed in. */
export interface JobServerMethods {
  /** Follows a job of the caller's (any job, for an admin); its state so far follows at once. */
  SubscribeToJob(jobId: number): void;
  /** Stops following a job. */
  UnsubscribeFromJob(jobId: number): void;
  /** Sends `SystemNotification(message)` to everyone (Admin only). */
  BroadcastSystemNotification(message: string): void;
}

/** Server → client. */
export interface JobClientEvents {
  /** The caller now follows `jobId`. */
  SubscriptionConfirmed(jobId: number): void;
  /** The caller no longer follows `jobId`. */
  UnsubscriptionConfirmed(jobId: number): void;
  /** An admin's message to everyone. */
  SystemNotification(message: string): void;
  /** A followed job began running. */
  JobStarted(jobId: number): void;
  /** A followed job moved on, `progress` percent done. */
  JobProgress(jobId: number, progress: number): void;
  /** A followed job finished; a `report` completes with a {@linkcode FileResult}. */
  JobCompleted(jobId: number, result: unknown): void;
  /** A followed job failed (or was canceled, or interrupted by a restart). */
  JobFailed(jobId: number, error: string): void;
}

/** Both sides of the job hub. */
export interface JobContract extends HubContract {
  readonly server: JobServerMethods;
  readonly client: JobClientEvents;
}

/** What the `JobHub` class implements. */
export type JobHubMethods = HubMethodsOf<JobServerMethods>;

/** The job hub's `this.clients`, sending only job events. */
export type JobCallerClients = HubCallerClientsOf<JobClientEvents>;

/** The job hub's context, as background work uses it. */
export type JobHubContext = HubContextOf<JobClientEvents>;

/** One job event as a value, e.g. `["JobProgress", 3, 50]`. */
export type JobEventTuple = EventTuple<JobClientEvents>;
