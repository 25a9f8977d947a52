/**
 * Who may do what: signed-in users only, a session is its owner's alone, and
 * bad session ids, unknown sessions and scenarios and bad lines get clear
 * errors.
 */
import assert from "node:assert/strict";
import { connectTo } from "../../helpers/server.ts";
import { newSessionId, withDiana } from "./fixture.ts";

Deno.test("the notification hub refuses anonymous clients", async () => {
  await withDiana({}, async ({ url }) => {
    await assert.rejects(connectTo(`${url}/hubs/notification`), /401/);
  });
});

Deno.test("another user can neither drive nor read someone else's call", async () => {
  await withDiana({}, async ({ connect }) => {
    const ann = await connect("ann");
    const mallory = await connect("mallory");
    const sessionId = newSessionId();
    await ann.invoke("InitiateSession", sessionId);
    await ann.answer();
    const refused = new RegExp(
      `HubException: The session '${sessionId}' belongs to another user\\.`,
    );
    for (
      const [method, ...args] of [
        ["InitiateSession", sessionId],
        ["InitiateSessionWithScenario", sessionId, "billing-dispute"],
        ["UserSpoke", sessionId, "Hi"],
        ["UserInterrupted", sessionId],
        ["EndSession", sessionId],
        ["GetStatus", sessionId],
      ]
    ) {
      await assert.rejects(mallory.invoke(method, ...args), refused, method);
    }
    assert.deepEqual(await mallory.rest(), []);
    assert.deepEqual(await ann.rest(), []);
    const status = await ann.invoke<Record<string, unknown>>("GetStatus", sessionId);
    assert.equal(status.state, "listening");
    assert.equal(status.turns, 0);
  });
});

Deno.test("a session id that is not a GUID is refused by every method", async () => {
  await withDiana({}, async ({ connect }) => {
    const ann = await connect("ann");
    const bad =
      /HubException: The session id must be a GUID such as '3f2504e0-4f89-41d3-9a0c-0305e82c3301'\./;
    for (const id of ["", "42", "not-a-guid", 42, null, "3f2504e0-4f89-41d3-9a0c-0305e82c330"]) {
      await assert.rejects(ann.invoke("InitiateSession", id), bad);
      await assert.rejects(ann.invoke("UserSpoke", id, "Hi"), bad);
      await assert.rejects(ann.invoke("UserInterrupted", id), bad);
      await assert.rejects(ann.invoke("GetStatus", id), bad);
    }
  });
});

Deno.test("an unknown session gets a clear error; GUIDs match whatever their case", async () => {
  await withDiana({}, async ({ connect }) => {
    const ann = await connect("ann");
    const unknown = newSessionId();
    const missing = new RegExp(
      `HubException: No session '${unknown}' exists\\. Start it with InitiateSession first\\.`,
    );
    for (const method of ["UserInterrupted", "EndSession", "GetStatus"]) {
      await assert.rejects(ann.invoke(method, unknown), missing);
    }
    await assert.rejects(ann.invoke("UserSpoke", unknown, "Hi"), missing);

    const sessionId = newSessionId();
    await ann.invoke("InitiateSession", sessionId.toUpperCase());
    assert.equal((await ann.answer()).sessionId, sessionId);
    assert.equal(
      (await ann.invoke<{ sessionId: string }>("GetStatus", sessionId)).sessionId,
      sessionId,
    );
  });
});

Deno.test("scenarios, lines and the number of calls are checked", async () => {
  await withDiana({ maxActivePerUser: 2 }, async ({ connect }) => {
    const ann = await connect("ann");
    await assert.rejects(
      ann.invoke("InitiateSessionWithScenario", newSessionId(), "alien-abduction"),
      /HubException: Unknown scenario 'alien-abduction'\. Choose one of: billing-dispute, lost-parcel, cancellation, internet-outage\./,
    );
    const sessionId = newSessionId();
    await ann.invoke("InitiateSessionWithScenario", sessionId, "cancellation");
    await ann.answer();
    await assert.rejects(
      ann.invoke("InitiateSessionWithScenario", sessionId, "lost-parcel"),
      /HubException: The session '.*' already plays the scenario 'cancellation'\./,
    );
    for (const message of ["", "   ", 7, null]) {
      await assert.rejects(
        ann.invoke("UserSpoke", sessionId, message),
        /HubException: The message must be a non-empty string\./,
      );
    }
    await assert.rejects(
      ann.invoke("UserSpoke", sessionId, "x".repeat(1001)),
      /HubException: The message must be at most 1000 characters long\./,
    );
    await assert.rejects(
      ann.invoke("InitiateSession"),
      /Failed to invoke 'InitiateSession' due to an error on the server\./,
    );

    await ann.invoke("InitiateSession", newSessionId());
    await ann.answer();
    await assert.rejects(
      ann.invoke("InitiateSession", newSessionId()),
      /HubException: You already have 2 calls in progress\. End one before starting another\./,
    );
    await ann.invoke("EndSession", sessionId);
    await ann.invoke("InitiateSession", newSessionId());
    await ann.answer();
  });
});
