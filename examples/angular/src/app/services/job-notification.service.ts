import { inject, Injectable, type OnDestroy } from "@angular/core";
import { map, type Observable } from "rxjs";
import { type ConnectionState, hubClient } from "@switchboard/client";
import { JOB_HUB_PATH, type JobContract } from "@switchboard/hubs/jobs/contract";
import { SessionService } from "./session.service";
import { SWITCHBOARD_URL } from "./switchboard";

/**
 * The seed's JobNotificationService on the typed client: `/hubs/job` with
 * the signed-in user's token, progress, completion and failure as
 * Observables. After a reconnect it subscribes to its jobs again (the hub
 * then sends each one's state so far).
 */
@Injectable({ providedIn: "root" })
export class JobNotificationService implements OnDestroy {
  private readonly session = inject(SessionService);
  private readonly client = hubClient<JobContract>(
    `${inject(SWITCHBOARD_URL)}${JOB_HUB_PATH}`,
    {
      accessTokenFactory: () => this.session.token() ?? "",
    },
  );
  private readonly followed = new Set<number>();

  /** The connection state. */
  readonly state$: Observable<ConnectionState> = this.client.state$;

  constructor() {
    this.client.rejoin(() =>
      Promise.all(
        [...this.followed].map((jobId) => this.client.invoke("SubscribeToJob", jobId)),
      )
    );
  }

  /** Connects with the current token (the hub refuses anonymous callers). */
  connect(): Promise<void> {
    return this.client.start();
  }

  /** Disconnects, e.g. before connecting as someone else. */
  disconnect(): Promise<void> {
    this.followed.clear();
    return this.client.stop();
  }

  async subscribeToJob(jobId: number): Promise<void> {
    this.followed.add(jobId);
    await this.client.invoke("SubscribeToJob", jobId);
  }

  async unsubscribeFromJob(jobId: number): Promise<void> {
    this.followed.delete(jobId);
    await this.client.invoke("UnsubscribeFromJob", jobId);
  }

  getStarted(): Observable<{ jobId: number }> {
    return this.client.on("JobStarted").pipe(map((jobId) => ({ jobId })));
  }

  getProgress(): Observable<{ jobId: number; progress: number }> {
    return this.client.on("JobProgress").pipe(
      map(([jobId, progress]) => ({ jobId, progress })),
    );
  }

  getCompleted(): Observable<{ jobId: number; result: unknown }> {
    return this.client.on("JobCompleted").pipe(
      map(([jobId, result]) => ({ jobId, result })),
    );
  }

  getFailed(): Observable<{ jobId: number; error: string }> {
    return this.client.on("JobFailed").pipe(
      map(([jobId, error]) => ({ jobId, error })),
    );
  }

  /** An admin's broadcast to everyone. */
  getSystemNotifications(): Observable<string> {
    return this.client.on("SystemNotification");
  }

  ngOnDestroy(): void {
    void this.client.stop();
  }
}
