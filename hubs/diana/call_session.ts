/**
 * One training call: who owns it, the scenario, the customer's state, the
 * transcript, and the bookkeeping of the line being written (the turn counter
 * that keeps a stale answer from ever being delivered). Plus what a client
 * may see of it: {@linkcode sessionStatus}.
 *
 * @module
 */
import type { Cue, Ending, Turn } from "./brain.ts";
import { type CustomerState, emotionOf, openingState } from "./customer_state.ts";
import type { Scorecard } from "./scorecard.ts";
import { type Scenario, summarize } from "./scenarios/mod.ts";
import type { Phase, SessionStatus } from "./contract.ts";

/** Where a call is, a transcript line and `GetStatus`'s answer are the contract's. */
export type { Phase, SessionStatus, TranscriptLine } from "./contract.ts";

/** A call and its live bookkeeping. Mutated only by the call service. */
export interface CallSession {
  /** The session GUID, lower case. */
  readonly id: string;
  /** The user id of the trainee who started it. */
  readonly owner: string;
  /** Who Diana plays. */
  readonly scenario: Scenario;
  /** The call's seed; each line's seed derives from it. */
  readonly seed: number;
  /** When the call started, ms since the epoch. */
  readonly startedAt: number;
  /** The customer's state. */
  customer: CustomerState;
  /** What Diana's next line reacts to. */
  cue: Cue;
  /** Every line, oldest first. */
  readonly transcript: Turn[];
  /** The customer's mood at the start and after each event. */
  readonly moodCurve: number[];
  /** Where the call is. */
  phase: Phase;
  /** The turn counter: bumped by every new line, interruption and ending. */
  generation: number;
  /** Aborts the line being written, if any. */
  inFlight?: AbortController;
  /** Fires when the trainee has been silent too long. */
  silenceTimer?: ReturnType<typeof setTimeout>;
  /** Times the trainee talked over Diana. */
  interruptions: number;
  /** Since when no connection drives the call, ms since the epoch. */
  detachedAt?: number;
  /** When the call ended, ms since the epoch. */
  endedAt?: number;
  /** How it ended. */
  ending?: Ending;
  /** The trainee's scorecard, once ended. */
  scorecard?: Scorecard;
}

/** A new call, before Diana's first line. */
export function newCallSession(
  id: string,
  owner: string,
  scenario: Scenario,
  seed: number,
  now: number,
): CallSession {
  const customer = openingState(scenario);
  return {
    id,
    owner,
    scenario,
    seed,
    startedAt: now,
    customer,
    cue: "opening",
    transcript: [],
    moodCurve: [customer.mood],
    phase: "greeting",
    generation: 0,
    interruptions: 0,
  };
}

/** What a client may see of `session`. */
export function sessionStatus(session: CallSession, connected: boolean): SessionStatus {
  const { customer } = session;
  return {
    sessionId: session.id,
    scenario: summarize(session.scenario),
    state: session.phase,
    connected,
    startedAt: new Date(session.startedAt).toISOString(),
    endedAt: session.endedAt === undefined ? null : new Date(session.endedAt).toISOString(),
    turns: customer.agentTurns,
    mood: customer.mood,
    emotion: emotionOf(customer.mood, customer.ending),
    outcome: session.ending?.outcome ?? null,
    transcript: session.transcript.map((turn) => ({
      speaker: turn.speaker,
      text: turn.text,
      timestamp: new Date(turn.at).toISOString(),
      ...(turn.emotion ? { emotion: turn.emotion } : {}),
      ...(turn.interrupted ? { interrupted: true } : {}),
    })),
    scorecard: session.scorecard ?? null,
  };
}
