/**
 * The dashboard hub: subscribers get every hub's stats pushed on an interval,
 * and the push timer exists only while someone watches (Deno's sanitizers
 * would fail these tests on a timer left behind).
 */
import assert from "node:assert/strict";
import type * as signalR from "@microsoft/signalr";
import { createApp } from "../../app.ts";
import { Hub, mapHub } from "../../signalr/mod.ts";
import {
  type DashboardUpdate,
  type HubSnapshot,
  type OpsModule,
  opsModule,
} from "../../ops/mod.ts";
import { connectTo, nextEvent, serve } from "../helpers/server.ts";

class CountingHub extends Hub {
  async join(group: string) {
    await this.groups.addToGroup(this.context.connectionId, group);
  }
  ping() {}
}

/** What each test gets: the base URL and the ops module serving it. */
interface Site {
  readonly url: string;
  readonly ops: OpsModule;
}

/** Serves a counting hub and the ops module (pushing every 50 ms) for `body`. */
async function withDashboard(
  body: (site: Site) => Promise<void>,
  roles?: readonly string[],
): Promise<void> {
  const counting = mapHub("/hubs/count", () => new CountingHub());
  const ops = opsModule([counting], { dashboard: { intervalMs: 50, roles } });
  const app = createApp([{ endpoints: [counting] }, ops]);
  const server = serve(app.hono.fetch, () => app.close());
  try {
    await body({ url: server.url, ops });
  } finally {
    await server.close();
  }
}

function lineOf(update: DashboardUpdate, hub: string): HubSnapshot {
  const line = update.hubs.find((h) => h.hub === hub);
  assert.ok(line, `no line for ${hub} in ${JSON.stringify(update)}`);
  return line;
}

/** Waits (a bounded number of pushes) for a Stats update that satisfies `wanted`. */
async function statsUntil(
  watcher: signalR.HubConnection,
  wanted: (update: DashboardUpdate) => boolean,
  between: () => Promise<void> = () => Promise.resolve(),
): Promise<DashboardUpdate> {
  for (let i = 0; i < 100; i++) {
    const [update] = (await nextEvent(watcher, "Stats")) as [DashboardUpdate];
    if (wanted(update)) return update;
    await between();
  }
  throw new Error("no matching Stats update within 100 pushes");
}

/** Waits until `done()`, polling every 10 ms, at most 2 s. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}

Deno.test("a subscriber gets the stats at once, then pushes with connections, groups and message rates", async () => {
  await withDashboard(async ({ url, ops }) => {
    const watcher = await connectTo(`${url}/hubs/dashboard`);
    const client = await connectTo(`${url}/hubs/count`);
    try {
      const first = (await watcher.invoke("Subscribe")) as DashboardUpdate;
      assert.ok(!Number.isNaN(Date.parse(first.at)));
      assert.deepEqual(first.hubs.map((h) => h.hub), ["/hubs/count", "/hubs/dashboard"]);
      assert.deepEqual(lineOf(first, "/hubs/dashboard").connections, { WebSockets: 1 });
      assert.equal(lineOf(first, "/hubs/count").receivedPerSecond, 0, "no rate without a past");
      assert.equal(ops.dashboard.watchers, 1);
      assert.ok(ops.dashboard.running);

      await client.invoke("Join", "room");
      const joined = await statsUntil(watcher, (u) => lineOf(u, "/hubs/count").groups === 1);
      const line = lineOf(joined, "/hubs/count");
      assert.deepEqual(line.connections, { WebSockets: 1 });
      assert.equal(line.totalConnections, 1);
      assert.ok(line.messagesReceived >= 1);

      const busy = await statsUntil(
        watcher,
        (u) => lineOf(u, "/hubs/count").receivedPerSecond > 0,
        () => client.invoke("Ping"),
      );
      assert.ok(lineOf(busy, "/hubs/count").sentPerSecond > 0, "completions went out");
    } finally {
      await client.stop();
      await watcher.stop();
    }
    await until(() => !ops.dashboard.running);
    assert.equal(ops.dashboard.watchers, 0);
    assert.ok(!ops.dashboard.running, "the last watcher leaving stopped the timer");
  });
});

Deno.test("the timer runs while anyone watches: unsubscribe and disconnect both stop it for the last watcher", async () => {
  await withDashboard(async ({ url, ops }) => {
    assert.ok(!ops.dashboard.running, "no timer before anyone watches");
    const first = await connectTo(`${url}/hubs/dashboard`);
    const second = await connectTo(`${url}/hubs/dashboard`);
    try {
      await first.invoke("Subscribe");
      await second.invoke("Subscribe");
      assert.equal(ops.dashboard.watchers, 2);
      await first.invoke("Unsubscribe");
      assert.ok(ops.dashboard.running, "one watcher is left");
      await nextEvent(second, "Stats");
      await first.invoke("Subscribe");
      await first.invoke("Unsubscribe");
      await second.stop();
      await until(() => !ops.dashboard.running);
      assert.equal(ops.dashboard.watchers, 0);
      assert.ok(!ops.dashboard.running);
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});

Deno.test("with roles set, a caller without one may not subscribe and starts no timer", async () => {
  await withDashboard(async ({ url, ops }) => {
    const watcher = await connectTo(`${url}/hubs/dashboard`);
    try {
      await assert.rejects(
        watcher.invoke("Subscribe"),
        /Only Admin users may watch the dashboard\. Sign in\./,
      );
      assert.equal(ops.dashboard.watchers, 0);
      assert.ok(!ops.dashboard.running);
    } finally {
      await watcher.stop();
    }
  }, ["Admin"]);
});
