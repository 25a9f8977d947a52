/**
 * The customer's mood machine: how each trainee line, or a long silence,
 * moves her mood, what she reacts to next, and when the call ends. Pure:
 * state and event in, state and cue out.
 *
 * @module
 */
import type { Signals } from "./assessment.ts";
import type { Cue, Emotion, Ending } from "./brain.ts";
import type { Scenario } from "./scenarios/mod.ts";

/** Where the customer stands. */
export interface CustomerState {
  /** 0 (furious) to 100 (delighted). */
  readonly mood: number;
  /** Whether she has told her problem. */
  readonly problemTold: boolean;
  /** Trainee lines so far. */
  readonly agentTurns: number;
  /** Whether the trainee's first line greeted her. */
  readonly greeted: boolean;
  /** Trainee lines that showed empathy or apologized. */
  readonly empathyShown: number;
  /** Concrete solutions offered. */
  readonly solutionsOffered: number;
  /** Questions since the last solution. */
  readonly questions: number;
  /** Facts she has given. */
  readonly detailsGiven: number;
  /** Silences in a row. */
  readonly silences: number;
  /** Silences in all. */
  readonly totalSilences: number;
  /** Rude trainee lines. */
  readonly rudeness: number;
  /** The agent's name, once given. */
  readonly agentName?: string;
  /** Set once she decides the call is over; stays set. */
  readonly ending?: Ending;
  /** The cue of her closing line, set with `ending`. */
  readonly closingCue?: Cue;
}

/** What happened since her last line. */
export type CustomerEvent =
  | { readonly kind: "line"; readonly signals: Signals }
  | { readonly kind: "silence" };

/** Her state after an event, and what her next line reacts to. */
export interface Reaction {
  readonly state: CustomerState;
  readonly cue: Cue;
}

/** Tuning of the mood machine. */
export interface MoodRules {
  /** Trainee lines after which she gives up. @default {16} */
  readonly maxTurns: number;
  /** Silences in a row after which she hangs up. @default {3} */
  readonly maxSilences: number;
  /** Questions in a row before she loses patience. @default {3} */
  readonly patientQuestions: number;
}

/** The default rules. */
export const DEFAULT_RULES: MoodRules = { maxTurns: 16, maxSilences: 3, patientQuestions: 3 };

/** How much empathy lifts her, the first time, the second, and after. */
const EMPATHY_LIFT = [14, 8, 3];

/** Her state when the call starts. */
export function openingState(scenario: Scenario): CustomerState {
  return {
    mood: scenario.startMood,
    problemTold: false,
    agentTurns: 0,
    greeted: false,
    empathyShown: 0,
    solutionsOffered: 0,
    questions: 0,
    detailsGiven: 0,
    silences: 0,
    totalSilences: 0,
    rudeness: 0,
  };
}

/**
 * How the customer takes `event`. Once her state has an ending, she only
 * repeats that ending's cue (her closing line may have been interrupted).
 *
 * @example
 * ```ts
 * import { assess } from "./assessment.ts";
 * import { openingState, react } from "./customer_state.ts";
 * import { BILLING_DISPUTE as s } from "./scenarios/billing_dispute.ts";
 * const { cue } = react(openingState(s), { kind: "line", signals: assess("Shut up.", s) });
 * // cue === "rude"
 * ```
 */
export function react(
  state: CustomerState,
  event: CustomerEvent,
  rules: MoodRules = DEFAULT_RULES,
): Reaction {
  if (state.ending) return { state, cue: state.closingCue ?? "hang_up_tired" };
  return event.kind === "silence" ? silence(state, rules) : line(state, event.signals, rules);
}

/** Her emotion at a mood, coloured by how the call ended. */
export function emotionOf(mood: number, ending?: Ending): Emotion {
  if (ending?.outcome === "resolved") return mood >= 60 ? "happy" : "calm";
  if (mood < 20) return "angry";
  if (mood < 40) return "frustrated";
  if (mood < 60) return "concerned";
  if (mood < 80) return "calm";
  return "happy";
}

function line(before: CustomerState, signals: Signals, rules: MoodRules): Reaction {
  let state: CustomerState = {
    ...before,
    agentTurns: before.agentTurns + 1,
    silences: 0,
    ...(signals.agentName && !before.agentName ? { agentName: signals.agentName } : {}),
  };
  if (before.agentTurns === 0 && signals.greeting) {
    state = { ...moved(state, 6), greeted: true };
  }
  if (signals.rudeness) {
    state = { ...moved(state, -25), rudeness: state.rudeness + 1 };
    if (state.rudeness >= 2 || state.mood <= 5) {
      return ended(state, "hung_up", "The customer hung up after rude remarks.", "hang_up_rude");
    }
    return { state, cue: "rude" };
  }
  if (signals.empathy || signals.apology) {
    const lift = EMPATHY_LIFT[Math.min(state.empathyShown, EMPATHY_LIFT.length - 1)];
    state = { ...moved(state, lift), empathyShown: state.empathyShown + 1 };
  }
  if (signals.escalation) {
    return ended(state, "escalated", "The trainee passed the call to someone else.", "escalated");
  }
  if (signals.solution) {
    state = { ...moved(state, 20), solutionsOffered: state.solutionsOffered + 1, questions: 0 };
    if (state.mood >= 55 || state.empathyShown > 0 || state.solutionsOffered >= 2) {
      return ended(state, "resolved", "The trainee solved the customer's problem.", "resolved");
    }
    return { state, cue: "doubt" };
  }
  if (signals.closing && state.solutionsOffered === 0) {
    return { state: moved(state, -10), cue: "premature_close" };
  }
  return tired(next(state, signals, rules), rules);
}

/** Her reaction to a line that neither solves, escalates nor insults. */
function next(state: CustomerState, signals: Signals, rules: MoodRules): Reaction {
  if (!state.problemTold) return { state: { ...state, problemTold: true }, cue: "explain" };
  if (signals.question) {
    const questions = state.questions + 1;
    if (questions > rules.patientQuestions) {
      return { state: { ...moved(state, -6), questions }, cue: "too_many_questions" };
    }
    return {
      state: { ...moved(state, 2), questions, detailsGiven: state.detailsGiven + 1 },
      cue: "details",
    };
  }
  if (signals.empathy || signals.apology) return { state, cue: "empathy" };
  return { state: moved(state, -5), cue: "push" };
}

/** She gives up when the call has gone on too long without a solution. */
function tired(reaction: Reaction, rules: MoodRules): Reaction {
  if (reaction.state.agentTurns < rules.maxTurns) return reaction;
  return ended(
    reaction.state,
    "hung_up",
    "The customer gave up: the call went on without a solution.",
    "hang_up_tired",
  );
}

function silence(before: CustomerState, rules: MoodRules): Reaction {
  const state = {
    ...moved(before, -8),
    silences: before.silences + 1,
    totalSilences: before.totalSilences + 1,
  };
  if (state.silences >= rules.maxSilences) {
    return ended(state, "hung_up", "The customer hung up after a long silence.", "hang_up_silence");
  }
  return { state, cue: "silence" };
}

function ended(
  state: CustomerState,
  outcome: Ending["outcome"],
  reason: string,
  cue: Cue,
): Reaction {
  return { state: { ...state, ending: { outcome, reason }, closingCue: cue }, cue };
}

function moved(state: CustomerState, by: number): CustomerState {
  return { ...state, mood: Math.max(0, Math.min(100, state.mood + by)) };
}
