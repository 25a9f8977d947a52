/**
 * The calls behind the notification hub: each hub method checks the caller
 * and the session, binds the session to the calling connection, hands the
 * work to Diana's turns (which run in the background) and returns at once;
 * her lines reach the trainee later through the notification service.
 *
 * @module
 */
import { HubError } from "../../signalr/mod.ts";
import { assess } from "./assessment.ts";
import type { CustomerBrain } from "./brain.ts";
import {
  type CallSession,
  newCallSession,
  type SessionStatus,
  sessionStatus,
} from "./call_session.ts";
import type { MoodRules } from "./customer_state.ts";
import { DianaTurns, GENERATING_GREETING, PROCESSING } from "./diana_turns.ts";
import type { NotificationService } from "./notification_service.ts";
import { mixSeed } from "./random.ts";
import { parseSessionId, type SessionRegistry } from "./session_registry.ts";
import {
  DEFAULT_SCENARIO_ID,
  findScenario,
  type Scenario,
  SCENARIOS,
  type ScenarioSummary,
  summarize,
} from "./scenarios/mod.ts";

/** The longest trainee line accepted, in characters. */
export const MAX_MESSAGE_LENGTH = 1000;
/** The most lines a call's transcript may hold. */
export const MAX_TRANSCRIPT_LINES = 120;

/** Who called a hub method. */
export interface Caller {
  /** The signed-in user's id. */
  readonly user: string;
  /** The calling connection. */
  readonly connectionId: string;
}

/** What the call service works with. */
export interface CallServiceOptions {
  /** Writes Diana's lines. */
  readonly brain: CustomerBrain;
  /** Delivers her events. */
  readonly notifier: NotificationService;
  /** Keeps the calls. */
  readonly registry: SessionRegistry;
  /** Silence after Diana's line, in ms, before she checks the trainee is there; 0 never. @default {25000} */
  readonly silenceMs?: number;
  /** Makes every call repeatable: each call's seed derives from it and the session id. */
  readonly seed?: number;
  /** Tuning of the customer's mood machine. */
  readonly rules?: MoodRules;
  /** The clock. @default {Date.now} */
  readonly now?: () => number;
  /** Where unexpected brain failures are logged. @default {console.error} */
  readonly logError?: (message: string, error?: unknown) => void;
}

/**
 * Runs Diana's calls for the hub. Every method but
 * {@linkcode CallService.status} (and the scenario list) starts work and
 * returns at once; results arrive as events.
 */
export class CallService {
  readonly #turns: DianaTurns;
  readonly #notifier: NotificationService;
  readonly #registry: SessionRegistry;
  readonly #seed: number | undefined;
  readonly #now: () => number;

  /** A call service over `options`' brain, notifier and registry. */
  constructor(options: CallServiceOptions) {
    this.#turns = new DianaTurns(options);
    this.#notifier = options.notifier;
    this.#registry = options.registry;
    this.#seed = options.seed;
    this.#now = options.now ?? Date.now;
  }

  /** The scenarios a call can play. */
  scenarios(): ScenarioSummary[] {
    return SCENARIOS.map(summarize);
  }

  /**
   * Starts a call (Diana's first line follows as events) or, for a call the
   * caller already has, binds it to the calling connection without resetting it.
   */
  initiate(caller: Caller, sessionId: unknown, scenarioId?: unknown): void {
    this.#sweep();
    const id = parseSessionId(sessionId);
    const scenario = requireScenario(scenarioId ?? DEFAULT_SCENARIO_ID);
    if (this.#registry.find(id)) {
      const session = this.#registry.owned(id, caller.user);
      if (scenarioId !== undefined && session.scenario.id !== scenario.id) {
        throw new HubError(
          `The session '${id}' already plays the scenario '${session.scenario.id}'.`,
        );
      }
      this.#bind(session, caller.connectionId);
      return;
    }
    const seed = this.#seed === undefined
      ? crypto.getRandomValues(new Uint32Array(1))[0]
      : mixSeed(this.#seed, id);
    const session = newCallSession(id, caller.user, scenario, seed, this.#now());
    for (const forgotten of this.#registry.add(session)) this.#notifier.forget(forgotten);
    this.#bind(session, caller.connectionId);
    this.#turns.respond(session, GENERATING_GREETING);
  }

  /** Takes the trainee's line; Diana's answer follows as events. */
  userSpoke(caller: Caller, sessionId: unknown, message: unknown): void {
    const text = requireMessage(message);
    const session = this.#drive(caller, sessionId);
    if (session.phase === "ended") {
      throw new HubError(`The call '${session.id}' has ended. Start a new one.`);
    }
    if (session.transcript.length >= MAX_TRANSCRIPT_LINES) {
      throw new HubError("This call has gone on too long. End it to see your scorecard.");
    }
    session.transcript.push({ speaker: "trainee", text, at: this.#now() });
    this.#turns.react(session, { kind: "line", signals: assess(text, session.scenario) });
    this.#turns.respond(session, PROCESSING);
  }

  /**
   * The trainee talked over Diana: the line she was writing is dropped for
   * good, and `DianaInterrupted` tells the client to stop her voice.
   */
  userInterrupted(caller: Caller, sessionId: unknown): void {
    const session = this.#drive(caller, sessionId);
    if (session.phase !== "ended") {
      const writing = session.inFlight !== undefined;
      this.#turns.drop(session);
      const last = session.transcript.at(-1);
      if (!writing && last?.speaker === "customer") {
        session.transcript[session.transcript.length - 1] = { ...last, interrupted: true };
      }
      if (writing || last?.speaker === "customer") session.interruptions++;
      session.phase = "listening";
      this.#turns.listen(session);
    }
    this.#notifier.dianaInterrupted(session.id);
  }

  /** The trainee hangs up; the scorecard is then in the status. */
  endCall(caller: Caller, sessionId: unknown): void {
    const session = this.#drive(caller, sessionId);
    if (session.phase === "ended") return;
    this.#turns.end(session, {
      outcome: "ended_by_trainee",
      reason: "The trainee ended the call.",
    });
  }

  /** The call as the caller may see it; binds it to the calling connection. */
  status(caller: Caller, sessionId: unknown): SessionStatus {
    const session = this.#drive(caller, sessionId);
    return sessionStatus(session, this.#notifier.connectionOf(session.id) !== undefined);
  }

  /** A connection closed: its calls wait for the trainee to come back. */
  connectionClosed(connectionId: string): void {
    for (const id of this.#notifier.connectionClosed(connectionId)) {
      const session = this.#registry.find(id);
      if (!session) continue;
      session.detachedAt = this.#now();
      this.#turns.pause(session);
    }
  }

  /** Stops every call's background work and forgets every call. */
  close(): void {
    for (const session of this.#registry.values()) {
      this.#turns.drop(session);
      this.#turns.pause(session);
      this.#notifier.forget(session.id);
    }
    this.#registry.clear();
  }

  /** The caller's call, bound to the calling connection. */
  #drive(caller: Caller, sessionId: unknown): CallSession {
    this.#sweep();
    const session = this.#registry.owned(parseSessionId(sessionId), caller.user);
    this.#bind(session, caller.connectionId);
    return session;
  }

  /** Binds a call to a connection; events that waited for it follow. */
  #bind(session: CallSession, connectionId: string): void {
    if (this.#notifier.connectionOf(session.id) === connectionId) return;
    this.#notifier.register(session.id, connectionId);
    session.detachedAt = undefined;
    if (session.phase === "listening" && !session.silenceTimer) this.#turns.listen(session);
  }

  /** Ends abandoned calls and forgets old ended ones. */
  #sweep(): void {
    const { abandoned, removed } = this.#registry.sweep();
    for (const session of abandoned) {
      this.#turns.end(session, {
        outcome: "abandoned",
        reason: "The trainee's connection was lost.",
      });
    }
    for (const id of removed) this.#notifier.forget(id);
  }
}

function requireScenario(value: unknown): Scenario {
  const scenario = typeof value === "string" ? findScenario(value) : undefined;
  if (!scenario) {
    const ids = SCENARIOS.map((s) => s.id).join(", ");
    throw new HubError(`Unknown scenario '${String(value)}'. Choose one of: ${ids}.`);
  }
  return scenario;
}

function requireMessage(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new HubError("The message must be a non-empty string.");
  }
  if (value.length > MAX_MESSAGE_LENGTH) {
    throw new HubError(`The message must be at most ${MAX_MESSAGE_LENGTH} characters long.`);
  }
  return value.trim();
}
