/**
 * The Diana notification hub's contract (the seed's event contract), shared
 * by the hub, its notification service, the demo page and any typed client:
 * its path, the methods clients invoke, the events it sends and their
 * payloads. Types and constants only; imports nothing from the server.
 *
 * @example
 * ```ts
 * import type { DianaContract } from "./contract.ts";
 * import { hubClient } from "../../client/mod.ts";
 * const diana = hubClient<DianaContract>("http://127.0.0.1:8000/hubs/notification", {
 *   accessTokenFactory: () => "a bearer token",
 *   reconnect: [2000, 5000, 10000],
 * });
 * diana.on("DianaStartsSpeaking").subscribe((line) => console.log(line.text));
 * ```
 *
 * @module
 */
import type { HubContract } from "../../client/contract.ts";
import type { HubContextOf, HubMethodsOf } from "../../client/hub_typing.ts";

/** Where the notification hub is mounted, as in the seed. */
export const DIANA_HUB_PATH = "/hubs/notification";

/** How Diana sounds, from her mood. */
export type Emotion = "angry" | "frustrated" | "concerned" | "calm" | "happy";

/** How a call ended. */
export type Outcome = "resolved" | "escalated" | "hung_up" | "ended_by_trainee" | "abandoned";

/** Where a call is. */
export type Phase = "greeting" | "thinking" | "listening" | "ended";

/** `ProcessingStarted`: Diana is thinking. */
export interface ProcessingEvent {
  readonly sessionId: string;
  /** What she is doing: "Generating greeting" or "Processing". */
  readonly state: string;
}

/** `DianaStartsSpeaking`: her next line. */
export interface DianaMessage {
  readonly sessionId: string;
  readonly text: string;
  /** Recorded audio of the line; `null`: the client speaks the text itself. */
  readonly audioUrl: string | null;
  readonly emotion: Emotion;
  /** When the line was ready, ISO 8601. */
  readonly timestamp: string;
  /** Whether this line ends the call. */
  readonly shouldEndCall: boolean;
}

/** `Error`: something went wrong with a session. */
export interface ErrorEvent {
  readonly sessionId: string;
  /** What the trainee should know. */
  readonly message: string;
  /** The underlying cause, if there is one worth showing. */
  readonly error?: string;
}

/** A scenario as `ListScenarios` and `GetStatus` describe it. */
export interface ScenarioSummary {
  /** Stable id to pass to `InitiateSessionWithScenario`. */
  readonly id: string;
  readonly title: string;
  /** What the call is about. */
  readonly summary: string;
  /** The customer's name. */
  readonly customer: string;
}

/** A line of the call's transcript. */
export interface TranscriptLine {
  readonly speaker: "customer" | "trainee";
  readonly text: string;
  /** ISO 8601. */
  readonly timestamp: string;
  readonly emotion?: Emotion;
  readonly interrupted?: boolean;
}

/** How a call went, for the trainee. */
export interface Scorecard {
  readonly outcome: Outcome;
  /** Why, in a sentence. */
  readonly reason: string;
  readonly resolution: "resolved" | "escalated" | "unresolved";
  /** From the start of the call to its end, in ms. */
  readonly durationMs: number;
  /** The trainee's lines. */
  readonly turns: number;
  /** The customer's lines. */
  readonly customerTurns: number;
  /** 0 to 100: how well the trainee acknowledged the customer. */
  readonly empathy: number;
  /** Whether the trainee's first line greeted the customer. */
  readonly greeted: boolean;
  /** Times the trainee talked over the customer. */
  readonly interruptions: number;
  /** Long silences from the trainee. */
  readonly silences: number;
  /** Rude trainee lines. */
  readonly rudeness: number;
  /** The customer's mood (0 to 100) at the start and after each event. */
  readonly moodCurve: readonly number[];
  /** 0 to 100, all of the above together. */
  readonly score: number;
  /** What to do better next time. */
  readonly tips: readonly string[];
}

/** What `GetStatus` returns. */
export interface SessionStatus {
  readonly sessionId: string;
  readonly scenario: ScenarioSummary;
  readonly state: Phase;
  /** Whether a connection drives the call. */
  readonly connected: boolean;
  /** ISO 8601. */
  readonly startedAt: string;
  /** ISO 8601, once ended. */
  readonly endedAt: string | null;
  /** The trainee's lines so far. */
  readonly turns: number;
  /** The customer's mood, 0 to 100. */
  readonly mood: number;
  readonly emotion: Emotion;
  readonly outcome: Outcome | null;
  readonly transcript: readonly TranscriptLine[];
  /** Set once the call has ended. */
  readonly scorecard: Scorecard | null;
}

/**
 * Client → server. Every caller must be signed in; a session (a UUID the
 * client makes) belongs to the user who started it. Methods return at once;
 * Diana's lines arrive later as events.
 */
export interface DianaServerMethods {
  /** Starts a call in the default scenario, or binds the caller's call to this connection. */
  InitiateSession(sessionId: string): void;
  /** As `InitiateSession`, choosing the scenario. */
  InitiateSessionWithScenario(sessionId: string, scenarioId: string): void;
  /** The trainee's line (typed or transcribed speech). */
  UserSpoke(sessionId: string, message: string): void;
  /** The trainee talked over Diana. */
  UserInterrupted(sessionId: string): void;
  /** The trainee hangs up; the scorecard is then in `GetStatus`. */
  EndSession(sessionId: string): void;
  /** The call's state, transcript and (once ended) scorecard. */
  GetStatus(sessionId: string): SessionStatus;
  /** The scenarios Diana can play. */
  ListScenarios(): ScenarioSummary[];
}

/** Server → client, each to the connection that drives the session. */
export interface DianaClientEvents {
  /** Diana is thinking. */
  ProcessingStarted(event: ProcessingEvent): void;
  /** Diana's next line. */
  DianaStartsSpeaking(message: DianaMessage): void;
  /** Diana stopped talking because the trainee talked over her. */
  DianaInterrupted(): void;
  /** Something went wrong with a session. */
  Error(error: ErrorEvent): void;
}

/** Both sides of the notification hub. */
export interface DianaContract extends HubContract {
  readonly server: DianaServerMethods;
  readonly client: DianaClientEvents;
}

/** What the `NotificationHub` class implements. */
export type DianaHubMethods = HubMethodsOf<DianaServerMethods>;

/** The notification hub's context, as the notification service uses it. */
export type DianaHubContext = HubContextOf<DianaClientEvents>;
