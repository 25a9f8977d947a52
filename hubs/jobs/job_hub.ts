/**
 * The job hub from the seed chapter: subscribers of a job join the group
 * `job-{id}`; admins may broadcast a system notification to everyone.
 * Requires a signed-in user.
 *
 * @module
 */
import { authorize, Hub, HubError } from "../../signalr/mod.ts";

/** The group of a job's subscribers. */
export function jobGroup(jobId: number): string {
  return `job-${jobId}`;
}

/** The longest system notification accepted. */
export const MAX_NOTIFICATION_LENGTH = 500;

/**
 * Client → server: `SubscribeToJob(jobId)`, `UnsubscribeFromJob(jobId)`,
 * `BroadcastSystemNotification(message)` (Admin only).
 * Server → client: `SubscriptionConfirmed(jobId)`, `UnsubscriptionConfirmed(jobId)`,
 * `SystemNotification(message)`.
 */
@authorize()
export class JobHub extends Hub {
  /** Adds the caller to the job's group and confirms. */
  async subscribeToJob(jobId: unknown): Promise<void> {
    const id = requireJobId(jobId);
    await this.groups.addToGroup(this.context.connectionId, jobGroup(id));
    await this.clients.caller.send("SubscriptionConfirmed", id);
  }

  /** Removes the caller from the job's group and confirms. */
  async unsubscribeFromJob(jobId: unknown): Promise<void> {
    const id = requireJobId(jobId);
    await this.groups.removeFromGroup(this.context.connectionId, jobGroup(id));
    await this.clients.caller.send("UnsubscriptionConfirmed", id);
  }

  /** Sends `SystemNotification(message)` to every client of the hub. */
  @authorize({ roles: ["Admin"] })
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
}

function requireJobId(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new HubError("The job id must be a positive integer.");
  }
  return value;
}
