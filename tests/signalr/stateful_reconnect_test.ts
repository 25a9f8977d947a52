import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { Hub, mapHub } from "../../signalr/mod.ts";
import { serve } from "../helpers/server.ts";
import { startTcpProxy } from "../helpers/tcp_proxy.ts";

const COUNT = 1000;

/** Records what the client sends, in order. */
class SequenceHub extends Hub {
  constructor(private readonly received: number[]) {
    super();
  }
  up(n: number): void {
    this.received.push(n);
  }
}

function statefulClient(url: string): signalR.HubConnection {
  return new signalR.HubConnectionBuilder()
    .withUrl(url, {
      transport: signalR.HttpTransportType.WebSockets,
      logger: signalR.NullLogger.instance,
    })
    .withStatefulReconnect()
    .build();
}

function inOrder(values: number[]): boolean {
  return values.length === COUNT && values.every((v, i) => v === i);
}

async function waitUntil(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(done(), what);
}

Deno.test("stateful reconnect: TCP cuts while messages flow both ways lose nothing, double nothing, keep order", async () => {
  const received: number[] = [];
  const endpoint = mapHub("/hubs/seq", () => new SequenceHub(received), {
    allowStatefulReconnects: true,
  });
  const server = serve((r) => endpoint.fetch(r), () => endpoint.close());
  const proxy = startTcpProxy(Number(new URL(server.url).port));
  const client = statefulClient(`http://127.0.0.1:${proxy.port}/hubs/seq`);
  const got: number[] = [];
  client.on("down", (n: number) => {
    got.push(n);
  });
  let closed = false;
  client.onclose(() => closed = true);
  try {
    await client.start();
    const id = client.connectionId!;
    const pause = () => new Promise((r) => setTimeout(r, 2));
    const up = (async () => {
      for (let i = 0; i < COUNT; i++) {
        // While its transport reconnects the client refuses sends (nothing was
        // sent then); try the same message again.
        while (!(await client.send("up", i).then(() => true, () => false))) {
          if (closed) throw new Error("the connection closed instead of resuming");
          await pause();
        }
        if (i % 10 === 0) await pause();
      }
    })();
    const down = (async () => {
      for (let i = 0; i < COUNT; i++) {
        await endpoint.context.clients.client(id).send("down", i);
        if (i % 10 === 0) await pause();
      }
    })();
    // Each cut comes once messages flow again after the one before: the client
    // resumes once per drop (a drop during its resume ends the connection).
    let midFlowCuts = 0;
    for (let cut = 0; cut < 3; cut++) {
      const before = received.length;
      await waitUntil(() => received.length > before + 10 || received.length >= COUNT, "progress");
      if (received.length < COUNT && got.length < COUNT) midFlowCuts++;
      proxy.cut();
    }
    await Promise.all([up, down]);
    await waitUntil(() => received.length >= COUNT && got.length >= COUNT, "all messages arrive");
    assert.ok(inOrder(received), `server got ${received.length} in order`);
    assert.ok(inOrder(got), `client got ${got.length} in order`);
    assert.equal(closed, false, "the connection survived the cuts");
    assert.ok(midFlowCuts >= 2, `${midFlowCuts} cuts came while messages flowed`);
    assert.equal(client.connectionId, id, "it is the same connection");
  } finally {
    await client.stop();
    await proxy.close();
    await server.close();
  }
});

Deno.test("stateful reconnect is granted only when the hub allows it and the client asks", async () => {
  const endpoint = mapHub("/hubs/seq", () => new SequenceHub([]));
  const server = serve((r) => endpoint.fetch(r), () => endpoint.close());
  try {
    const ask = (query: string) =>
      fetch(`${server.url}/hubs/seq/negotiate?negotiateVersion=1${query}`, { method: "POST" })
        .then((r) => r.json());
    assert.equal((await ask("&useStatefulReconnect=true")).useStatefulReconnect, undefined);
  } finally {
    await server.close();
  }
  const allowing = mapHub("/hubs/seq", () => new SequenceHub([]), {
    allowStatefulReconnects: true,
  });
  const server2 = serve((r) => allowing.fetch(r), () => allowing.close());
  try {
    const ask = (query: string) =>
      fetch(`${server2.url}/hubs/seq/negotiate?negotiateVersion=1${query}`, { method: "POST" })
        .then((r) => r.json());
    assert.equal((await ask("&useStatefulReconnect=true")).useStatefulReconnect, true);
    assert.equal((await ask("")).useStatefulReconnect, undefined);
  } finally {
    await server2.close();
  }
});

Deno.test("stateful reconnect: a client that does not come back is closed after disconnectTimeoutMs", async () => {
  let disconnected = false;
  class WatchedHub extends Hub {
    override onDisconnected() {
      disconnected = true;
    }
  }
  const endpoint = mapHub("/hubs/seq", () => new WatchedHub(), {
    allowStatefulReconnects: true,
    disconnectTimeoutMs: 200,
  });
  const server = serve((r) => endpoint.fetch(r), () => endpoint.close());
  const proxy = startTcpProxy(Number(new URL(server.url).port));
  const client = statefulClient(`http://127.0.0.1:${proxy.port}/hubs/seq`);
  try {
    await client.start();
    await proxy.close(); // cut, and refuse the reconnect
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(disconnected, false, "the server still waits for the client");
    assert.equal(endpoint.connectionCount, 1);
    await waitUntil(() => disconnected, "onDisconnected runs once the wait is over");
    assert.equal(endpoint.connectionCount, 0);
  } finally {
    await client.stop();
    await server.close();
  }
});
