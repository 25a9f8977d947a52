/**
 * The job hub's own rules with the official client: authentication, job ids,
 * who may subscribe to which job, and the admin-only broadcast.
 */
import assert from "node:assert/strict";
import { connectTo, nextEvent } from "../../helpers/server.ts";
import { call, type JobsSite, recordJobEvents, startJobsSite } from "./fixture.ts";

async function withSite(fn: (site: JobsSite) => Promise<void>) {
  const site = startJobsSite();
  try {
    await fn(site);
  } finally {
    await site.close();
  }
}

Deno.test("the job hub refuses anonymous clients", () =>
  withSite(async (site) => {
    await assert.rejects(connectTo(`${site.url}/hubs/job`), /401/);
  }));

Deno.test("SubscribeToJob and UnsubscribeFromJob confirm; bad ids are refused", () =>
  withSite(async (site) => {
    const id = (await call(site, { user: "ann" }, "POST", "/api/jobs", { type: "report" })).body
      .id as number;
    const ann = await site.connect("ann");
    const log = recordJobEvents(ann);
    await ann.invoke("SubscribeToJob", id);
    await ann.invoke("UnsubscribeFromJob", id);
    assert.deepEqual(log.events, [
      ["SubscriptionConfirmed", id],
      ["JobStarted", id],
      ["UnsubscriptionConfirmed", id],
    ]);
    for (const bad of [0, -1, 1.5, "7", null, 2 ** 53]) {
      await assert.rejects(
        ann.invoke("SubscribeToJob", bad),
        /HubException: The job id must be a positive integer\./,
      );
    }
    // Canceled after unsubscribing: the second confirmation follows anything sent before it.
    await call(site, { user: "ann" }, "DELETE", `/api/jobs/${id}`);
    await ann.invoke("UnsubscribeFromJob", id);
    assert.deepEqual(log.events.slice(2), [
      ["UnsubscriptionConfirmed", id],
      ["UnsubscriptionConfirmed", id],
    ]);
  }));

Deno.test("only the owner (or an admin) may subscribe: others get 'Job N was not found.'", () =>
  withSite(async (site) => {
    const id = (await call(site, { user: "ann" }, "POST", "/api/jobs", {
      type: "report",
      stepMs: 10_000,
    })).body.id as number;
    const bob = await site.connect("bob");
    for (const jobId of [id, 999]) {
      await assert.rejects(
        bob.invoke("SubscribeToJob", jobId),
        (e: Error) => e.message.endsWith(`HubException: Job ${jobId} was not found.`),
      );
    }
    const admin = await site.connect("root", "Admin");
    const log = recordJobEvents(admin);
    await admin.invoke("SubscribeToJob", id);
    await call(site, { user: "ann" }, "DELETE", `/api/jobs/${id}`);
    await log.waitFor("JobFailed", id);
    assert.deepEqual(log.events, [
      ["SubscriptionConfirmed", id],
      ["JobStarted", id],
      ["JobFailed", id, "canceled"],
    ]);
  }));

Deno.test("BroadcastSystemNotification is for admins only and reaches every client", () =>
  withSite(async (site) => {
    const admin = await site.connect("root", "Admin");
    const ann = await site.connect("ann");
    await assert.rejects(
      ann.invoke("BroadcastSystemNotification", "hi"),
      (e: Error) =>
        e.message === "Failed to invoke 'BroadcastSystemNotification' because user is unauthorized",
    );
    const toAnn = nextEvent(ann, "SystemNotification");
    const toAdmin = nextEvent(admin, "SystemNotification");
    await admin.invoke("BroadcastSystemNotification", "Maintenance in 5 minutes");
    assert.deepEqual(await toAnn, ["Maintenance in 5 minutes"]);
    assert.deepEqual(await toAdmin, ["Maintenance in 5 minutes"]);
    await assert.rejects(admin.invoke("BroadcastSystemNotification", " "), /non-empty string/);
    await assert.rejects(
      admin.invoke("BroadcastSystemNotification", "x".repeat(501)),
      /at most 500 characters/,
    );
  }));
