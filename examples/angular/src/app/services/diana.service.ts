import { inject, Injectable, type OnDestroy } from "@angular/core";
import type { Observable } from "rxjs";
import { type ConnectionState, hubClient } from "@switchboard/client";
import {
  DIANA_HUB_PATH,
  type DianaContract,
  type DianaMessage,
  type ErrorEvent,
  type ProcessingEvent,
  type ScenarioSummary,
  type SessionStatus,
} from "@switchboard/hubs/diana/contract";
import { SessionService } from "./session.service";
import { SWITCHBOARD_URL } from "./switchboard";

/**
 * The seed's DianaSignalRService on the typed client: the notification hub
 * with the signed-in user's token and the seed's reconnect delays (2, 5,
 * 10 s, then give up). Hub methods return at once; Diana's lines arrive as
 * events. After a reconnect, `InitiateSession` binds the call to the new
 * connection without restarting it.
 */
@Injectable({ providedIn: "root" })
export class DianaService implements OnDestroy {
  private readonly session = inject(SessionService);
  private readonly client = hubClient<DianaContract>(
    `${inject(SWITCHBOARD_URL)}${DIANA_HUB_PATH}`,
    {
      accessTokenFactory: () => this.session.token() ?? "",
      reconnect: [2000, 5000, 10000],
    },
  );
  private sessionId: string | null = null;
  private stopRebinding: (() => void) | null = null;

  /** The connection state. */
  readonly state$: Observable<ConnectionState> = this.client.state$;
  /** Diana's next line. */
  readonly onDianaSpeaking: Observable<DianaMessage> = this.client.on(
    "DianaStartsSpeaking",
  );
  /** Diana is thinking. */
  readonly onProcessingStarted: Observable<ProcessingEvent> = this.client.on(
    "ProcessingStarted",
  );
  /** Diana stopped: the trainee talked over her. */
  readonly onDianaInterrupted: Observable<void> = this.client.on(
    "DianaInterrupted",
  );
  /** Something went wrong with the call. */
  readonly onError: Observable<ErrorEvent> = this.client.on("Error");

  /** Connects (if need be) and starts a call, in `scenarioId` or the default scenario. */
  async connect(sessionId: string, scenarioId?: string): Promise<void> {
    if (this.client.state === "disconnected") await this.client.start();
    if (scenarioId) {
      await this.client.invoke(
        "InitiateSessionWithScenario",
        sessionId,
        scenarioId,
      );
    } else await this.client.invoke("InitiateSession", sessionId);
    this.sessionId = sessionId;
    this.stopRebinding?.();
    this.stopRebinding = this.client.rejoin(() => this.client.invoke("InitiateSession", sessionId));
  }

  /** The scenarios Diana can play (connects first if need be). */
  async listScenarios(): Promise<ScenarioSummary[]> {
    if (this.client.state === "disconnected") await this.client.start();
    return await this.client.invoke("ListScenarios");
  }

  userSpoke(message: string): Promise<void> {
    return this.client.invoke("UserSpoke", this.call(), message);
  }

  userInterrupted(): Promise<void> {
    return this.client.invoke("UserInterrupted", this.call());
  }

  endSession(): Promise<void> {
    return this.client.invoke("EndSession", this.call());
  }

  /** The call's state, transcript and, once ended, scorecard. */
  getStatus(): Promise<SessionStatus> {
    return this.client.invoke("GetStatus", this.call());
  }

  ngOnDestroy(): void {
    void this.client.stop();
  }

  private call(): string {
    if (this.sessionId === null) throw new Error("Start a call first.");
    return this.sessionId;
  }
}
