/**
 * The limits that keep one client from hurting the server or others: message,
 * handshake and body sizes, connections per user, the invocation rate, and
 * errors that never carry server internals to a client.
 */
import assert from "node:assert/strict";
import { type HubConnection, HubConnectionState } from "@microsoft/signalr";
import {
  Hub,
  type HubEndpoint,
  HubError,
  type HubOptions,
  jwtBearer,
  mapHub,
} from "../../signalr/mod.ts";
import { type ConnectOptions, connectTo, nextEvent, serve } from "../helpers/server.ts";
import { SECRET, tokenFor } from "../helpers/tokens.ts";
import { until } from "../helpers/wait.ts";

/** What the hubs of one test share: hub instances live for one call only. */
class Gate {
  started = 0;
  readonly opened = Promise.withResolvers<void>();
}

class LimitsHub extends Hub {
  readonly #gate: Gate;

  constructor(gate: Gate) {
    super();
    this.#gate = gate;
  }

  echo(text: string) {
    return text;
  }

  async hold() {
    this.#gate.started++;
    await this.#gate.opened.promise;
    return "released";
  }

  fail() {
    throw new Error("secret-detail: the database password is hunter2");
  }

  failPolitely() {
    throw new HubError("Room names must not be empty.");
  }

  async *failStream() {
    yield 1;
    throw new Error("secret-detail: the stream broke");
  }
}

/** What a test gets from {@linkcode withHub}. */
interface Lab {
  readonly url: string;
  readonly endpoint: HubEndpoint;
  readonly gate: Gate;
  /** Errors the engine logged instead of sending them. */
  readonly logged: unknown[];
  /** Starts an official client; stopped after the test. */
  connect(options?: ConnectOptions): Promise<HubConnection>;
}

async function withHub(options: HubOptions, body: (lab: Lab) => Promise<void>): Promise<void> {
  const gate = new Gate();
  const logged: unknown[] = [];
  const endpoint = mapHub("/hub", () => new LimitsHub(gate), {
    logError: (_message, error) => logged.push(error),
    ...options,
  });
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const url = `${server.url}/hub`;
  const connections: HubConnection[] = [];
  const connect = async (options: ConnectOptions = {}) => {
    const connection = await connectTo(url, { ...options, start: false });
    connections.push(connection);
    await connection.start();
    return connection;
  };
  try {
    await body({ url, endpoint, gate, logged, connect });
  } finally {
    gate.opened.resolve();
    await Promise.all(connections.map((connection) => connection.stop()));
    await server.close();
  }
}

/** Resolves with the error of the connection's next close. */
function closeError(connection: HubConnection): Promise<Error | undefined> {
  return new Promise((resolve) => connection.onclose(resolve));
}

/** Sends `frame` as the first frame of a raw WebSocket; the reply, once the socket has closed. */
async function handshakeWith(url: string, frame: string): Promise<Record<string, unknown>> {
  const socket = new WebSocket(url.replace(/^http/, "ws"));
  const replies: string[] = [];
  socket.onmessage = (event) => replies.push(String(event.data));
  const closed = new Promise((resolve) => socket.onclose = resolve);
  await new Promise((resolve) => socket.onopen = resolve);
  socket.send(frame);
  const guard = setTimeout(() => socket.close(), 5000);
  await closed;
  clearTimeout(guard);
  assert.equal(replies.length, 1, `one reply, then the socket closes: ${replies}`);
  return JSON.parse(replies[0].split("\x1e")[0]);
}

const STACK_LINE = /\n\s*at /;

Deno.test("a message over maximumReceiveMessageSize (32 KB by default) closes that connection; another keeps working", async () => {
  await withHub({}, async ({ connect }) => {
    const bystander = await connect();
    const sender = await connect();
    const under = "x".repeat(30_000);
    assert.equal(await sender.invoke("Echo", under), under);
    const closed = closeError(sender);
    await assert.rejects(sender.invoke("Echo", "x".repeat(33_000)));
    assert.match(String((await closed)?.message), /Connection closed with an error\.$/);
    assert.equal(await bystander.invoke("Echo", "unharmed"), "unharmed");
  });
});

Deno.test("an unterminated handshake request growing past 4 KB is refused and the socket closed", async () => {
  await withHub({}, async ({ url }) => {
    const reply = await handshakeWith(
      url,
      '{"protocol":"json","version":1,"x":"' + "x".repeat(5000),
    );
    assert.equal(typeof reply.error, "string");
  });
});

Deno.test("a complete handshake request over 4 KB is refused and the socket closed", async () => {
  await withHub({}, async ({ url }) => {
    const big = '{"protocol":"json","version":1,"x":"' + "x".repeat(5000) + '"}\x1e';
    const reply = await handshakeWith(url, big);
    assert.equal(typeof reply.error, "string");
  });
});

Deno.test("maximumConnectionsPerUser 2: the user's third negotiate is 429; others still connect", async () => {
  const authenticate = jwtBearer({ algorithm: "HS256", key: SECRET });
  await withHub(
    { authenticate, maximumConnectionsPerUser: 2 },
    async ({ url, endpoint, connect }) => {
      const ann = await tokenFor("ann");
      const first = await connect({ accessTokenFactory: () => ann });
      await connect({ accessTokenFactory: () => ann });
      const third = await fetch(`${url}/negotiate?negotiateVersion=1`, {
        method: "POST",
        headers: { Authorization: `Bearer ${ann}` },
      });
      assert.equal(third.status, 429);
      await third.body?.cancel();
      await assert.rejects(connect({ accessTokenFactory: () => ann }));
      const bob = await tokenFor("bob");
      await connect({ accessTokenFactory: () => bob });
      await connect();
      await connect();
      await first.stop();
      await until(() => endpoint.connectionCount === 4);
      const again = await connect({ accessTokenFactory: () => ann });
      assert.equal(await again.invoke("Echo", "room again"), "room again");
    },
  );
});

Deno.test("invocationRateLimit: the invocation past the burst is refused with the .NET text; the connection lives on", async () => {
  await withHub(
    { invocationRateLimit: { perSecond: 1, burst: 3 } },
    async ({ endpoint, connect }) => {
      const connection = await connect();
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map((n) => connection.invoke("Echo", `call ${n}`)),
      );
      assert.deepEqual(results.slice(0, 3).map((result) => result.status), [
        "fulfilled",
        "fulfilled",
        "fulfilled",
      ]);
      assert.deepEqual(results[3], {
        status: "rejected",
        reason: new Error(
          "Failed to invoke 'Echo' because the invocation rate limit was exceeded.",
        ),
      });
      assert.equal(connection.state, HubConnectionState.Connected);
      const pushed = nextEvent(connection, "Pushed");
      await endpoint.context.clients.all.send("Pushed", "still here");
      assert.deepEqual(await pushed, ["still here"]);
      // A refused call takes no token: once one has refilled, the next call runs.
      for (;;) {
        const result = await Promise.allSettled([connection.invoke("Echo", "later")]);
        if (result[0].status === "fulfilled") break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  );
});

Deno.test("with a rate limit, maximumParallelInvocationsPerClient 2 still lets two calls overlap", async () => {
  const options = {
    invocationRateLimit: { perSecond: 1, burst: 3 },
    maximumParallelInvocationsPerClient: 2,
  };
  await withHub(options, async ({ gate, connect }) => {
    const connection = await connect();
    const held = [connection.invoke("Hold"), connection.invoke("Hold")];
    await until(() => gate.started === 2);
    gate.opened.resolve();
    assert.deepEqual(await Promise.all(held), ["released", "released"]);
    assert.equal(await connection.invoke("Echo", "third"), "third");
    await assert.rejects(connection.invoke("Echo", "fourth"), /rate limit was exceeded/);
  });
});

Deno.test("a thrown Error reaches the client as a generic message: no detail, no stack; the server logs it", async () => {
  await withHub({}, async ({ connect, logged }) => {
    const connection = await connect();
    await assert.rejects(connection.invoke("Fail"), {
      message: "An unexpected error occurred invoking 'Fail' on the server.",
    });
    const streamed = new Promise<Error>((resolve) => {
      connection.stream("FailStream").subscribe({ next() {}, error: resolve, complete() {} });
    });
    assert.equal(
      (await streamed).message,
      "An error occurred on the server while streaming results.",
    );
    assert.equal(logged.length, 2);
    assert.match(String((logged[0] as Error).stack), /secret-detail[^]*\n\s*at /);
  });
});

Deno.test("detailed errors carry the error's type and message, still without a stack", async () => {
  await withHub({ enableDetailedErrors: true }, async ({ connect }) => {
    const connection = await connect();
    const error = await connection.invoke("Fail").catch((error: Error) => error);
    assert.equal(
      error.message,
      "An unexpected error occurred invoking 'Fail' on the server. " +
        "Error: secret-detail: the database password is hunter2",
    );
    assert.doesNotMatch(error.message, STACK_LINE);
    const streamed = new Promise<Error>((resolve) => {
      connection.stream("FailStream").subscribe({ next() {}, error: resolve, complete() {} });
    });
    assert.doesNotMatch((await streamed).message, STACK_LINE);
  });
});

Deno.test("a HubError's message reaches the client without a stack, detailed errors off", async () => {
  await withHub({}, async ({ connect, logged }) => {
    const connection = await connect();
    const error = await connection.invoke("FailPolitely").catch((error: Error) => error);
    assert.equal(
      error.message,
      "An unexpected error occurred invoking 'FailPolitely' on the server. " +
        "HubException: Room names must not be empty.",
    );
    assert.deepEqual(logged, []);
  });
});

Deno.test("a negotiate with a body over 4 KB is 413", async () => {
  await withHub({}, async ({ url, endpoint }) => {
    const response = await fetch(`${url}/negotiate?negotiateVersion=1`, {
      method: "POST",
      body: "x".repeat(100_000),
    });
    assert.equal(response.status, 413);
    await response.body?.cancel();
    assert.equal(endpoint.connectionCount, 0);
  });
});

/** Negotiates and takes the connection with a first long poll; returns its `?id=` URL. */
async function longPolling(url: string): Promise<string> {
  const negotiated = await fetch(`${url}/negotiate?negotiateVersion=1`, { method: "POST" });
  const at = `${url}?id=${(await negotiated.json()).connectionToken}`;
  const poll = await fetch(at);
  assert.equal(poll.status, 200);
  await poll.body?.cancel();
  return at;
}

Deno.test("an HTTP transport POST over 4 x maximumReceiveMessageSize is 413", async () => {
  await withHub({ maximumReceiveMessageSize: 1024 }, async ({ url }) => {
    const at = await longPolling(url);
    const response = await fetch(at, { method: "POST", body: "x".repeat(5000) });
    assert.equal(response.status, 413);
    await response.body?.cancel();
    await (await fetch(at, { method: "DELETE" })).body?.cancel();
  });
});

Deno.test("a chunked POST growing past the limit is refused with 413 before its body ends", async () => {
  await withHub({ maximumReceiveMessageSize: 1024 }, async ({ url }) => {
    const at = await longPolling(url);
    let body!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        body = controller;
        controller.enqueue(new Uint8Array(8192).fill(120));
      },
    });
    // The body stays open until the answer comes; a guard ends it if none does.
    let ended = false;
    const guard = setTimeout(() => {
      ended = true;
      body.close();
    }, 5000);
    const response = await fetch(at, { method: "POST", body: stream });
    clearTimeout(guard);
    if (!ended) body.close();
    await response.body?.cancel();
    assert.equal(response.status, 413);
    assert.equal(ended, false, "the server waited for the end of an oversized body");
    await (await fetch(at, { method: "DELETE" })).body?.cancel();
  });
});
