/** The customer's mood machine: how calls move her mood and how they end. */
import assert from "node:assert/strict";
import { assess } from "../../../hubs/diana/assessment.ts";
import {
  type CustomerState,
  emotionOf,
  openingState,
  react,
  type Reaction,
} from "../../../hubs/diana/customer_state.ts";
import type { Cue } from "../../../hubs/diana/brain.ts";
import { BILLING_DISPUTE as BILLING } from "../../../hubs/diana/scenarios/billing_dispute.ts";

/** Plays trainee lines (null for a silence) from the opening; returns the cues and the last state. */
function play(lines: readonly (string | null)[]): { cues: Cue[]; state: CustomerState } {
  let state = openingState(BILLING);
  const cues: Cue[] = [];
  for (const line of lines) {
    const reaction: Reaction = react(
      state,
      line === null ? { kind: "silence" } : { kind: "line", signals: assess(line, BILLING) },
    );
    state = reaction.state;
    cues.push(reaction.cue);
  }
  return { cues, state };
}

Deno.test("a good call: greeting, empathy with a question, a solution; she is satisfied", () => {
  const { cues, state } = play([
    "Hi, thanks for calling, I'm Sam. How can I help?",
    "I'm sorry to hear that. Can I have your account number?",
    "I'll refund the second payment today.",
  ]);
  assert.deepEqual(cues, ["explain", "details", "resolved"]);
  assert.deepEqual(state.ending, {
    outcome: "resolved",
    reason: "The trainee solved the customer's problem.",
  });
  assert.equal(state.mood, 72);
  assert.equal(state.greeted, true);
  assert.equal(state.agentName, "Sam");
});

Deno.test("a cold solution first meets doubt; a second one settles it", () => {
  const { cues, state } = play([
    "Account number?",
    "I'll refund it.",
    "I will refund it today and email you.",
  ]);
  assert.deepEqual(cues, ["explain", "doubt", "resolved"]);
  assert.equal(state.solutionsOffered, 2);
});

Deno.test("two rude lines end the call; so does one at rock bottom", () => {
  assert.deepEqual(play(["Hi.", "Calm down.", "Whatever."]).cues, [
    "explain",
    "rude",
    "hang_up_rude",
  ]);
  const { cues, state } = play(["Next.", "Whatever.", "Shut up."]);
  assert.deepEqual(cues, ["explain", "hang_up_rude", "hang_up_rude"]);
  assert.equal(state.ending?.outcome, "hung_up");
  assert.equal(state.rudeness, 1, "once she has hung up, nothing more counts");
});

Deno.test("silences: she checks in twice, then hangs up; a line in between resets the count", () => {
  assert.deepEqual(play([null, null, null]).cues, ["silence", "silence", "hang_up_silence"]);
  const { cues, state } = play([null, null, "Sorry, I'm here.", null, null]);
  assert.deepEqual(cues, ["silence", "silence", "explain", "silence", "silence"]);
  assert.equal(state.ending, undefined);
  assert.equal(state.totalSilences, 4);
});

Deno.test("too many questions in a row wear her patience thin", () => {
  const { cues } = play([
    "Hello, how can I help?",
    "What is your account number?",
    "Which card was it?",
    "When did it happen?",
    "Did you call before?",
  ]);
  assert.deepEqual(cues, ["explain", "details", "details", "details", "too_many_questions"]);
});

Deno.test("wrapping up before any solution upsets her; escalating ends the call", () => {
  assert.deepEqual(play(["Hi.", "Anything else?"]).cues, ["explain", "premature_close"]);
  const { cues, state } = play(["Hi.", "I'll transfer you to a specialist team."]);
  assert.deepEqual(cues, ["explain", "escalated"]);
  assert.equal(state.ending?.outcome, "escalated");
});

Deno.test("a call that goes nowhere ends after maxTurns lines", () => {
  const rules = { maxTurns: 3, maxSilences: 3, patientQuestions: 3 };
  let state = openingState(BILLING);
  const cues = [];
  for (const line of ["Hi.", "Okay.", "Hmm."]) {
    const reaction = react(state, { kind: "line", signals: assess(line, BILLING) }, rules);
    state = reaction.state;
    cues.push(reaction.cue);
  }
  assert.deepEqual(cues, ["explain", "push", "hang_up_tired"]);
});

Deno.test("once ended, every event repeats the closing cue without changing her", () => {
  const { state } = play(["Hi.", "I'll transfer you to my manager."]);
  const again = react(state, { kind: "line", signals: assess("Wait, no!", BILLING) });
  assert.equal(again.state, state);
  assert.equal(again.cue, "escalated");
  assert.equal(react(state, { kind: "silence" }).cue, "escalated");
});

Deno.test("emotionOf() follows the mood; a resolved call sounds calm or happy", () => {
  assert.deepEqual([0, 19, 20, 39, 40, 59, 60, 79, 80, 100].map((m) => emotionOf(m)), [
    "angry",
    "angry",
    "frustrated",
    "frustrated",
    "concerned",
    "concerned",
    "calm",
    "calm",
    "happy",
    "happy",
  ]);
  const resolved = { outcome: "resolved", reason: "" } as const;
  assert.equal(emotionOf(45, resolved), "calm");
  assert.equal(emotionOf(72, resolved), "happy");
});
