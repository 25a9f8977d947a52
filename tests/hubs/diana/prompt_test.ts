/** The chat-completion messages for the customer's next line. */
import assert from "node:assert/strict";
import type { Conversation } from "../../../hubs/diana/brain.ts";
import { chatMessages } from "../../../hubs/diana/prompt.ts";
import { LOST_PARCEL } from "../../../hubs/diana/scenarios/lost_parcel.ts";

const BASE: Conversation = {
  scenario: LOST_PARCEL,
  turns: [],
  cue: "opening",
  mood: 35,
  emotion: "frustrated",
  seed: 1,
};

Deno.test("the system prompt holds the persona, problem, goal, facts, mood and direction", () => {
  const [system, pickUp] = chatMessages(BASE);
  assert.equal(system.role, "system");
  for (
    const part of [
      LOST_PARCEL.persona.description,
      LOST_PARCEL.problem,
      LOST_PARCEL.goal,
      "PX-58213",
    ]
  ) {
    assert.ok(system.content.includes(part), part);
  }
  assert.match(system.content, /Your mood now: frustrated \(35 out of 100\)\./);
  assert.match(system.content, /Your next line: The agent has just picked up\./);
  assert.deepEqual(pickUp, { role: "user", content: "(The agent picks up the phone.)" });
});

Deno.test("the call so far: Diana is the assistant, the trainee the user; silence is stated", () => {
  const turns = [
    { speaker: "customer", text: "Hi, my parcel is missing.", at: 0 },
    { speaker: "trainee", text: "Hello, I'm Jo. Order number?", at: 1 },
    { speaker: "customer", text: "PX-58213.", at: 2 },
  ] as const;
  const messages = chatMessages({ ...BASE, turns, cue: "silence", agentName: "Jo" });
  assert.deepEqual(messages.slice(1), [
    { role: "assistant", content: "Hi, my parcel is missing." },
    { role: "user", content: "Hello, I'm Jo. Order number?" },
    { role: "assistant", content: "PX-58213." },
    { role: "user", content: "(The agent says nothing.)" },
  ]);
  assert.match(messages[0].content, /The agent's name is Jo\./);
  assert.match(messages[0].content, /Check whether they are still there/);
});

Deno.test("an ending cue tells the model the line ends the call", () => {
  const turns = [{ speaker: "trainee", text: "I'll send a replacement today.", at: 0 }] as const;
  const [system, last] = chatMessages({ ...BASE, turns, cue: "resolved" });
  assert.match(system.content, /this ends the call/);
  assert.deepEqual(last, { role: "user", content: "I'll send a replacement today." });
});
