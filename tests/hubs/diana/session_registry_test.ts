/** The registry of calls: GUIDs, ownership, limits, keeping and abandoning. */
import assert from "node:assert/strict";
import { newCallSession } from "../../../hubs/diana/call_session.ts";
import { parseSessionId, SessionRegistry } from "../../../hubs/diana/session_registry.ts";
import { BILLING_DISPUTE } from "../../../hubs/diana/scenarios/billing_dispute.ts";

const session = (id: string, owner = "ann", now = 0) =>
  newCallSession(id, owner, BILLING_DISPUTE, 1, now);

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

Deno.test("parseSessionId() accepts GUIDs in any case and refuses everything else", () => {
  assert.equal(
    parseSessionId("3F2504E0-4F89-41D3-9A0C-0305E82C3301"),
    "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
  );
  for (
    const bad of [
      "",
      "{3f2504e0-4f89-41d3-9a0c-0305e82c3301}",
      "3f2504e04f8941d39a0c0305e82c3301",
      1,
      null,
    ]
  ) {
    assert.throws(() => parseSessionId(bad), /The session id must be a GUID/);
  }
});

Deno.test("owned() finds the owner's call and refuses unknown ids and other users", () => {
  const registry = new SessionRegistry();
  registry.add(session(id(1)));
  assert.equal(registry.owned(id(1), "ann").id, id(1));
  assert.throws(() => registry.owned(id(1), "bob"), /belongs to another user/);
  assert.throws(() => registry.owned(id(2), "ann"), /No session '.*' exists/);
});

Deno.test("add() limits running calls per user and makes room by forgetting ended calls", () => {
  const registry = new SessionRegistry({ maxSessions: 3, maxActivePerUser: 2 });
  registry.add(session(id(1)));
  registry.add(session(id(2)));
  assert.throws(() => registry.add(session(id(3))), /You already have 2 calls in progress/);
  registry.add(session(id(3), "bob"));
  assert.throws(() => registry.add(session(id(4), "cat")), /Too many calls are in progress/);
  registry.find(id(1))!.phase = "ended";
  registry.find(id(1))!.endedAt = 0;
  assert.deepEqual(registry.add(session(id(4), "cat")), [id(1)]);
  assert.equal(registry.size, 3);
  assert.equal(registry.find(id(1)), undefined);
});

Deno.test("sweep() forgets ended calls after keepEndedMs and finds abandoned ones", () => {
  let now = 0;
  const registry = new SessionRegistry({ keepEndedMs: 100, abandonAfterMs: 50 }, () => now);
  const ended = session(id(1));
  const away = session(id(2));
  const here = session(id(3));
  for (const s of [ended, away, here]) registry.add(s);
  Object.assign(ended, { phase: "ended", endedAt: 10 });
  away.detachedAt = 20;
  now = 60;
  assert.deepEqual(registry.sweep(), { abandoned: [], removed: [] });
  now = 75;
  assert.deepEqual(registry.sweep(), { abandoned: [], removed: [] }, "one sweep per 50 ms here");
  now = 110;
  assert.deepEqual(registry.sweep(), { abandoned: [away], removed: [id(1)] });
  assert.equal(registry.size, 2);
});
