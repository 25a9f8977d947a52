import { Component, effect, inject, signal } from "@angular/core";
import { takeUntilDestroyed, toSignal } from "@angular/core/rxjs-interop";
import type { ConnectionState } from "@switchboard/client";
import type { FileResult, Job } from "@switchboard/hubs/jobs/contract";
import { JobNotificationService } from "../services/job-notification.service";
import { JobsApiService } from "../services/jobs-api.service";
import { SessionService } from "../services/session.service";
import { explain } from "../services/errors";

/** Background jobs: started over REST, followed live through JobNotificationService. */
@Component({
  selector: "app-jobs",
  template: `
    <section class="card">
      <h1>
        Background jobs
        <span class="state" data-testid="connection-state" [attr.data-state]="state()">
          {{ state() }}
        </span>
      </h1>
      @if (!session.signedIn()) {
        <p data-testid="signed-out-hint">Sign in (top right) to start and follow jobs.</p>
      } @else {
        <form class="row" (submit)="start($event, type.value, step.value)">
          <select #type data-testid="job-type">
            <option value="report">Report (CSV)</option>
            <option value="flaky">Flaky (fails at 40 %)</option>
          </select>
          <select #step data-testid="step-ms">
            <option value="100">0.1 s per 10 %</option>
            <option value="1000" selected>1 s per 10 %</option>
          </select>
          <button data-testid="start-button" [disabled]="state() !== 'connected'">Start job</button>
        </form>
      }
      @if (notification()) {
        <p class="banner" data-testid="system-banner" role="status">{{ notification() }}</p>
      }
      @if (error()) {
        <p class="error" data-testid="error" role="alert">{{ error() }}</p>
      }
      <ol class="jobs" data-testid="jobs">
        @for (job of jobs(); track job.id) {
          <li data-testid="job" [attr.data-status]="job.status">
            <strong>{{ job.type }} #{{ job.id }}</strong> · {{ job.status }}
            <progress max="100" [value]="job.progress"></progress> {{ job.progress }} %
            @if (job.status === "failed") {
              <span data-testid="job-detail">Failed: {{ job.error }}</span>
            }
            @if (fileOf(job); as file) {
              <span data-testid="job-file">{{ file.filename }} ({{ file.size }})</span>
            }
            @if (job.status === "queued" || job.status === "running") {
              <button type="button" (click)="cancel(job.id)">Cancel</button>
            }
          </li>
        }
      </ol>
    </section>
  `,
})
export class JobsComponent {
  protected readonly session = inject(SessionService);
  private readonly notifications = inject(JobNotificationService);
  private readonly api = inject(JobsApiService);
  protected readonly state = toSignal(this.notifications.state$, {
    initialValue: "disconnected" as ConnectionState,
  });
  protected readonly jobs = signal<readonly Job[]>([]);
  protected readonly notification = signal("");
  protected readonly error = signal("");

  constructor() {
    const notifications = this.notifications;
    notifications.getStarted().pipe(takeUntilDestroyed()).subscribe((
      { jobId },
    ) => this.update(jobId, { status: "running" }));
    notifications.getProgress().pipe(takeUntilDestroyed()).subscribe((
      { jobId, progress },
    ) => this.update(jobId, { status: "running", progress }));
    notifications.getCompleted().pipe(takeUntilDestroyed()).subscribe((
      { jobId, result },
    ) => this.update(jobId, { status: "completed", progress: 100, result }));
    notifications.getFailed().pipe(takeUntilDestroyed()).subscribe((
      { jobId, error },
    ) => this.update(jobId, { status: "failed", error }));
    notifications.getSystemNotifications().pipe(takeUntilDestroyed()).subscribe(
      (message) => this.notification.set(message),
    );
    // Follow whoever is signed in: a new sign-in gets a new connection.
    effect(() => {
      const signedIn = this.session.signedIn();
      void this.follow(signedIn !== null);
    });
  }

  protected async start(
    event: Event,
    type: string,
    stepMs: string,
  ): Promise<void> {
    event.preventDefault();
    this.error.set("");
    try {
      const job = await this.api.start(
        type === "flaky" ? "flaky" : "report",
        Number(stepMs),
      );
      this.jobs.update((jobs) => [job, ...jobs]);
      await this.notifications.subscribeToJob(job.id);
    } catch (error) {
      this.error.set(explain(error));
    }
  }

  protected async cancel(jobId: number): Promise<void> {
    try {
      const job = await this.api.cancel(jobId);
      this.update(jobId, job);
    } catch (error) {
      this.error.set(explain(error));
    }
  }

  protected fileOf(job: Job): FileResult | null {
    const result = job.result as Partial<FileResult> | undefined;
    return job.status === "completed" && result?.filename ? result as FileResult : null;
  }

  private async follow(signedIn: boolean): Promise<void> {
    this.jobs.set([]);
    try {
      await this.notifications.disconnect();
      if (!signedIn) return;
      await this.notifications.connect();
      this.jobs.set(await this.api.list());
      const unfinished = this.jobs().filter((job) =>
        job.status !== "completed" && job.status !== "failed"
      );
      await Promise.all(
        unfinished.map((job) => this.notifications.subscribeToJob(job.id)),
      );
    } catch (error) {
      this.error.set(explain(error));
    }
  }

  private update(jobId: number, news: Partial<Job>): void {
    this.jobs.update((jobs) =>
      jobs.map((job) =>
        job.id === jobId && job.status !== "completed" &&
          job.status !== "failed"
          ? {
            ...job,
            ...news,
            progress: Math.max(job.progress, news.progress ?? 0),
          }
          : job
      )
    );
  }
}
