/**
 * The LLM provider against a local stand-in that speaks the chat-completions
 * wire format: streamed text, errors, aborts; then through the hub.
 */
import assert from "node:assert/strict";
import { BrainError, type Conversation, LlmBrain } from "../../../hubs/diana/mod.ts";
import { CANCELLATION } from "../../../hubs/diana/scenarios/cancellation.ts";
import { newSessionId, withDiana } from "./fixture.ts";
import { type StandIn, startStandIn } from "./llm_stand_in.ts";

const CONVERSATION: Conversation = {
  scenario: CANCELLATION,
  turns: [{ speaker: "trainee", text: "Hello, this is Sam.", at: 0 }],
  cue: "explain",
  mood: 40,
  emotion: "concerned",
  seed: 1,
};

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const chunks = [];
  for await (const chunk of lines) chunks.push(chunk);
  return chunks;
}

async function withStandIn(body: (standIn: StandIn) => Promise<void>): Promise<void> {
  const standIn = startStandIn();
  try {
    await body(standIn);
  } finally {
    await standIn.close();
  }
}

const never = new AbortController().signal;

Deno.test("LlmBrain streams the model's chunks and asks with the chat-completions request", async () => {
  await withStandIn(async (standIn) => {
    standIn.behave({ kind: "stream", chunks: ["I'd like ", "to cancel, ", "please."] });
    const brain = new LlmBrain({ baseUrl: `${standIn.baseUrl}/`, model: "tiny", apiKey: "k-123" });
    assert.deepEqual(await collect(brain.reply(CONVERSATION, never)), [
      "I'd like ",
      "to cancel, ",
      "please.",
    ]);
    const [request] = standIn.received;
    assert.equal(request.path, "/v1/chat/completions");
    assert.equal(request.authorization, "Bearer k-123");
    assert.equal(request.body.model, "tiny");
    assert.equal(request.body.stream, true);
    const messages = request.body.messages as { role: string; content: string }[];
    assert.equal(messages[0].role, "system");
    assert.deepEqual(messages.at(-1), { role: "user", content: "Hello, this is Sam." });
  });
});

Deno.test("LlmBrain sends no Authorization without a key and accepts a non-streamed answer", async () => {
  await withStandIn(async (standIn) => {
    standIn.behave({ kind: "json", content: "Whole answer." });
    const brain = new LlmBrain({ baseUrl: standIn.baseUrl, model: "tiny" });
    assert.deepEqual(await collect(brain.reply(CONVERSATION, never)), ["Whole answer."]);
    assert.equal(standIn.received[0].authorization, null);
  });
});

Deno.test("LlmBrain turns API errors into BrainErrors the trainee can read", async () => {
  await withStandIn(async (standIn) => {
    const brain = new LlmBrain({ baseUrl: standIn.baseUrl, model: "tiny" });
    const cases = [
      [
        { kind: "error", status: 500, body: '{"error":{"message":"The server is overloaded"}}' },
        "The language model answered 500 Internal Server Error: The server is overloaded",
      ],
      [
        { kind: "error", status: 401, body: "bad key" },
        "The language model answered 401 Unauthorized: bad key",
      ],
      [
        { kind: "error-chunk", message: "context length exceeded" },
        "The language model failed: context length exceeded",
      ],
    ] as const;
    for (const [behaviour, message] of cases) {
      standIn.behave(behaviour);
      await assert.rejects(
        collect(brain.reply(CONVERSATION, never)),
        (error: Error) => error instanceof BrainError && error.message === message,
      );
    }
  });
});

Deno.test("LlmBrain reports an unreachable API", async () => {
  const standIn = startStandIn();
  const baseUrl = standIn.baseUrl;
  await standIn.close();
  const brain = new LlmBrain({ baseUrl, model: "tiny" });
  await assert.rejects(
    collect(brain.reply(CONVERSATION, never)),
    (error: Error) =>
      error instanceof BrainError &&
      error.message.startsWith("The language model could not be reached"),
  );
});

Deno.test("aborting LlmBrain stops the stream: the stand-in sees its client go", async () => {
  await withStandIn(async (standIn) => {
    standIn.behave({ kind: "hang", first: "Well, " });
    const brain = new LlmBrain({ baseUrl: standIn.baseUrl, model: "tiny" });
    const controller = new AbortController();
    const chunks = brain.reply(CONVERSATION, controller.signal)[Symbol.asyncIterator]();
    assert.deepEqual(await chunks.next(), { done: false, value: "Well, " });
    const rest = chunks.next();
    controller.abort(new Error("interrupted"));
    await assert.rejects(rest, /interrupted|abort/i);
    await standIn.cancelled;
  });
});

Deno.test("LlmBrain gives up on a line that takes longer than timeoutMs", async () => {
  await withStandIn(async (standIn) => {
    standIn.behave({ kind: "hang", first: "Um" });
    const brain = new LlmBrain({ baseUrl: standIn.baseUrl, model: "tiny", timeoutMs: 20 });
    await assert.rejects(
      collect(brain.reply(CONVERSATION, never)),
      (error: Error) =>
        error instanceof BrainError &&
        error.message === "The language model took too long to answer.",
    );
    await standIn.cancelled;
  });
});

Deno.test("through the hub: streamed lines are delivered whole, API errors become Error events", async () => {
  await withStandIn(async (standIn) => {
    await withDiana({ llm: { baseUrl: standIn.baseUrl, model: "tiny" } }, async ({ connect }) => {
      const ann = await connect("ann");
      const sessionId = newSessionId();
      standIn.behave({ kind: "stream", chunks: ["Hi. ", "I want to ", "cancel."] });
      await ann.invoke("InitiateSessionWithScenario", sessionId, "cancellation");
      const greeting = await ann.answer();
      assert.equal(greeting.text, "Hi. I want to cancel.");
      assert.equal(greeting.shouldEndCall, false);

      standIn.behave({ kind: "error", status: 503, body: '{"error":{"message":"overloaded"}}' });
      await ann.invoke("UserSpoke", sessionId, "Hello, I'm Sam.");
      await ann.next("ProcessingStarted");
      assert.deepEqual(await ann.next("Error"), {
        sessionId,
        message: "Diana could not answer. Say that again, or end the call.",
        error: "The language model answered 503 Service Unavailable: overloaded",
      });

      standIn.behave({ kind: "stream", chunks: ["Great, ", "thanks. Bye."] });
      await ann.invoke("UserSpoke", sessionId, "I've cancelled your membership with no exit fee.");
      const last = await ann.answer();
      assert.equal(last.text, "Great, thanks. Bye.");
      assert.equal(last.shouldEndCall, true);
      const system = (standIn.received.at(-1)!.body.messages as { content: string }[])[0];
      assert.match(system.content, /this ends the call/);
    });
  });
});

Deno.test("through the hub: UserInterrupted stops the model's stream and nothing is delivered", async () => {
  await withStandIn(async (standIn) => {
    await withDiana({ llm: { baseUrl: standIn.baseUrl, model: "tiny" } }, async ({ connect }) => {
      const ann = await connect("ann");
      const sessionId = newSessionId();
      standIn.behave({ kind: "hang", first: "Hello, I " });
      await ann.invoke("InitiateSession", sessionId);
      await ann.next("ProcessingStarted");
      await standIn.streaming;
      await ann.invoke("UserInterrupted", sessionId);
      await standIn.cancelled;
      assert.deepEqual((await ann.rest()).map((e) => e.name), ["DianaInterrupted"]);
      const status = await ann.invoke<{ transcript: unknown[]; state: string }>(
        "GetStatus",
        sessionId,
      );
      assert.deepEqual(status.transcript, []);
      assert.equal(status.state, "listening");
    });
  });
});
