/** The offline customer's voice: repeatable under a seed, varied across seeds, abortable. */
import assert from "node:assert/strict";
import type { Conversation, Cue, Turn } from "../../../hubs/diana/brain.ts";
import { seededRandom } from "../../../hubs/diana/random.ts";
import { SCENARIOS } from "../../../hubs/diana/scenarios/mod.ts";
import { ScriptedBrain, writeLine } from "../../../hubs/diana/scripted_brain.ts";
import { BILLING_DISPUTE } from "../../../hubs/diana/scenarios/billing_dispute.ts";

const CUES: readonly Cue[] = [
  "opening",
  "explain",
  "details",
  "empathy",
  "doubt",
  "push",
  "too_many_questions",
  "premature_close",
  "rude",
  "silence",
  "resolved",
  "escalated",
  "hang_up_rude",
  "hang_up_silence",
  "hang_up_tired",
];

function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    scenario: BILLING_DISPUTE,
    turns: [],
    cue: "push",
    mood: 30,
    emotion: "frustrated",
    seed: 1,
    ...overrides,
  };
}

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of lines) text += chunk;
  return text;
}

Deno.test("every scenario has a line for every cue, with no placeholder left over", () => {
  for (const scenario of SCENARIOS) {
    for (const cue of CUES) {
      for (let seed = 0; seed < 20; seed++) {
        const line = writeLine(conversation({ scenario, cue, seed }), seededRandom(seed));
        assert.ok(line.length > 5, `${scenario.id} ${cue}`);
        assert.doesNotMatch(line, /\{|\}|undefined/, `${scenario.id} ${cue}: ${line}`);
      }
    }
  }
});

Deno.test("the same seed gives the same line; different seeds give varied lines", () => {
  const line = (seed: number) => writeLine(conversation({ seed }), seededRandom(seed));
  assert.equal(line(42), line(42));
  const variety = new Set(Array.from({ length: 30 }, (_, seed) => line(seed)));
  assert.ok(variety.size >= 8, `only ${variety.size} different lines`);
});

Deno.test("she does not repeat a line while she has others left", () => {
  const turns: Turn[] = [];
  const said = new Set<string>();
  for (let i = 0; i < 5; i++) {
    const line = writeLine(conversation({ cue: "silence", turns, seed: 3 }), seededRandom(3));
    assert.ok(!said.has(line), `repeated "${line}"`);
    said.add(line);
    turns.push({ speaker: "customer", text: line, at: 0 });
  }
});

Deno.test("answers to questions give the scenario's facts in order", () => {
  const turns: Turn[] = [];
  for (const fact of BILLING_DISPUTE.details.slice(0, 3)) {
    const line = writeLine(conversation({ cue: "details", turns, seed: 5 }), seededRandom(5));
    assert.ok(line.includes(fact), `"${line}" lacks "${fact}"`);
    turns.push({ speaker: "customer", text: line, at: 0 });
  }
});

Deno.test("the agent's name is used only when the trainee gave it", () => {
  const named = Array.from(
    { length: 40 },
    (_, seed) =>
      writeLine(conversation({ cue: "resolved", agentName: "Sam", seed }), seededRandom(seed)),
  );
  assert.ok(named.some((line) => line.includes("Sam")));
  const unnamed = Array.from(
    { length: 40 },
    (_, seed) => writeLine(conversation({ cue: "resolved", seed }), seededRandom(seed)),
  );
  assert.ok(unnamed.every((line) => !line.includes(", .") && !line.includes("  ")));
});

Deno.test("ScriptedBrain yields the line writeLine writes, after no delay with thinkMs 0", async () => {
  const brain = new ScriptedBrain({ thinkMs: 0 });
  const c = conversation({ seed: 9 });
  assert.equal(
    await collect(brain.reply(c, new AbortController().signal)),
    writeLine(c, seededRandom(9)),
  );
});

Deno.test("ScriptedBrain stops thinking at once when aborted", async () => {
  const brain = new ScriptedBrain({ thinkMs: 60_000 });
  const controller = new AbortController();
  const reply = collect(brain.reply(conversation(), controller.signal));
  controller.abort(new Error("interrupted"));
  await assert.rejects(reply, /interrupted/);
  await assert.rejects(collect(brain.reply(conversation(), controller.signal)), /interrupted/);
});
