/** How a customer hears a trainee's line: table-driven over typical lines. */
import assert from "node:assert/strict";
import { assess, type Signals } from "../../../hubs/diana/assessment.ts";
import { SCENARIOS } from "../../../hubs/diana/scenarios/mod.ts";
import { BILLING_DISPUTE } from "../../../hubs/diana/scenarios/billing_dispute.ts";

type Flag = Exclude<keyof Signals, "agentName">;

/** Each line and the signals it must raise (every other signal must stay off). */
const CASES: readonly [string, readonly Flag[]][] = [
  ["Hello, thank you for calling Telco, my name is Sam.", ["greeting"]],
  ["Good morning, you're through to billing.", ["greeting"]],
  ["I completely understand how frustrating that must be.", ["empathy"]],
  ["That sounds really stressful.", ["empathy"]],
  ["I'm so sorry about that.", ["apology"]],
  ["I'm sorry to hear that, I can imagine.", ["empathy", "apology"]],
  ["Could I have your account number?", ["question"]],
  ["What date did the payments go out", ["question"]],
  ["I'll refund the duplicate charge today.", ["solution"]],
  ["I have reversed the second payment.", ["solution"]],
  ["A refund would be nice, wouldn't it?", ["question"]],
  ["Let me put you through to my supervisor.", ["escalation"]],
  ["Is there anything else I can help with?", ["question", "closing"]],
  ["Okay, have a nice day, goodbye.", ["closing"]],
  ["Calm down.", ["rudeness"]],
  ["That's not my problem, deal with it.", ["rudeness"]],
  ["I'll refund you, you idiot.", ["rudeness"]],
  ["Okay.", []],
  ["Let me see.", []],
];

for (const [line, expected] of CASES) {
  Deno.test(`assess() reads "${line}" as ${expected.join(" + ") || "nothing"}`, () => {
    const signals = assess(line, BILLING_DISPUTE);
    const raised = (Object.keys(signals) as (keyof Signals)[])
      .filter((key) => key !== "agentName" && signals[key] === true);
    assert.deepEqual(raised.sort(), [...expected].sort());
  });
}

Deno.test("assess() picks up the agent's name, but not words that merely follow 'I'm'", () => {
  assert.equal(assess("Hi, my name is Sam.", BILLING_DISPUTE).agentName, "Sam");
  assert.equal(assess("Hello, this is Priya speaking.", BILLING_DISPUTE).agentName, "Priya");
  assert.equal(assess("I'm Sorry to hear that.", BILLING_DISPUTE).agentName, undefined);
  assert.equal(assess("I'm going to check.", BILLING_DISPUTE).agentName, undefined);
});

Deno.test("assess() reads curly apostrophes like straight ones", () => {
  assert.equal(assess("I’ll refund it now.", BILLING_DISPUTE).solution, true);
});

Deno.test("a concrete solution depends on the scenario's problem", () => {
  const solves = Object.fromEntries(SCENARIOS.map((scenario) => [
    scenario.id,
    [
      "I'll refund the duplicate charge.",
      "I'll send you a replacement bike by express delivery.",
      "I've cancelled your membership and waived the exit fee.",
      "I'm booking an engineer for tomorrow morning.",
    ].map((line) => assess(line, scenario).solution),
  ]));
  assert.deepEqual(solves, {
    "billing-dispute": [true, false, false, false],
    "lost-parcel": [true, true, false, false],
    "cancellation": [false, false, true, false],
    "internet-outage": [false, false, false, true],
  });
});
