/**
 * The job hub as a unit, with the testing kit: the seed chapter's
 * `SubscribeToJob` test, late subscribers brought up to date, who may see a
 * job, and the admins-only broadcast.
 */
import assert from "node:assert/strict";
import { HubError } from "../../../signalr/mod.ts";
import { HubTestKit } from "../../../signalr/testing/mod.ts";
import { JobHub, MAX_NOTIFICATION_LENGTH } from "../../../hubs/jobs/mod.ts";
import { MemoryJobStore } from "../../../hubs/jobs/job_store.ts";

/** A store holding one queued job of `owner`: job 1. */
function storeWithJob(owner = "ann"): MemoryJobStore {
  const store = new MemoryJobStore();
  store.insert({ type: "report", owner, params: {}, createdAt: "2024-01-01T00:00:00.000Z" });
  return store;
}

const ann = { id: "ann", roles: ["User"] };

Deno.test("SubscribeToJob adds the caller to group job-1 and confirms (the seed's test)", async () => {
  // Arrange
  const jobId = 1;
  const kit = new HubTestKit({ connectionId: "connection-123", user: ann });
  const hub = kit.attach(new JobHub(storeWithJob()));

  // Act
  await hub.subscribeToJob(jobId);

  // Assert
  assert.deepEqual(kit.groups.history, [
    { action: "add", connectionId: "connection-123", group: `job-${jobId}` },
  ]);
  assert.deepEqual(kit.sent, [{ to: "caller", method: "SubscriptionConfirmed", args: [jobId] }]);
});

Deno.test("SubscribeToJob by its SignalR name, as a client calls it", async () => {
  const kit = new HubTestKit({ user: ann });
  await kit.invoke(new JobHub(storeWithJob()), "SubscribeToJob", 1);
  assert.ok(kit.groups.has("job-1"));
  kit.assertSent({ to: "caller", method: "SubscriptionConfirmed", args: [1] });
});

Deno.test("a late subscriber gets the job's state so far, right after the confirmation", async () => {
  const store = storeWithJob();
  const kit = new HubTestKit({ user: ann });
  store.update(1, { status: "running", progress: 40 });
  await kit.invoke(new JobHub(store), "SubscribeToJob", 1);
  assert.deepEqual(kit.sent.map(({ method, args }) => [method, ...args]), [
    ["SubscriptionConfirmed", 1],
    ["JobStarted", 1],
    ["JobProgress", 1, 40],
  ]);

  kit.clearSent();
  store.update(1, { status: "completed", progress: 100, result: { rows: 3 } });
  await kit.invoke(new JobHub(store), "SubscribeToJob", 1);
  kit.assertSent({ to: "caller", method: "JobCompleted", args: [1, { rows: 3 }] });
});

Deno.test("someone else's job is as unknown as a missing one; admins may see every job", async () => {
  const store = storeWithJob("bob");
  const kit = new HubTestKit({ user: ann });
  await assert.rejects(
    kit.invoke(new JobHub(store), "SubscribeToJob", 1),
    new HubError("Job 1 was not found."),
  );
  await assert.rejects(
    kit.invoke(new JobHub(store), "SubscribeToJob", 2),
    new HubError("Job 2 was not found."),
  );
  assert.deepEqual(kit.groups.history, []);
  assert.deepEqual(kit.sent, []);

  kit.user = { id: "root", roles: ["Admin"] };
  await kit.invoke(new JobHub(store), "SubscribeToJob", 1);
  assert.deepEqual(kit.groups.of(), ["job-1"]);
});

Deno.test("SubscribeToJob refuses a job id that is not a positive integer", async () => {
  const kit = new HubTestKit({ user: ann });
  for (const id of [0, -1, 1.5, "1", null]) {
    await assert.rejects(
      kit.invoke(new JobHub(storeWithJob()), "SubscribeToJob", id),
      new HubError("The job id must be a positive integer."),
    );
  }
});

Deno.test("UnsubscribeFromJob removes the caller from the group and confirms", async () => {
  const kit = new HubTestKit({ user: ann });
  await kit.invoke(new JobHub(storeWithJob()), "SubscribeToJob", 1);
  await kit.invoke(new JobHub(storeWithJob()), "UnsubscribeFromJob", 1);
  assert.equal(kit.groups.has("job-1"), false);
  kit.assertSent({ to: "caller", method: "UnsubscriptionConfirmed", args: [1] });
});

Deno.test("the job hub refuses anonymous callers, as negotiate does with 401", async () => {
  const kit = new HubTestKit();
  await assert.rejects(kit.invoke(new JobHub(storeWithJob()), "SubscribeToJob", 1), {
    message: "Failed to connect: the hub requires a signed-in user (negotiate answers 401).",
  });
});

Deno.test("BroadcastSystemNotification is for admins only and reaches everyone", async () => {
  const kit = new HubTestKit({ user: ann });
  await assert.rejects(
    kit.invoke(new JobHub(storeWithJob()), "BroadcastSystemNotification", "Down at noon"),
    { message: "Failed to invoke 'BroadcastSystemNotification' because user is unauthorized" },
  );
  assert.deepEqual(kit.sent, []);

  kit.user = { id: "root", roles: ["Admin"] };
  await kit.invoke(new JobHub(storeWithJob()), "BroadcastSystemNotification", "Down at noon");
  assert.deepEqual(kit.sent, [{ to: "all", method: "SystemNotification", args: ["Down at noon"] }]);
});

Deno.test("BroadcastSystemNotification refuses an empty or too long notification", async () => {
  const kit = new HubTestKit({ user: { id: "root", roles: ["Admin"] } });
  const broadcast = (message: unknown) =>
    kit.invoke(new JobHub(storeWithJob()), "BroadcastSystemNotification", message);
  const empty = new HubError("The notification must be a non-empty string.");
  await assert.rejects(broadcast("  "), empty);
  await assert.rejects(broadcast(42), empty);
  await assert.rejects(
    broadcast("x".repeat(MAX_NOTIFICATION_LENGTH + 1)),
    new HubError(`The notification must be at most ${MAX_NOTIFICATION_LENGTH} characters long.`),
  );
  assert.deepEqual(kit.sent, []);
});
