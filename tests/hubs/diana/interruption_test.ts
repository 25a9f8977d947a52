/**
 * The async notification pattern and its races, with a fake brain the test
 * releases by hand (and that ignores its abort signal, so only the call
 * service's turn counter can stop a stale line): hub methods return before
 * the answer exists; an interrupted or superseded line is never delivered.
 */
import assert from "node:assert/strict";
import { FakeBrain, newSessionId, type Trainee, withDiana } from "./fixture.ts";

/** Starts a call and lets the fake brain's greeting through. */
async function greeted(ann: Trainee, brain: FakeBrain): Promise<string> {
  const sessionId = newSessionId();
  await ann.invoke("InitiateSession", sessionId);
  (await brain.line(0)).finish("Hello? It's about my bill.");
  await ann.answer();
  return sessionId;
}

/** The texts of every DianaStartsSpeaking among `ann`'s remaining events. */
async function spoken(ann: Trainee): Promise<string[]> {
  return (await ann.rest()).filter((e) => e.name === "DianaStartsSpeaking").map((e) =>
    e.payload!.text as string
  );
}

Deno.test("hub methods return before Diana's answer exists; it arrives later as events", async () => {
  const brain = new FakeBrain();
  await withDiana({ brain }, async ({ connect }) => {
    const ann = await connect("ann");
    const sessionId = newSessionId();
    await ann.invoke("InitiateSession", sessionId);
    const greeting = await brain.line(0);
    assert.deepEqual(await ann.rest(), [{
      name: "ProcessingStarted",
      payload: { sessionId, state: "Generating greeting" },
    }]);
    greeting.push("Hello? ");
    greeting.finish("It's about my bill.");
    assert.equal((await ann.next("DianaStartsSpeaking"))!.text, "Hello? It's about my bill.");

    await ann.invoke("UserSpoke", sessionId, "Hi, how can I help?");
    const answer = await brain.line(1);
    assert.equal(answer.conversation.cue, "explain");
    assert.deepEqual(answer.conversation.turns.map((t) => t.speaker), ["customer", "trainee"]);
    assert.deepEqual((await ann.rest()).map((e) => e.name), ["ProcessingStarted"]);
    answer.finish("I was charged twice.");
    assert.equal((await ann.next("DianaStartsSpeaking"))!.text, "I was charged twice.");
    assert.equal(
      (await ann.invoke<{ state: string }>("GetStatus", sessionId)).state,
      "listening",
    );
  });
});

Deno.test("an interruption before the brain wrote anything drops the line for good", async () => {
  const brain = new FakeBrain();
  await withDiana({ brain }, async ({ connect }) => {
    const ann = await connect("ann");
    const sessionId = await greeted(ann, brain);
    await ann.invoke("UserSpoke", sessionId, "Let me check that.");
    await ann.invoke("UserInterrupted", sessionId);
    const stale = await brain.line(1);
    assert.equal(stale.signal.aborted, true);
    assert.deepEqual((await ann.rest()).map((e) => [e.name, e.payload]), [
      ["ProcessingStarted", { sessionId, state: "Processing" }],
      ["DianaInterrupted", undefined],
    ]);
    stale.finish("A stale line nobody may hear.");
    await stale.done;

    await ann.invoke("UserSpoke", sessionId, "Sorry, go on.");
    (await brain.line(2)).finish("As I said, two payments.");
    assert.equal((await ann.answer()).text, "As I said, two payments.");
    const status = await ann.invoke<{ state: string; transcript: { text: string }[] }>(
      "GetStatus",
      sessionId,
    );
    assert.ok(!status.transcript.some((line) => line.text.includes("stale")));
    assert.equal(status.state, "listening");
  });
});

Deno.test("an interruption while the line streams in drops it, the part streamed included", async () => {
  const brain = new FakeBrain();
  await withDiana({ brain }, async ({ connect }) => {
    const ann = await connect("ann");
    const sessionId = await greeted(ann, brain);
    await ann.invoke("UserSpoke", sessionId, "Okay.");
    const line = await brain.line(1);
    line.push("So what are you ");
    await ann.invoke("GetStatus", sessionId);
    await ann.invoke("UserInterrupted", sessionId);
    assert.equal(line.signal.aborted, true);
    line.push("going to do ");
    line.finish("about it?");
    await line.done;
    assert.deepEqual((await ann.rest()).map((e) => e.name), [
      "ProcessingStarted",
      "DianaInterrupted",
    ]);
    const status = await ann.invoke<Record<string, unknown>>("GetStatus", sessionId);
    assert.equal((status.transcript as unknown[]).length, 2);
  });
});

Deno.test("an interruption after the line was delivered marks it and delivers nothing more", async () => {
  const brain = new FakeBrain();
  await withDiana({ brain }, async ({ connect }) => {
    const ann = await connect("ann");
    const sessionId = await greeted(ann, brain);
    await ann.invoke("UserInterrupted", sessionId);
    assert.deepEqual((await ann.rest()).map((e) => e.name), ["DianaInterrupted"]);
    assert.equal(brain.lines.length, 1);
    const status = await ann.invoke<{ transcript: { interrupted?: boolean }[] }>(
      "GetStatus",
      sessionId,
    );
    assert.equal(status.transcript[0].interrupted, true);

    await ann.invoke("EndSession", sessionId);
    const ended = await ann.invoke<{ scorecard: { interruptions: number } }>(
      "GetStatus",
      sessionId,
    );
    assert.equal(ended.scorecard.interruptions, 1);
  });
});

Deno.test("interrupting the greeting drops it; the trainee speaks first instead", async () => {
  const brain = new FakeBrain();
  await withDiana({ brain }, async ({ connect }) => {
    const ann = await connect("ann");
    const sessionId = newSessionId();
    await ann.invoke("InitiateSession", sessionId);
    await ann.invoke("UserInterrupted", sessionId);
    const greeting = await brain.line(0);
    greeting.finish("A greeting nobody hears.");
    await greeting.done;
    await ann.invoke("UserSpoke", sessionId, "Hello, this is Sam, how can I help?");
    const reply = await brain.line(1);
    assert.equal(reply.conversation.cue, "explain");
    reply.finish("I was charged twice.");
    assert.deepEqual(await ann.rest().then((events) => events.map((e) => e.name)), [
      "ProcessingStarted",
      "DianaInterrupted",
      "ProcessingStarted",
      "DianaStartsSpeaking",
    ]);
    const status = await ann.invoke<{ transcript: { text: string }[] }>("GetStatus", sessionId);
    assert.deepEqual(status.transcript.map((l) => l.text), [
      "Hello, this is Sam, how can I help?",
      "I was charged twice.",
    ]);
  });
});

Deno.test("a new line from the trainee supersedes the answer being written", async () => {
  const brain = new FakeBrain();
  await withDiana({ brain }, async ({ connect }) => {
    const ann = await connect("ann");
    const sessionId = await greeted(ann, brain);
    await ann.invoke("UserSpoke", sessionId, "One moment.");
    await ann.invoke("UserSpoke", sessionId, "Sorry, can you repeat that?");
    const [first, second] = [await brain.line(1), await brain.line(2)];
    assert.equal(first.signal.aborted, true);
    assert.equal(second.signal.aborted, false);
    assert.deepEqual(second.conversation.turns.map((t) => t.text).slice(1), [
      "One moment.",
      "Sorry, can you repeat that?",
    ]);
    second.finish("The second answer.");
    await ann.invoke("GetStatus", sessionId);
    first.finish("The first answer.");
    await first.done;
    assert.deepEqual(await spoken(ann), ["The second answer."]);
  });
});

Deno.test("ending the call while Diana thinks drops her line", async () => {
  const brain = new FakeBrain();
  await withDiana({ brain }, async ({ connect }) => {
    const ann = await connect("ann");
    const sessionId = await greeted(ann, brain);
    await ann.invoke("UserSpoke", sessionId, "Right.");
    await ann.invoke("EndSession", sessionId);
    const line = await brain.line(1);
    line.finish("Too late.");
    await line.done;
    assert.deepEqual(await spoken(ann), []);
    assert.equal(
      (await ann.invoke<{ state: string }>("GetStatus", sessionId)).state,
      "ended",
    );
  });
});

Deno.test("a failing brain sends an Error event; the call goes on", async () => {
  const brain = new FakeBrain();
  await withDiana({ brain }, async ({ connect }) => {
    const ann = await connect("ann");
    const sessionId = await greeted(ann, brain);
    await ann.invoke("UserSpoke", sessionId, "Hello?");
    (await brain.line(1)).fail(new TypeError("secret internals"));
    await ann.next("ProcessingStarted");
    assert.deepEqual(await ann.next("Error"), {
      sessionId,
      message: "Diana could not answer. Say that again, or end the call.",
    });
    await ann.invoke("UserSpoke", sessionId, "Hello again?");
    (await brain.line(2)).finish("Yes, I'm here.");
    assert.equal((await ann.answer()).text, "Yes, I'm here.");
  });
});
