/**
 * Graceful shutdown. A real process on SIGTERM sends every client a Close
 * with `allowReconnect`, exits 0, and a client with automatic reconnect
 * comes back by itself to a new process on the same port. In process:
 * closing the app turns `/readyz` 503 and refuses new connections, and a
 * running invocation finishes and its result reaches the client before the
 * Close.
 */
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { createApp } from "../../app.ts";
import { Hub, mapHub } from "../../signalr/mod.ts";
import { freePort, serve } from "../helpers/server.ts";
import { bounded } from "../helpers/wait.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A Switchboard process (`main.ts`) with its own data directory. */
interface Server {
  readonly child: Deno.ChildProcess;
  /** Waits for the process to exit (at most `ms`), then removes its data directory. */
  exited(ms: number): Promise<Deno.CommandStatus>;
}

/** Starts `main.ts` on `port` and waits (at most 30 s) for `/healthz`. */
async function startServer(port: number): Promise<Server> {
  const dataDir = await Deno.makeTempDir({ prefix: "switchboard-shutdown-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SHUTDOWN_TIMEOUT_MS: "5000",
    },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const server = {
    child,
    async exited(ms: number) {
      const status = await bounded(child.status, "the process exiting", ms);
      await Deno.remove(dataDir, { recursive: true });
      return status;
    },
  };
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      async (response) => (await response.text()) === "ok",
      () => false,
    );
    if (ok) return server;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  await server.exited(5_000);
  throw new Error(`Switchboard on port ${port} did not answer /healthz within 30 s`);
}

/** A raw WebSocket client of `/hubs/chat` that records every JSON hub message it receives. */
async function rawClient(port: number) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/hubs/chat`);
  const messages: Record<string, unknown>[] = [];
  const closed = new Promise<void>((resolve) => socket.onclose = () => resolve());
  const handshaken = Promise.withResolvers<void>();
  socket.onmessage = (event) => {
    for (const record of String(event.data).split("\x1e").filter(Boolean)) {
      const message = JSON.parse(record);
      if (message.type === undefined) handshaken.resolve();
      else messages.push(message);
    }
  };
  await new Promise((resolve) => socket.onopen = resolve);
  socket.send('{"protocol":"json","version":1}\x1e');
  await bounded(handshaken.promise, "the handshake response", 10_000);
  return { socket, messages, closed };
}

Deno.test("SIGTERM: clients get Close with allowReconnect, the process exits 0, clients come back to its successor", async () => {
  const port = freePort();
  let server: Server | undefined = await startServer(port);
  const client = new signalR.HubConnectionBuilder()
    .withUrl(`http://127.0.0.1:${port}/hubs/chat`, { logger: signalR.NullLogger.instance })
    .withAutomaticReconnect({
      nextRetryDelayInMilliseconds: ({ elapsedMilliseconds }) =>
        elapsedMilliseconds < 60_000 ? 250 : null,
    })
    .build();
  const reconnecting = Promise.withResolvers<Error | undefined>();
  const reconnected = Promise.withResolvers<string | undefined>();
  client.onreconnecting((error) => reconnecting.resolve(error));
  client.onreconnected((connectionId) => reconnected.resolve(connectionId));
  let raw: Awaited<ReturnType<typeof rawClient>> | undefined;
  try {
    await client.start();
    raw = await rawClient(port);
    const first = client.connectionId;

    server.child.kill("SIGTERM");
    const status = await server.exited(15_000);
    server = undefined;
    assert.equal(status.code, 0, "a graceful exit, not the forced one");
    await bounded(raw.closed, "the raw client's socket closing", 5_000);
    assert.deepEqual(raw.messages.filter((m) => m.type !== 6), [{ type: 7, allowReconnect: true }]);
    assert.equal(await bounded(reconnecting.promise, "onreconnecting", 5_000), undefined);

    server = await startServer(port);
    const second = await bounded(reconnected.promise, "onreconnected", 30_000);
    assert.notEqual(second, first);
    const joined = new Promise((resolve) => client.on("UserJoined", (...args) => resolve(args)));
    await client.invoke("JoinRoom", "ann", "lobby");
    assert.deepEqual(await joined, ["ann", "lobby"]);
  } finally {
    raw?.socket.close();
    await raw?.closed;
    await client.stop();
    if (server) {
      server.child.kill("SIGTERM");
      await server.exited(15_000);
    }
  }
});

/** `Slow(x)` resolves with `2x` once the test opens the gate. */
class SlowHub extends Hub {
  constructor(readonly started: () => void, readonly gate: Promise<void>) {
    super();
  }

  async slow(x: number) {
    this.started();
    await this.gate;
    return 2 * x;
  }
}

Deno.test("closing the app: /readyz 503, new connections refused, a running invocation's result arrives before the Close", async () => {
  const started = Promise.withResolvers<void>();
  const gate = Promise.withResolvers<void>();
  const endpoint = mapHub("/hubs/slow", () => new SlowHub(started.resolve, gate.promise));
  const app = createApp([{ endpoints: [endpoint] }]);
  const server = serve(app.hono.fetch);
  const client = new signalR.HubConnectionBuilder()
    .withUrl(`${server.url}/hubs/slow`, { logger: signalR.NullLogger.instance })
    .withAutomaticReconnect([60_000])
    .build();
  const events: string[] = [];
  client.onreconnecting(() => events.push("reconnecting"));
  client.onclose(() => events.push("closed"));
  let closing: Promise<void> | undefined;
  try {
    await client.start();
    const result = client.invoke("Slow", 21).then((value) => {
      events.push("result");
      return value;
    });
    await started.promise;
    closing = app.close(true);

    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { status: "stopping", backplane: "ok" });
    const negotiate = await fetch(`${server.url}/hubs/slow/negotiate?negotiateVersion=1`, {
      method: "POST",
    });
    assert.equal(negotiate.status, 503);
    assert.equal(await negotiate.text(), "The server is shutting down.");

    gate.resolve();
    assert.equal(await result, 42);
    await bounded(closing, "app.close(true)", 10_000);
    for (let i = 0; i < 100 && events.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(events, ["result", "reconnecting"]);
  } finally {
    gate.resolve();
    await client.stop();
    await (closing ?? app.close());
    await server.close();
  }
});
