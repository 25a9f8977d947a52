/** The scorecard: resolution, empathy, the overall score and the tips. */
import assert from "node:assert/strict";
import { type CustomerState, openingState } from "../../../hubs/diana/customer_state.ts";
import { type CallRecord, scoreCall } from "../../../hubs/diana/scorecard.ts";
import { BILLING_DISPUTE } from "../../../hubs/diana/scenarios/billing_dispute.ts";

function record(customer: Partial<CustomerState>, extra: Partial<CallRecord> = {}): CallRecord {
  return {
    ending: { outcome: "ended_by_trainee", reason: "The trainee ended the call." },
    startedAt: 1_000,
    endedAt: 91_000,
    customer: { ...openingState(BILLING_DISPUTE), ...customer },
    customerTurns: 3,
    interruptions: 0,
    moodCurve: [30, 36, 50],
    ...extra,
  };
}

Deno.test("a model call scores high and needs no tips", () => {
  const card = scoreCall(record(
    { mood: 80, greeted: true, empathyShown: 2, agentTurns: 3 },
    { ending: { outcome: "resolved", reason: "Solved." }, moodCurve: [30, 36, 52, 80] },
  ));
  assert.equal(card.resolution, "resolved");
  assert.equal(card.durationMs, 90_000);
  assert.equal(card.turns, 3);
  assert.equal(card.empathy, 85);
  // 40 resolved + 85 / 4 empathy + 10 greeting + 25 mood gain (capped) = 96.25
  assert.equal(card.score, 96);
  assert.deepEqual(card.tips, []);
  assert.deepEqual(card.moodCurve, [30, 36, 52, 80]);
});

Deno.test("an escalated call counts half; rudeness, silences and interruptions cost points", () => {
  const card = scoreCall(record(
    { mood: 20, empathyShown: 1, rudeness: 1, totalSilences: 2 },
    { ending: { outcome: "escalated", reason: "Passed on." }, interruptions: 2 },
  ));
  assert.equal(card.resolution, "escalated");
  assert.equal(card.empathy, 30);
  // 20 escalated + 30 / 4 empathy - 15 rude - 10 silences - 4 interruptions = -1.5 → 0
  assert.equal(card.score, 0);
  assert.deepEqual(card.tips, [
    "Open with a greeting and your name.",
    "Try to solve the problem yourself before escalating.",
    "Stay courteous, even when the customer is difficult.",
    "Keep the customer informed; avoid long silences.",
    "Let the customer finish speaking before you answer.",
  ]);
});

Deno.test("a call the trainee left is unresolved", () => {
  const card = scoreCall(record({}, {
    ending: { outcome: "abandoned", reason: "The trainee's connection was lost." },
  }));
  assert.equal(card.outcome, "abandoned");
  assert.equal(card.resolution, "unresolved");
  assert.ok(card.tips.includes("Offer a concrete solution: say what you will do, and when."));
});
