/**
 * Sessions outlive connections: a trainee whose client reconnects (with a new
 * connection id) binds the call again and it goes on where it was; lines
 * written meanwhile wait for the new connection.
 */
import assert from "node:assert/strict";
import type { HubEndpoint } from "../../../signalr/mod.ts";
import { FakeBrain, newSessionId, withDiana } from "./fixture.ts";

/** Waits until the endpoint has `count` connections (the server noticed a client leave). */
async function connections(endpoint: HubEndpoint, count: number): Promise<void> {
  for (let i = 0; i < 500 && endpoint.connectionCount !== count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(endpoint.connectionCount, count);
}

Deno.test("InitiateSession again from a new connection re-binds the call without resetting it", async () => {
  await withDiana({}, async ({ connect }) => {
    const first = await connect("ann");
    const sessionId = newSessionId();
    await first.invoke("InitiateSessionWithScenario", sessionId, "lost-parcel");
    await first.answer();
    await first.invoke("UserSpoke", sessionId, "Hi, this is Jo, how can I help?");
    await first.answer();
    await first.stop();

    const second = await connect("ann");
    await second.invoke("InitiateSession", sessionId);
    const status = await second.invoke<Record<string, unknown>>("GetStatus", sessionId);
    assert.equal(status.connected, true);
    assert.equal(status.turns, 1);
    assert.equal((status.transcript as unknown[]).length, 3);
    assert.equal((status.scenario as { id: string }).id, "lost-parcel");
    assert.deepEqual(await second.rest(), [], "no new greeting");

    await second.invoke("UserSpoke", sessionId, "What's your order number, please?");
    assert.match((await second.answer()).text as string, /PX-58213/);
    assert.equal(
      (await second.invoke<{ turns: number }>("GetStatus", sessionId)).turns,
      2,
    );
  });
});

Deno.test("any call with the session id from the owner's new connection re-binds it", async () => {
  await withDiana({}, async ({ connect }) => {
    const first = await connect("ann");
    const sessionId = newSessionId();
    await first.invoke("InitiateSession", sessionId);
    await first.answer();

    const second = await connect("ann");
    await second.invoke("UserSpoke", sessionId, "Hello, thanks for holding.");
    await second.answer();
    assert.deepEqual(await first.rest(), [], "the old connection hears nothing more");
  });
});

Deno.test("a line written while the trainee was away arrives once the call is bound again", async () => {
  const brain = new FakeBrain();
  await withDiana({ brain }, async ({ connect, endpoint }) => {
    const first = await connect("ann");
    const sessionId = newSessionId();
    await first.invoke("InitiateSession", sessionId);
    (await brain.line(0)).finish("Hello?");
    await first.answer();
    await first.invoke("UserSpoke", sessionId, "Hi there.");
    await first.next("ProcessingStarted");
    await first.stop();
    await connections(endpoint, 0);
    (await brain.line(1)).finish("I was charged twice.");
    await brain.lines[1].done;

    const second = await connect("ann");
    await second.invoke("InitiateSession", sessionId);
    const message = await second.next("DianaStartsSpeaking");
    assert.equal(message!.text, "I was charged twice.");
    assert.equal(
      (await second.invoke<{ state: string }>("GetStatus", sessionId)).state,
      "listening",
    );
  });
});

Deno.test("a call nobody comes back for is abandoned, and its scorecard kept", async () => {
  await withDiana({ abandonAfterMs: 0 }, async ({ connect, endpoint }) => {
    const first = await connect("ann");
    const sessionId = newSessionId();
    await first.invoke("InitiateSession", sessionId);
    await first.answer();
    await first.stop();
    await connections(endpoint, 0);

    const second = await connect("ann");
    const status = await second.invoke<Record<string, unknown>>("GetStatus", sessionId);
    assert.equal(status.state, "ended");
    assert.equal(status.outcome, "abandoned");
    assert.equal((status.scorecard as { resolution: string }).resolution, "unresolved");
  });
});

Deno.test("ended calls are forgotten after keepEndedMs", async () => {
  await withDiana({ keepEndedMs: 0 }, async ({ connect }) => {
    const ann = await connect("ann");
    const sessionId = newSessionId();
    await ann.invoke("InitiateSession", sessionId);
    await ann.answer();
    await ann.invoke("EndSession", sessionId);
    await assert.rejects(
      ann.invoke("GetStatus", sessionId),
      /HubException: No session '.*' exists\. Start it with InitiateSession first\./,
    );
  });
});
