/**
 * The notification service over a recording hub context: sends to the bound
 * connection, keeps events while no connection drives a session, and
 * delivers them in order once bound again.
 */
import assert from "node:assert/strict";
import type { HubClients, HubContext } from "../../../signalr/mod.ts";
import { NotificationService } from "../../../hubs/diana/notification_service.ts";

const S1 = "11111111-1111-4111-8111-111111111111";
const S2 = "22222222-2222-4222-8222-222222222222";

/** A hub context whose `client(id).send` records `[id, method, ...args]`. */
function recordingContext(): { context: HubContext; sent: unknown[][] } {
  const sent: unknown[][] = [];
  const clients = {
    client: (id: string) => ({
      send: (method: string, ...args: unknown[]) => {
        sent.push([id, method, ...args]);
        return Promise.resolve();
      },
    }),
  } as unknown as HubClients;
  return { context: { clients, groups: undefined! }, sent };
}

Deno.test("events go to the connection bound to their session, with the contract's payloads", () => {
  const { context, sent } = recordingContext();
  const notifier = new NotificationService(context);
  notifier.register(S1, "c1");
  notifier.register(S2, "c2");
  notifier.processingStarted(S1, "Processing");
  notifier.dianaInterrupted(S2);
  notifier.error(S1, "Oops.");
  notifier.error(S2, "Oops.", "why");
  assert.deepEqual(sent, [
    ["c1", "ProcessingStarted", { sessionId: S1, state: "Processing" }],
    ["c2", "DianaInterrupted"],
    ["c1", "Error", { sessionId: S1, message: "Oops." }],
    ["c2", "Error", { sessionId: S2, message: "Oops.", error: "why" }],
  ]);
});

Deno.test("events wait while the connection is gone and follow the session to its new one", () => {
  const { context, sent } = recordingContext();
  const notifier = new NotificationService(context);
  notifier.register(S1, "c1");
  notifier.register(S2, "c1");
  assert.deepEqual(notifier.connectionClosed("c1").sort(), [S1, S2]);
  assert.equal(notifier.connectionOf(S1), undefined);
  notifier.processingStarted(S1, "Processing");
  notifier.dianaInterrupted(S1);
  assert.deepEqual(sent, []);
  notifier.register(S1, "c2");
  assert.deepEqual(sent, [
    ["c2", "ProcessingStarted", { sessionId: S1, state: "Processing" }],
    ["c2", "DianaInterrupted"],
  ]);
});

Deno.test("only the newest 16 events wait; a forgotten session's events are dropped", () => {
  const { context, sent } = recordingContext();
  const notifier = new NotificationService(context);
  notifier.register(S1, "c1");
  notifier.connectionClosed("c1");
  for (let i = 0; i < 20; i++) notifier.processingStarted(S1, `step ${i}`);
  notifier.register(S1, "c2");
  assert.equal(sent.length, 16);
  assert.deepEqual(sent[0], ["c2", "ProcessingStarted", { sessionId: S1, state: "step 4" }]);

  notifier.forget(S1);
  notifier.processingStarted(S1, "late");
  notifier.processingStarted(S2, "never registered");
  assert.equal(sent.length, 16);
});

Deno.test("a failed send is logged, never thrown", async () => {
  const logged: string[] = [];
  const clients = {
    client: () => ({ send: () => Promise.reject(new Error("gone")) }),
  } as unknown as HubClients;
  const notifier = new NotificationService(
    { clients, groups: undefined! },
    (message) => logged.push(message),
  );
  notifier.register(S1, "c1");
  notifier.dianaInterrupted(S1);
  await Promise.resolve();
  await Promise.resolve();
  assert.deepEqual(logged, [`Diana: could not send DianaInterrupted for session ${S1}`]);
});
