/**
 * The offline customer: writes Diana's lines from the scenario's script and
 * the generic lines, varied by a seeded random source, after a thinking
 * delay. Needs no network; the same seed and conversation give the same line.
 *
 * @module
 */
import type { Conversation, Cue, CustomerBrain } from "./brain.ts";
import { type Random, seededRandom } from "./random.ts";
import { GENERIC_LINES, LEADS } from "./scenarios/generic_lines.ts";

/** Options of {@linkcode ScriptedBrain}. */
export interface ScriptedBrainOptions {
  /**
   * The typical thinking delay before a line, in ms; each line waits between
   * 0.75 and 1.25 times this, longer for longer lines. 0 answers at once.
   * @default {1200}
   */
  readonly thinkMs?: number;
}

/** Cues whose line may open with an interjection. */
const LEAD_CUES = new Set<Cue>(["explain", "details", "empathy", "doubt", "push"]);
/** Cues whose line may end by pressing for a solution. */
const PUSH_CUES = new Set<Cue>(["details", "empathy"]);

/**
 * The offline scenario engine's voice.
 *
 * @example
 * ```ts
 * import { ScriptedBrain } from "./scripted_brain.ts";
 * const brain = new ScriptedBrain({ thinkMs: 0 });
 * ```
 */
export class ScriptedBrain implements CustomerBrain {
  readonly #thinkMs: number;

  /** A brain that thinks for about `thinkMs` before each line. */
  constructor(options: ScriptedBrainOptions = {}) {
    this.#thinkMs = Math.max(0, options.thinkMs ?? 1200);
  }

  /** Thinks, then yields the whole line at once. */
  async *reply(conversation: Conversation, signal: AbortSignal): AsyncIterable<string> {
    const random = seededRandom(conversation.seed);
    const text = writeLine(conversation, random);
    const words = text.split(/\s+/).length;
    await sleep(this.#thinkMs * (0.75 + 0.5 * random.next()) * (1 + words / 60), signal);
    yield text;
  }
}

/**
 * The customer's next line for `conversation`. Avoids lines she already said
 * while others are left. Pure given `random`.
 *
 * @example
 * ```ts
 * import { writeLine } from "./scripted_brain.ts";
 * import { seededRandom } from "./random.ts";
 * import { BILLING_DISPUTE } from "./scenarios/billing_dispute.ts";
 * writeLine({
 *   scenario: BILLING_DISPUTE, turns: [], cue: "opening", mood: 30, emotion: "frustrated", seed: 1,
 * }, seededRandom(1));
 * ```
 */
export function writeLine(conversation: Conversation, random: Random): string {
  const { cue, emotion } = conversation;
  const said = conversation.turns.filter((t) => t.speaker === "customer").map((t) => t.text);
  const fresh = (line: string) => !said.some((text) => text.includes(fill(line, conversation)));
  const choose = (lines: readonly string[]) => {
    const usable = lines.filter((line) => conversation.agentName || !line.includes("{agent}"));
    const unsaid = usable.filter(fresh);
    return fill(random.pick(unsaid.length > 0 ? unsaid : usable), conversation);
  };
  const parts: string[] = [];
  if (LEAD_CUES.has(cue) && random.chance(0.35)) parts.push(random.pick(LEADS[emotion]));
  if (cue === "details") {
    const detail = conversation.scenario.details.find(fresh);
    if (detail && random.chance(0.3)) parts.push(random.pick(GENERIC_LINES.details!));
    parts.push(detail ?? choose(linesFor(conversation, "push")));
  } else {
    parts.push(choose(linesFor(conversation, cue)));
  }
  if (PUSH_CUES.has(cue) && conversation.mood < 60 && random.chance(0.4)) {
    const push = choose(linesFor(conversation, "push"));
    if (!parts.includes(push)) parts.push(push);
  }
  return parts.join(" ");
}

/** The scenario's lines for `cue`, then the generic ones. */
function linesFor(conversation: Conversation, cue: Cue): readonly string[] {
  const own = conversation.scenario.lines[cue] ?? [];
  const generic = GENERIC_LINES[cue] ?? [];
  return [...own, ...generic];
}

function fill(line: string, conversation: Conversation): string {
  return line.replaceAll("{agent}", conversation.agentName ?? "");
}

/** Waits `ms` (at once for 0), or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      signal.removeEventListener("abort", abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", abort, { once: true });
  });
}
