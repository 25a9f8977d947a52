/**
 * The job hub from the seed chapter: subscribers of a job join the group
 * `job-{id}` and are brought up to date at once; admins may broadcast a
 * system notification to everyone. Requires a signed-in user.
 *
 * @module
 */
import { authorize, Hub, HubError } from "../../signalr/mod.ts";
import { ADMIN_ROLE, canAccess, jobGroup, stateEvents } from "./job.ts";
import type { JobStore } from "./job_store.ts";
import type { JobCallerClients, JobHubMethods } from "./contract.ts";

/** The longest system notification accepted. */
export const MAX_NOTIFICATION_LENGTH = 500;

/**
 * Client → server: `SubscribeToJob(jobId)`, `UnsubscribeFromJob(jobId)`,
 * `BroadcastSystemNotification(message)` (Admin only).
 * Server → client: `SubscriptionConfirmed(jobId)`, `UnsubscriptionConfirmed(jobId)`,
 * `SystemNotification(message)`, and for subscribers `JobStarted(jobId)`,
 * `JobProgress(jobId, progress)`, `JobCompleted(jobId, result)`, `JobFailed(jobId, error)`.
 */
@authorize()
export class JobHub extends Hub implements JobHubMethods {
  /** The targets, typed by the contract: a wrong event name or payload fails `deno check`. */
  declare clients: JobCallerClients;

  readonly #store: JobStore;

  /** A hub instance (one per invocation) over the module's job store. */
  constructor(store: JobStore) {
    super();
    this.#store = store;
  }

  /**
   * Adds the caller to the job's group, confirms, then sends the job's state
   * so far (see `stateEvents`): a late subscriber never waits for an event
   * that was already sent. Only the job's owner (or an admin) may subscribe.
   */
  async subscribeToJob(jobId: unknown): Promise<void> {
    const id = requireJobId(jobId);
    this.#visibleJob(id);
    await this.groups.addToGroup(this.context.connectionId, jobGroup(id));
    // Read and send in one turn: later events of the job can only follow these.
    const job = this.#visibleJob(id);
    const sent = [["SubscriptionConfirmed", id] as const, ...stateEvents(job)]
      .map(([target, ...args]) => this.clients.caller.send(target, ...args));
    await Promise.all(sent);
  }

  /** Removes the caller from the job's group and confirms. */
  async unsubscribeFromJob(jobId: unknown): Promise<void> {
    const id = requireJobId(jobId);
    await this.groups.removeFromGroup(this.context.connectionId, jobGroup(id));
    await this.clients.caller.send("UnsubscriptionConfirmed", id);
  }

  /** Sends `SystemNotification(message)` to every client of the hub. */
  @authorize({ roles: [ADMIN_ROLE] })
  async broadcastSystemNotification(message: unknown): Promise<void> {
    if (typeof message !== "string" || message.trim().length === 0) {
      throw new HubError("The notification must be a non-empty string.");
    }
    if (message.length > MAX_NOTIFICATION_LENGTH) {
      throw new HubError(
        `The notification must be at most ${MAX_NOTIFICATION_LENGTH} characters long.`,
      );
    }
    await this.clients.all.send("SystemNotification", message);
  }

  /** The job, if the caller may see it; someone else's job is as unknown as a missing one. */
  #visibleJob(id: number) {
    const job = this.#store.get(id);
    if (!job || !canAccess(this.context.user, job)) throw new HubError(`Job ${id} was not found.`);
    return job;
  }
}

function requireJobId(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new HubError("The job id must be a positive integer.");
  }
  return value;
}
