import { HttpClient, HttpHeaders } from "@angular/common/http";
import { inject, Injectable } from "@angular/core";
import { firstValueFrom } from "rxjs";
import type { Job } from "@switchboard/hubs/jobs/contract";
import { SessionService } from "./session.service";
import { SWITCHBOARD_URL } from "./switchboard";

/** The jobs REST routes beside the hub, with the same bearer token. */
@Injectable({ providedIn: "root" })
export class JobsApiService {
  private readonly http = inject(HttpClient);
  private readonly session = inject(SessionService);
  private readonly baseUrl = inject(SWITCHBOARD_URL);

  /** Starts a job: `report` (a CSV) or `flaky` (fails part-way). */
  start(type: "report" | "flaky", stepMs: number): Promise<Job> {
    const body = { type, stepMs };
    return firstValueFrom(
      this.http.post<Job>(`${this.baseUrl}/api/jobs`, body, this.auth()),
    );
  }

  /** The signed-in user's jobs, newest first. */
  list(): Promise<Job[]> {
    return firstValueFrom(
      this.http.get<Job[]>(`${this.baseUrl}/api/jobs`, this.auth()),
    );
  }

  /** Cancels a job that has not finished. */
  cancel(jobId: number): Promise<Job> {
    return firstValueFrom(
      this.http.delete<Job>(`${this.baseUrl}/api/jobs/${jobId}`, this.auth()),
    );
  }

  private auth(): { headers: HttpHeaders } {
    return {
      headers: new HttpHeaders({
        Authorization: `Bearer ${this.session.token() ?? ""}`,
      }),
    };
  }
}
