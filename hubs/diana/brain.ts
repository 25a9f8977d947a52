/**
 * The customer brain: whatever writes Diana's next line. The call service
 * decides what happens (mood, cue, ending); a brain only finds the words,
 * streamed as text chunks. The offline scripted brain and the LLM provider
 * both implement {@linkcode CustomerBrain}.
 *
 * @module
 */
import type { Scenario } from "./scenarios/scenario.ts";
import type { Emotion, Outcome } from "./contract.ts";

/** How Diana sounds and how a call ended are the contract's. */
export type { Emotion, Outcome } from "./contract.ts";

/** Who said a line of the call. */
export type Speaker = "customer" | "trainee";

/** One line of the call. */
export interface Turn {
  /** Who said it. */
  readonly speaker: Speaker;
  /** What was said. */
  readonly text: string;
  /** When, in ms since the epoch. */
  readonly at: number;
  /** How the customer sounded (customer lines only). */
  readonly emotion?: Emotion;
  /** Whether the trainee talked over this customer line. */
  readonly interrupted?: boolean;
}

/**
 * What the customer reacts to with her next line:
 * - `opening`: the agent picked up; `explain`: she tells her problem;
 * - `details`: she answers a question; `empathy`: she was listened to;
 * - `doubt`: a solution she does not trust yet; `push`: no progress;
 * - `too_many_questions`, `premature_close`, `rude`, `silence`: what the trainee did wrong;
 * - `resolved`, `escalated`, `hang_up_rude`, `hang_up_silence`, `hang_up_tired`: the call ends.
 */
export type Cue =
  | "opening"
  | "explain"
  | "details"
  | "empathy"
  | "doubt"
  | "push"
  | "too_many_questions"
  | "premature_close"
  | "rude"
  | "silence"
  | "resolved"
  | "escalated"
  | "hang_up_rude"
  | "hang_up_silence"
  | "hang_up_tired";

/** The end of a call and why. */
export interface Ending {
  /** How it ended. */
  readonly outcome: Outcome;
  /** Why, in a sentence for the scorecard. */
  readonly reason: string;
}

/** Everything a brain needs to write the customer's next line. */
export interface Conversation {
  /** Who the customer is and what she wants. */
  readonly scenario: Scenario;
  /** The call so far, oldest first. */
  readonly turns: readonly Turn[];
  /** What the line reacts to. */
  readonly cue: Cue;
  /** Her mood, 0 (furious) to 100 (delighted). */
  readonly mood: number;
  /** How she sounds. */
  readonly emotion: Emotion;
  /** Set when this line ends the call. */
  readonly ending?: Ending;
  /** The agent's name, if the trainee gave it. */
  readonly agentName?: string;
  /** A seed for this line: the same seed and conversation give the same line. */
  readonly seed: number;
}

/**
 * Writes the customer's lines.
 *
 * @example
 * ```ts
 * import type { CustomerBrain } from "./brain.ts";
 * const parrot: CustomerBrain = {
 *   async *reply(conversation) {
 *     yield `You said: ${conversation.turns.at(-1)?.text ?? "nothing"}`;
 *   },
 * };
 * ```
 */
export interface CustomerBrain {
  /**
   * Streams the next line as text chunks. Stops (by throwing or returning)
   * soon after `signal` aborts; throws when the line cannot be written.
   */
  reply(conversation: Conversation, signal: AbortSignal): AsyncIterable<string>;
}

/**
 * An error a brain throws when it cannot write a line, with a message fit to
 * show the trainee (it goes into the `Error` event's `error` field). Other
 * errors reach the trainee only as a generic message.
 *
 * @example
 * ```ts
 * import { BrainError } from "./brain.ts";
 * throw new BrainError("The language model answered 503: overloaded.");
 * ```
 */
export class BrainError extends Error {
  override name = "BrainError";
}
