/**
 * One connection's life on the wire, spoken by hand over Deno's WebSocket:
 * the handshake, framing, protocol errors, keep-alive, timeouts and Close
 * messages; and `onclose` in the official client.
 */
import assert from "node:assert/strict";
import { Hub, type HubEndpoint, type HubOptions, mapHub } from "../../signalr/mod.ts";
import { HANDSHAKE, RawSocket } from "../helpers/raw_socket.ts";
import { connectTo, serve } from "../helpers/server.ts";

class EchoHub extends Hub {
  echo(value: unknown) {
    return value;
  }

  record(_value: unknown) {}

  kick() {
    this.context.abort();
  }
}

/** What a test gets from {@linkcode withServer}. */
interface Lab {
  readonly url: string;
  readonly endpoint: HubEndpoint;
  /** Opens a raw socket and completes the JSON handshake on it. */
  open(): Promise<RawSocket>;
  /** Opens a raw socket that has sent nothing yet. */
  openBare(): Promise<RawSocket>;
}

/** Serves an EchoHub with `options` for `body`; every raw socket opened through it is closed. */
async function withServer(options: HubOptions, body: (lab: Lab) => Promise<void>): Promise<void> {
  const endpoint = mapHub("/hub", () => new EchoHub(), { logError: () => {}, ...options });
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const url = `${server.url}/hub`;
  const sockets: RawSocket[] = [];
  const openBare = async () => {
    const socket = await RawSocket.open(url);
    sockets.push(socket);
    return socket;
  };
  const open = async () => {
    const socket = await openBare();
    socket.send(HANDSHAKE);
    assert.deepEqual(await socket.next(), {});
    return socket;
  };
  try {
    await body({ url, endpoint, open, openBare });
  } finally {
    await Promise.all(sockets.map((socket) => socket.close()));
    await server.close();
  }
}

function invocation(id: string | undefined, target: string, ...args: unknown[]): string {
  return JSON.stringify({ type: 1, invocationId: id, target, arguments: args });
}

Deno.test("the JSON handshake is answered with an empty object", async () => {
  await withServer({}, async ({ openBare }) => {
    const socket = await openBare();
    socket.send(HANDSHAKE);
    assert.deepEqual(await socket.next(), {});
    assert.ok(socket.isOpen);
  });
});

Deno.test("a handshake split across two frames is answered once complete", async () => {
  await withServer({}, async ({ openBare }) => {
    const socket = await openBare();
    socket.sendFrame(HANDSHAKE.slice(0, 12));
    socket.sendFrame(HANDSHAKE.slice(12) + "\x1e");
    assert.deepEqual(await socket.next(), {});
  });
});

Deno.test("an unsupported protocol is refused in the handshake and the socket closed", async () => {
  await withServer({}, async ({ openBare }) => {
    const socket = await openBare();
    socket.send('{"protocol":"xml","version":1}');
    assert.deepEqual(await socket.next(), { error: "The protocol 'xml' is not supported." });
    await socket.closed;
  });
});

Deno.test("an unsupported protocol version is refused in the handshake", async () => {
  await withServer({}, async ({ openBare }) => {
    const socket = await openBare();
    socket.send('{"protocol":"json","version":3}');
    assert.deepEqual(await socket.next(), {
      error: "The server does not support version 3 of the 'json' protocol.",
    });
    await socket.closed;
  });
});

Deno.test("an invocation in the same frame as the handshake is answered", async () => {
  await withServer({}, async ({ openBare }) => {
    const socket = await openBare();
    socket.send(HANDSHAKE, invocation("1", "Echo", "early"));
    assert.deepEqual(await socket.next(), {});
    assert.deepEqual(await socket.next(), { type: 3, invocationId: "1", result: "early" });
  });
});

Deno.test("a message split across frames is answered once complete", async () => {
  await withServer({}, async ({ open }) => {
    const socket = await open();
    const record = invocation("1", "Echo", "in pieces") + "\x1e";
    for (const piece of [record.slice(0, 5), record.slice(5, 30), record.slice(30)]) {
      socket.sendFrame(piece);
    }
    assert.deepEqual(await socket.next(), { type: 3, invocationId: "1", result: "in pieces" });
  });
});

Deno.test("several invocations in one frame are all answered, in order", async () => {
  await withServer({}, async ({ open }) => {
    const socket = await open();
    socket.send(
      invocation("a", "Echo", 1),
      invocation("b", "echo", { two: 2 }),
      invocation("c", "Missing"),
      invocation("d", "Echo", "four"),
    );
    assert.deepEqual(await socket.next(), { type: 3, invocationId: "a", result: 1 });
    assert.deepEqual(await socket.next(), { type: 3, invocationId: "b", result: { two: 2 } });
    assert.deepEqual(await socket.next(), {
      type: 3,
      invocationId: "c",
      error: "Failed to invoke 'Missing' due to an error on the server. " +
        "HubException: Method does not exist.",
    });
    assert.deepEqual(await socket.next(), { type: 3, invocationId: "d", result: "four" });
  });
});

Deno.test("an invocation without invocationId gets no reply", async () => {
  await withServer({}, async ({ open }) => {
    const socket = await open();
    socket.send(invocation(undefined, "Record", "x"), invocation(undefined, "Missing"));
    socket.send(invocation("after", "Echo", "barrier"));
    assert.deepEqual(await socket.next(), { type: 3, invocationId: "after", result: "barrier" });
  });
});

for (
  const [name, frame] of [
    ["an invocation without target", '{"type":1}\x1e'],
    ["text that is not JSON", "not json\x1e"],
    ["a message that is not an object", "[1,2]\x1e"],
    ["a message without type", '{"target":"Echo"}\x1e'],
  ]
) {
  Deno.test(`${name} closes only that connection, with an error`, async () => {
    await withServer({}, async ({ open }) => {
      const bystander = await open();
      const socket = await open();
      socket.sendFrame(frame);
      assert.deepEqual(await socket.next(), { type: 7, error: "Connection closed with an error." });
      await socket.closed;
      bystander.send(invocation("1", "Echo", "unharmed"));
      assert.deepEqual(await bystander.next(), { type: 3, invocationId: "1", result: "unharmed" });
    });
  });
}

Deno.test("the messages before a malformed one in the same frame run, then the connection closes", async () => {
  await withServer({}, async ({ open }) => {
    const socket = await open();
    socket.sendFrame(
      `${invocation("a", "Echo", 1)}\x1e${invocation("b", "Echo", 2)}\x1enot json\x1e` +
        `${invocation("c", "Echo", 3)}\x1e`,
    );
    assert.deepEqual(await socket.next(), { type: 3, invocationId: "a", result: 1 });
    assert.deepEqual(await socket.next(), { type: 3, invocationId: "b", result: 2 });
    assert.deepEqual(await socket.next(), { type: 7, error: "Connection closed with an error." });
    await socket.closed;
  });
});

Deno.test("a message over maximumReceiveMessageSize closes the connection with an error", async () => {
  await withServer({ maximumReceiveMessageSize: 1024 }, async ({ open }) => {
    const socket = await open();
    socket.send(invocation("1", "Echo", "x".repeat(512)));
    assert.deepEqual(await socket.next(), { type: 3, invocationId: "1", result: "x".repeat(512) });
    socket.send(invocation("2", "Echo", "x".repeat(2000)));
    assert.deepEqual(await socket.next(), { type: 7, error: "Connection closed with an error." });
    await socket.closed;
  });
});

Deno.test("an unterminated message growing past maximumReceiveMessageSize closes the connection", async () => {
  await withServer({ maximumReceiveMessageSize: 1024 }, async ({ open }) => {
    const socket = await open();
    socket.sendFrame(invocation("1", "Echo", "x".repeat(600)).slice(0, 600));
    socket.sendFrame("x".repeat(600));
    assert.deepEqual(await socket.next(), { type: 7, error: "Connection closed with an error." });
    await socket.closed;
  });
});

Deno.test("with detailed errors on, the Close message says what broke the protocol", async () => {
  await withServer(
    { enableDetailedErrors: true, maximumReceiveMessageSize: 1024 },
    async ({ open }) => {
      const socket = await open();
      socket.send(invocation("1", "Echo", "x".repeat(2000)));
      assert.deepEqual(await socket.next(), {
        type: 7,
        error: "Connection closed with an error. " +
          "InvalidDataException: The maximum message size of 1024B was exceeded.",
      });
      await socket.closed;
    },
  );
});

Deno.test("an idle connection receives keep-alive pings", async () => {
  await withServer({ keepAliveIntervalMs: 100 }, async ({ open }) => {
    const socket = await open();
    assert.deepEqual(await socket.next(), { type: 6 });
    assert.deepEqual(await socket.next(), { type: 6 });
    assert.ok(socket.isOpen);
  });
});

Deno.test("a client silent past clientTimeoutMs is closed with an error; a pinging one stays", async () => {
  const options = { keepAliveIntervalMs: 100, clientTimeoutMs: 300 };
  await withServer(options, async ({ open }) => {
    const pinging = await open();
    const pings = setInterval(() => pinging.send('{"type":6}'), 50);
    try {
      const silent = await open();
      assert.deepEqual(await silent.nextNotPing(), {
        type: 7,
        error: "Server timeout elapsed without receiving a message from the client.",
      });
      await silent.closed;
      pinging.send(invocation("1", "Echo", "alive"));
      assert.deepEqual(await pinging.nextNotPing(), {
        type: 3,
        invocationId: "1",
        result: "alive",
      });
    } finally {
      clearInterval(pings);
    }
  });
});

Deno.test("a socket that sends no handshake is told it was canceled and closed", async () => {
  await withServer({ handshakeTimeoutMs: 200 }, async ({ openBare }) => {
    const socket = await openBare();
    assert.deepEqual(await socket.next(), { error: "Handshake was canceled." });
    await socket.closed;
  });
});

Deno.test("a Close message from the client closes the connection", async () => {
  await withServer({}, async ({ open, endpoint }) => {
    const socket = await open();
    assert.equal(endpoint.connectionCount, 1);
    socket.send('{"type":7}');
    await socket.closed;
    assert.equal(endpoint.connectionCount, 0);
  });
});

Deno.test("closing the endpoint sends Close, with allowReconnect when asked", async () => {
  await withServer({}, async ({ open, endpoint }) => {
    const socket = await open();
    await endpoint.close(true);
    assert.deepEqual(await socket.next(), { type: 7, allowReconnect: true });
    await socket.closed;
  });
  await withServer({}, async ({ open, endpoint }) => {
    const socket = await open();
    await endpoint.close();
    assert.deepEqual(await socket.next(), { type: 7 });
    await socket.closed;
  });
});

Deno.test("the official client's onclose fires when the server closes the connection", async () => {
  await withServer({}, async ({ url }) => {
    const connection = await connectTo(url);
    try {
      const closed = Promise.withResolvers<Error | undefined>();
      connection.onclose(closed.resolve);
      await connection.send("Kick");
      assert.equal(await closed.promise, undefined);
      assert.equal(connection.state, "Disconnected");
    } finally {
      await connection.stop();
    }
  });
});

Deno.test("the official client's onclose carries the server's close error", async () => {
  await withServer({ clientTimeoutMs: 200 }, async ({ url }) => {
    const connection = await connectTo(url);
    try {
      const closed = Promise.withResolvers<Error | undefined>();
      connection.onclose(closed.resolve);
      const error = await closed.promise;
      assert.match(
        String(error?.message),
        /Server timeout elapsed without receiving a message from the client\./,
      );
    } finally {
      await connection.stop();
    }
  });
});
