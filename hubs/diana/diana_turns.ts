/**
 * Diana's turns, in the background: writes her next line with the brain and
 * delivers it through the notification service — unless the per-session turn
 * counter moved on meanwhile (a new trainee line, an interruption, the end of
 * the call), in which case that line is never delivered, whatever the brain
 * does with its abort signal. Also her patience (the silence timer) and the
 * end of a call with its scorecard.
 *
 * @module
 */
import { BrainError, type Conversation, type CustomerBrain, type Ending } from "./brain.ts";
import type { CallSession } from "./call_session.ts";
import {
  type CustomerEvent,
  DEFAULT_RULES,
  emotionOf,
  type MoodRules,
  react,
} from "./customer_state.ts";
import type { NotificationService } from "./notification_service.ts";
import { mixSeed } from "./random.ts";
import { scoreCall } from "./scorecard.ts";

/** `ProcessingStarted` state of the first line, as in the seed. */
export const GENERATING_GREETING = "Generating greeting";
/** `ProcessingStarted` state of every other line, as in the seed. */
export const PROCESSING = "Processing";
/** The longest line Diana delivers; a brain's longer text is cut. */
const MAX_LINE_LENGTH = 1000;

/** What Diana's turns work with. */
export interface DianaTurnsOptions {
  /** Writes her lines. */
  readonly brain: CustomerBrain;
  /** Delivers her events. */
  readonly notifier: NotificationService;
  /** Silence after her line, in ms, before she checks the trainee is there; 0 never. @default {25000} */
  readonly silenceMs?: number;
  /** Tuning of the customer's mood machine. */
  readonly rules?: MoodRules;
  /** The clock. @default {Date.now} */
  readonly now?: () => number;
  /** Where unexpected brain failures are logged. @default {console.error} */
  readonly logError?: (message: string, error?: unknown) => void;
}

/** Runs Diana's side of every call. */
export class DianaTurns {
  readonly #brain: CustomerBrain;
  readonly #notifier: NotificationService;
  readonly #silenceMs: number;
  readonly #rules: MoodRules;
  readonly #now: () => number;
  readonly #logError: (message: string, error?: unknown) => void;

  /** Turns over `options`' brain and notifier. */
  constructor(options: DianaTurnsOptions) {
    this.#brain = options.brain;
    this.#notifier = options.notifier;
    this.#silenceMs = Math.max(0, options.silenceMs ?? 25_000);
    this.#rules = options.rules ?? DEFAULT_RULES;
    this.#now = options.now ?? Date.now;
    this.#logError = options.logError ?? console.error;
  }

  /** The customer takes in what happened: her state, mood curve and next cue move on. */
  react(session: CallSession, event: CustomerEvent): void {
    const { state, cue } = react(session.customer, event, this.#rules);
    if (state !== session.customer) session.moodCurve.push(state.mood);
    session.customer = state;
    session.cue = cue;
  }

  /**
   * Starts writing Diana's next line in the background, superseding any line
   * being written; `state` goes out in `ProcessingStarted`.
   */
  respond(session: CallSession, state: string): void {
    stopSilence(session);
    this.drop(session);
    const turn = session.generation;
    const controller = new AbortController();
    session.inFlight = controller;
    session.phase = state === GENERATING_GREETING ? "greeting" : "thinking";
    const { customer } = session;
    const conversation: Conversation = {
      scenario: session.scenario,
      turns: [...session.transcript],
      cue: session.cue,
      mood: customer.mood,
      emotion: emotionOf(customer.mood, customer.ending),
      ending: customer.ending,
      agentName: customer.agentName,
      seed: mixSeed(session.seed, turn),
    };
    this.#notifier.processingStarted(session.id, state);
    void this.#write(session, turn, controller.signal, conversation);
  }

  /** Drops the line being written, if any: bumps the turn counter and aborts the brain. */
  drop(session: CallSession): void {
    session.generation++;
    session.inFlight?.abort();
    session.inFlight = undefined;
  }

  /** Waits for the trainee (only while a connection drives the call); a long silence makes Diana speak up. */
  listen(session: CallSession): void {
    stopSilence(session);
    if (this.#silenceMs === 0 || session.phase !== "listening") return;
    if (this.#notifier.connectionOf(session.id) === undefined) return;
    session.silenceTimer = setTimeout(() => {
      session.silenceTimer = undefined;
      if (session.phase !== "listening") return;
      this.react(session, { kind: "silence" });
      this.respond(session, PROCESSING);
    }, this.#silenceMs);
  }

  /** Stops waiting for the trainee. */
  pause(session: CallSession): void {
    stopSilence(session);
  }

  /**
   * Ends a call: nothing more is delivered for it, and its scorecard is drawn
   * up. An ending the customer already decided wins over `ending`.
   */
  end(session: CallSession, ending: Ending): void {
    this.drop(session);
    stopSilence(session);
    const endedAt = this.#now();
    const final = session.customer.ending ?? ending;
    session.phase = "ended";
    session.ending = final;
    session.endedAt = endedAt;
    session.scorecard = scoreCall({
      ending: final,
      startedAt: session.startedAt,
      endedAt,
      customer: session.customer,
      customerTurns: session.transcript.filter((t) => t.speaker === "customer").length,
      interruptions: session.interruptions,
      moodCurve: session.moodCurve,
    });
  }

  /** Writes the line for `turn` and delivers it, unless the turn was overtaken meanwhile. */
  async #write(
    session: CallSession,
    turn: number,
    signal: AbortSignal,
    conversation: Conversation,
  ): Promise<void> {
    let text = "";
    try {
      for await (const chunk of this.#brain.reply(conversation, signal)) {
        if (session.generation !== turn) return;
        text += chunk;
        if (text.length >= MAX_LINE_LENGTH) break;
      }
    } catch (error) {
      if (session.generation === turn) this.#failed(session, error);
      return;
    }
    if (session.generation !== turn) return;
    text = text.replace(/\s+/g, " ").trim().slice(0, MAX_LINE_LENGTH);
    if (text === "") return this.#failed(session, new BrainError("Diana found nothing to say."));
    this.#deliver(session, text, conversation);
  }

  #deliver(session: CallSession, text: string, conversation: Conversation): void {
    session.inFlight = undefined;
    const at = this.#now();
    session.transcript.push({ speaker: "customer", text, at, emotion: conversation.emotion });
    if (conversation.ending) {
      this.end(session, conversation.ending);
    } else {
      session.phase = "listening";
      this.listen(session);
    }
    this.#notifier.dianaStartsSpeaking({
      sessionId: session.id,
      text,
      audioUrl: null,
      emotion: conversation.emotion,
      timestamp: new Date(at).toISOString(),
      shouldEndCall: conversation.ending !== undefined,
    });
  }

  #failed(session: CallSession, error: unknown): void {
    session.inFlight = undefined;
    session.phase = "listening";
    if (!(error instanceof BrainError)) this.#logError("Diana: the customer brain failed", error);
    this.#notifier.error(
      session.id,
      "Diana could not answer. Say that again, or end the call.",
      error instanceof BrainError ? error.message : undefined,
    );
  }
}

function stopSilence(session: CallSession): void {
  clearTimeout(session.silenceTimer);
  session.silenceTimer = undefined;
}
