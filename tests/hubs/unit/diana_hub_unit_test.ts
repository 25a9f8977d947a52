/**
 * The Diana notification hub as a unit, with the testing kit standing in for
 * both the caller and the hub context the call service sends through: methods
 * return at once, Diana's lines arrive later at the caller's connection, and
 * bad calls get clear errors.
 */
import assert from "node:assert/strict";
import { HubError } from "../../../signalr/mod.ts";
import { HubTestKit } from "../../../signalr/testing/mod.ts";
import type { Conversation, CustomerBrain, DianaMessage } from "../../../hubs/diana/mod.ts";
import { NotificationHub } from "../../../hubs/diana/mod.ts";
import { CallService } from "../../../hubs/diana/call_service.ts";
import { NotificationService } from "../../../hubs/diana/notification_service.ts";
import { SessionRegistry } from "../../../hubs/diana/session_registry.ts";
import { SCENARIOS, summarize } from "../../../hubs/diana/scenarios/mod.ts";

const SESSION = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

/** A brain that says which cue it answers, once the test lets it (at once by default). */
class EchoBrain implements CustomerBrain {
  readonly asked: Conversation[] = [];
  gate: Promise<void> = Promise.resolve();

  async *reply(conversation: Conversation): AsyncIterable<string> {
    this.asked.push(conversation);
    await this.gate;
    yield `Diana answers ${conversation.cue}.`;
  }
}

/** A kit signed in as "ann" on connection "trainee-1", and hubs over one call service. */
function setUp() {
  const kit = new HubTestKit({ connectionId: "trainee-1", user: { id: "ann" } });
  const brain = new EchoBrain();
  const calls = new CallService({
    brain,
    notifier: new NotificationService(kit.hubContext),
    registry: new SessionRegistry(),
    silenceMs: 0,
    seed: 7,
  });
  return { kit, brain, calls, hub: () => new NotificationHub(calls) };
}

Deno.test("InitiateSession returns at once; Diana's greeting follows at the caller's connection", async () => {
  const { kit, calls, hub } = setUp();
  assert.equal(await kit.invoke(hub(), "InitiateSession", SESSION), undefined);
  assert.deepEqual(kit.sent[0], {
    to: { client: "trainee-1" },
    method: "ProcessingStarted",
    args: [{ sessionId: SESSION, state: "Generating greeting" }],
  });

  const { to, args } = await kit.waitForSent({ method: "DianaStartsSpeaking" });
  assert.deepEqual(to, { client: "trainee-1" });
  const message = args[0] as DianaMessage;
  assert.deepEqual(message, {
    sessionId: SESSION,
    text: "Diana answers opening.",
    audioUrl: null,
    emotion: message.emotion,
    timestamp: message.timestamp,
    shouldEndCall: false,
  });
  calls.close();
});

Deno.test("UserSpoke hands the trainee's line to Diana, whose answer follows", async () => {
  const { kit, brain, calls, hub } = setUp();
  await kit.invoke(hub(), "InitiateSession", SESSION);
  await kit.waitForSent({ method: "DianaStartsSpeaking" });
  kit.clearSent();

  await kit.invoke(hub(), "UserSpoke", SESSION, "  Hello, this is Sam. How can I help?  ");
  kit.assertSent({
    to: { client: "trainee-1" },
    method: "ProcessingStarted",
    args: [{ sessionId: SESSION, state: "Processing" }],
  });
  await kit.waitForSent({ to: { client: "trainee-1" }, method: "DianaStartsSpeaking" });
  assert.equal(brain.asked.at(-1)?.turns.at(-1)?.text, "Hello, this is Sam. How can I help?");
  const status = await kit.invoke(hub(), "GetStatus", SESSION);
  assert.deepEqual(status.transcript.map((line) => line.speaker), [
    "customer",
    "trainee",
    "customer",
  ]);
  calls.close();
});

Deno.test("ListScenarios returns every scenario's summary", async () => {
  const { kit, hub } = setUp();
  assert.deepEqual(await kit.invoke(hub(), "ListScenarios"), SCENARIOS.map(summarize));
});

Deno.test("the hub refuses anonymous callers, as negotiate does with 401", async () => {
  const { kit, hub } = setUp();
  kit.user = undefined;
  await assert.rejects(kit.invoke(hub(), "InitiateSession", SESSION), {
    message: "Failed to connect: the hub requires a signed-in user (negotiate answers 401).",
  });
});

Deno.test("bad calls get a clear HubError and send nothing", async () => {
  const { kit, calls, hub } = setUp();
  await assert.rejects(
    kit.invoke(hub(), "InitiateSession", "not-a-guid"),
    new HubError("The session id must be a GUID such as '3f2504e0-4f89-41d3-9a0c-0305e82c3301'."),
  );
  await assert.rejects(
    kit.invoke(hub(), "UserSpoke", SESSION, "Hello?"),
    new HubError(`No session '${SESSION}' exists. Start it with InitiateSession first.`),
  );
  await assert.rejects(
    kit.invoke(hub(), "InitiateSessionWithScenario", SESSION, "tea-party"),
    (error: Error) => error instanceof HubError && error.message.startsWith("Unknown scenario"),
  );
  assert.deepEqual(kit.sent, []);

  await kit.invoke(hub(), "InitiateSession", SESSION);
  await kit.waitForSent({ method: "DianaStartsSpeaking" });
  kit.clearSent();
  await assert.rejects(
    kit.invoke(hub(), "UserSpoke", SESSION, "   "),
    new HubError("The message must be a non-empty string."),
  );
  kit.user = { id: "bob" };
  await assert.rejects(
    kit.invoke(hub(), "GetStatus", SESSION),
    new HubError(`The session '${SESSION}' belongs to another user.`),
  );
  assert.deepEqual(kit.sent, []);
  calls.close();
});

Deno.test("after a disconnect, Diana's line reaches the connection that takes the call back", async () => {
  const { kit, brain, calls, hub } = setUp();
  let release!: () => void;
  brain.gate = new Promise((resolve) => release = resolve);
  await kit.invoke(hub(), "InitiateSession", SESSION);
  await kit.attach(hub()).onDisconnected();
  release();

  kit.connectionId = "trainee-2";
  const status = await kit.invoke(hub(), "GetStatus", SESSION);
  assert.equal(status.connected, true);
  await kit.waitForSent({ to: { client: "trainee-2" }, method: "DianaStartsSpeaking" });
  assert.deepEqual(kit.sent.map(({ to, method }) => [to, method]), [
    [{ client: "trainee-1" }, "ProcessingStarted"],
    [{ client: "trainee-2" }, "DianaStartsSpeaking"],
  ]);
  calls.close();
});
