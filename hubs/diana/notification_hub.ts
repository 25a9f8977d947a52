/**
 * The seed's NotificationHub, a thin coordinator: each method checks who
 * calls, hands the work to the call service and returns at once; Diana's
 * lines arrive later as events through the hub context. Requires a
 * signed-in user; a session belongs to the user who started it.
 *
 * @module
 */
import { authorize, Hub, HubError } from "../../signalr/mod.ts";
import type { Caller, CallService } from "./call_service.ts";
import type { SessionStatus } from "./call_session.ts";
import type { ScenarioSummary } from "./scenarios/mod.ts";
import type { DianaHubMethods } from "./contract.ts";

/**
 * Client → server: `InitiateSession(sessionId)`,
 * `InitiateSessionWithScenario(sessionId, scenarioId)`, `UserSpoke(sessionId, message)`,
 * `UserInterrupted(sessionId)`, `EndSession(sessionId)`, `GetStatus(sessionId)`,
 * `ListScenarios()`.
 * Server → client: `ProcessingStarted { sessionId, state }`,
 * `DianaStartsSpeaking { sessionId, text, audioUrl, emotion, timestamp, shouldEndCall }`,
 * `DianaInterrupted` (no payload), `Error { sessionId, message, error? }`.
 */
@authorize()
export class NotificationHub extends Hub implements DianaHubMethods {
  readonly #calls: CallService;

  /** A hub over the module's call service (one hub instance per invocation). */
  constructor(calls: CallService) {
    super();
    this.#calls = calls;
  }

  /** The scenarios Diana can play. */
  listScenarios(): ScenarioSummary[] {
    return this.#calls.scenarios();
  }

  /**
   * Starts a call in the default scenario; for a call the caller already has,
   * binds it to this connection (after a reconnect) without resetting it.
   */
  initiateSession(sessionId: unknown): void {
    this.#calls.initiate(this.#caller(), sessionId);
  }

  /** As `InitiateSession`, choosing the scenario (see `ListScenarios`). */
  initiateSessionWithScenario(sessionId: unknown, scenarioId: unknown): void {
    this.#calls.initiate(this.#caller(), sessionId, scenarioId);
  }

  /** The trainee's line (typed or transcribed speech). */
  userSpoke(sessionId: unknown, message: unknown): void {
    this.#calls.userSpoke(this.#caller(), sessionId, message);
  }

  /** The trainee talked over Diana. */
  userInterrupted(sessionId: unknown): void {
    this.#calls.userInterrupted(this.#caller(), sessionId);
  }

  /** The trainee hangs up; the scorecard is then in `GetStatus`. */
  endSession(sessionId: unknown): void {
    this.#calls.endCall(this.#caller(), sessionId);
  }

  /** The call's state, transcript and (once ended) scorecard. */
  getStatus(sessionId: unknown): SessionStatus {
    return this.#calls.status(this.#caller(), sessionId);
  }

  /** The connection's calls wait for the trainee to reconnect. */
  override onDisconnected(): void {
    this.#calls.connectionClosed(this.context.connectionId);
  }

  #caller(): Caller {
    const user = this.context.user?.id;
    if (user === undefined) throw new HubError("Sign in to talk to Diana.");
    return { user, connectionId: this.context.connectionId };
  }
}
