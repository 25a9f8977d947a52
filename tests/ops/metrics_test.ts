/**
 * `GET /metrics`: the real app with the ops module on a random port, official
 * clients making traffic, and the Prometheus text read back series by series.
 */
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { createApp } from "../../app.ts";
import { type Backplane, Hub, HubError, mapHub } from "../../signalr/mod.ts";
import { HubMetrics, opsModule } from "../../ops/mod.ts";
import { connectTo, nextEvent, serve } from "../helpers/server.ts";

class CountingHub extends Hub {
  async join(group: string) {
    await this.groups.addToGroup(this.context.connectionId, group);
  }
  async shout(text: string) {
    await this.clients.all.send("Heard", text);
  }
  fail() {
    throw new Error("a bug");
  }
  refuse() {
    throw new HubError("not allowed");
  }
}

/** One sample of the exposition: its name, labels and value. */
interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Reads the samples of a Prometheus text exposition (comments skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = value;
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels`. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const found = samples.filter((s) =>
    s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  );
  assert.equal(found.length, 1, `one ${name} ${JSON.stringify(labels)}, found ${found.length}`);
  return found[0].value;
}

async function scrape(url: string) {
  const response = await fetch(`${url}/metrics`);
  assert.equal(response.status, 200);
  return { contentType: response.headers.get("content-type"), text: await response.text() };
}

Deno.test("/metrics exposes connections by transport, groups, messages, invocations, errors and latencies per hub", async () => {
  const metrics = new HubMetrics();
  const counting = mapHub("/hubs/count", () => new CountingHub(), {
    observer: metrics.observer,
    logError: () => {},
  });
  const app = createApp([{ endpoints: [counting] }, opsModule([counting], { metrics })]);
  const server = serve(app.hono.fetch, () => app.close());
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
    await assert.rejects(ws.invoke("Fail"));
    await assert.rejects(ws.invoke("Refuse"), /not allowed/);

    const { contentType, text } = await scrape(server.url);
    assert.equal(contentType, "text/plain; version=0.0.4; charset=utf-8");
    assert.match(text, /^# TYPE signalr_connections gauge$/m);
    assert.match(text, /^# TYPE signalr_messages_received_total counter$/m);
    assert.match(text, /^# TYPE signalr_invocation_duration_seconds histogram$/m);
    const samples = parseExposition(text);
    const hub = "/hubs/count";
    assert.equal(valueOf(samples, "signalr_connections", { hub, transport: "WebSockets" }), 1);
    assert.equal(valueOf(samples, "signalr_connections", { hub, transport: "LongPolling" }), 1);
    assert.equal(
      valueOf(samples, "signalr_connections", { hub, transport: "ServerSentEvents" }),
      0,
    );
    assert.equal(
      valueOf(samples, "signalr_connections", {
        hub: "/hubs/dashboard",
        transport: "WebSockets",
      }),
      0,
      "the dashboard hub reports itself",
    );
    assert.equal(valueOf(samples, "signalr_groups", { hub }), 2);
    assert.ok(valueOf(samples, "signalr_messages_received_total", { hub }) >= 5);
    assert.ok(valueOf(samples, "signalr_messages_sent_total", { hub }) >= 7);
    assert.equal(valueOf(samples, "signalr_invocations_total", { hub, method: "join" }), 2);
    assert.equal(valueOf(samples, "signalr_invocations_total", { hub, method: "fail" }), 1);
    assert.equal(valueOf(samples, "signalr_invocation_errors_total", { hub, method: "fail" }), 1);
    assert.equal(valueOf(samples, "signalr_invocation_errors_total", { hub, method: "refuse" }), 1);
    assert.ok(
      !samples.some((s) =>
        s.name === "signalr_invocation_errors_total" &&
        s.labels.method === "join"
      ),
      "no errors counted for a method that never failed",
    );
    const duration = "signalr_invocation_duration_seconds";
    assert.equal(valueOf(samples, `${duration}_count`, { hub, method: "join" }), 2);
    assert.equal(valueOf(samples, `${duration}_bucket`, { hub, method: "join", le: "+Inf" }), 2);
    assert.ok(valueOf(samples, `${duration}_sum`, { hub, method: "shout" }) >= 0);
    assert.ok(!samples.some((s) => s.name === "signalr_backplane_up"), "no backplane, no series");
    assert.ok(valueOf(samples, "process_resident_memory_bytes") > 0);
  } finally {
    await ws.stop();
    await lp.stop();
    await server.close();
  }
});

Deno.test("/metrics returns to zero connections and groups once the clients leave", async () => {
  const metrics = new HubMetrics({ processMetrics: false });
  const counting = mapHub("/hubs/count", () => new CountingHub(), { observer: metrics.observer });
  const app = createApp([{ endpoints: [counting] }, opsModule([counting], { metrics })]);
  const server = serve(app.hono.fetch, () => app.close());
  try {
    const client = await connectTo(`${server.url}/hubs/count`);
    await client.invoke("Join", "a");
    await client.stop();
    for (let i = 0; i < 100 && counting.connectionCount > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const samples = parseExposition((await scrape(server.url)).text);
    for (const transport of ["WebSockets", "ServerSentEvents", "LongPolling"]) {
      assert.equal(
        valueOf(samples, "signalr_connections", { hub: "/hubs/count", transport }),
        0,
      );
    }
    assert.equal(valueOf(samples, "signalr_groups", { hub: "/hubs/count" }), 0);
    assert.ok(!samples.some((s) => s.name.startsWith("process_")), "process metrics are off");
  } finally {
    await server.close();
  }
});

Deno.test("signalr_backplane_up reports a hub's unreachable backplane as 0", async () => {
  const unreachable: Backplane = {
    healthy: false,
    publish: () => Promise.reject(new Error("unreachable")),
    subscribe: () => Promise.resolve(),
    unsubscribe: () => Promise.resolve(),
  };
  const endpoint = mapHub("/hubs/spread", () => new CountingHub(), {
    backplane: unreachable,
    logError: () => {},
  });
  const metrics = new HubMetrics({ processMetrics: false });
  metrics.track([endpoint]);
  try {
    const samples = parseExposition(await metrics.scrape());
    assert.equal(valueOf(samples, "signalr_backplane_up", { hub: "/hubs/spread" }), 0);
  } finally {
    await endpoint.close();
  }
});

Deno.test("with metricsToken, /metrics answers only its bearer token", async () => {
  const app = createApp([opsModule([], { metricsToken: "scrape-secret" })]);
  const server = serve(app.hono.fetch, () => app.close());
  try {
    for (
      const authorization of [undefined, "Bearer wrong", "Bearer scrape-secre", "scrape-secret"]
    ) {
      const response = await fetch(`${server.url}/metrics`, {
        headers: authorization ? { Authorization: authorization } : {},
      });
      assert.equal(response.status, 401, String(authorization));
      assert.equal(response.headers.get("www-authenticate"), "Bearer");
      await response.body?.cancel();
    }
    const response = await fetch(`${server.url}/metrics`, {
      headers: { Authorization: "Bearer scrape-secret" },
    });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /process_resident_memory_bytes/);
  } finally {
    await server.close();
  }
});
