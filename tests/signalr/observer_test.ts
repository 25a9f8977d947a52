import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { Hub, type InvocationEvent, mapHub } from "../../signalr/mod.ts";
import { connectTo, nextEvent, serve } from "../helpers/server.ts";

class CountingHub extends Hub {
  async join(group: string) {
    await this.groups.addToGroup(this.context.connectionId, group);
  }
  async shout(text: string) {
    await this.clients.all.send("Heard", text);
  }
  fail() {
    throw new Error("nope");
  }
}

Deno.test("stats count connections by transport, groups and messages both ways", async () => {
  const endpoint = mapHub("/hubs/count", () => new CountingHub());
  const server = serve((r) => endpoint.fetch(r), () => endpoint.close());
  const ws = await connectTo(`${server.url}/hubs/count`);
  const lp = await connectTo(`${server.url}/hubs/count`, {
    transport: signalR.HttpTransportType.LongPolling,
  });
  try {
    await ws.invoke("Join", "a");
    await lp.invoke("Join", "b");
    const heard = nextEvent(lp, "Heard");
    await ws.invoke("Shout", "hi");
    await heard;
    const stats = endpoint.stats;
    assert.equal(stats.hub, "/hubs/count");
    assert.deepEqual(stats.connections, { WebSockets: 1, LongPolling: 1 });
    assert.equal(stats.groups, 2);
    // Three invocations, at least (client pings count as messages too).
    assert.ok(stats.messagesReceived >= 3, `${stats.messagesReceived} received`);
    // Three completions and two broadcast frames, at least (pings may add more).
    assert.ok(stats.messagesSent >= 5, `${stats.messagesSent} sent`);
  } finally {
    await ws.stop();
    await lp.stop();
    await server.close();
  }
  assert.deepEqual(endpoint.stats.connections, {});
  assert.equal(endpoint.stats.groups, 0);
});

Deno.test("the observer hears of connections and of every invocation with its duration and error", async () => {
  const events: string[] = [];
  const invocations: InvocationEvent[] = [];
  const endpoint = mapHub("/hubs/count", () => new CountingHub(), {
    logError: () => {},
    observer: {
      connected: (e) => events.push(`connected ${e.transport} ${e.protocol}`),
      disconnected: (e) => events.push(`disconnected ${e.connectionId.length > 0}`),
      invoked: (e) => invocations.push(e),
    },
  });
  const server = serve((r) => endpoint.fetch(r), () => endpoint.close());
  const client = await connectTo(`${server.url}/hubs/count`);
  try {
    await client.invoke("Join", "a");
    await assert.rejects(client.invoke("Fail"));
  } finally {
    await client.stop();
    await server.close();
  }
  assert.deepEqual(events, ["connected WebSockets json", "disconnected true"]);
  assert.deepEqual(invocations.map((i) => [i.hub, i.method, i.error instanceof Error]), [
    ["/hubs/count", "join", false],
    ["/hubs/count", "fail", true],
  ]);
  assert.ok(invocations.every((i) => i.durationMs >= 0));
});
