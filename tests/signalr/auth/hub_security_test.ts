/**
 * Hub security end to end, with the official client and raw requests: JWT
 * bearer authentication on negotiate and every transport, `@authorize` on hubs
 * and methods, users as message targets, connection tokens bound to their
 * user, and connections closed when their token expires.
 */
import assert from "node:assert/strict";
import { HttpTransportType, type HubConnection, HubConnectionState } from "@microsoft/signalr";
import {
  authorize,
  Hub,
  type HubEndpoint,
  type HubOptions,
  jwtBearer,
  mapHub,
} from "../../../signalr/mod.ts";
import { HANDSHAKE, RawSocket } from "../../helpers/raw_socket.ts";
import { type ConnectOptions, connectTo, serve } from "../../helpers/server.ts";
import { hmacToken, inSeconds, SECRET, tokenFor } from "../../helpers/tokens.ts";

class OpenHub extends Hub {
  whoAmI() {
    return this.context.userIdentifier ?? null;
  }

  @authorize({ roles: ["Admin"] })
  shutdown() {
    return "shutting down";
  }

  @authorize({ roles: ["Admin"] })
  async *secrets() {
    yield "launch code";
  }

  notifyUsers(ids: string[]) {
    return this.clients.users(ids).send("Notified", ids);
  }

  notifyUser(id: string) {
    return this.clients.user(id).send("Notified", [id]);
  }
}

@authorize()
class SecureHub extends OpenHub {}

@authorize({ roles: ["Admin"] })
class AdminHub extends OpenHub {}

/** A hub deriving from a protected one, with no decorator of its own. */
class DerivedHub extends SecureHub {}

/** Where a request to the hub carried its token. */
interface Seen {
  readonly method: string;
  readonly kind: "negotiate" | "websocket" | "event-stream" | "other";
  readonly header: boolean;
  readonly query: boolean;
}

/** What a test gets from {@linkcode withHub}. */
interface Lab {
  readonly url: string;
  readonly endpoint: HubEndpoint;
  /** Every request the hub received, in order. */
  readonly seen: Seen[];
  /** Starts an official client with `token` (if any); stopped after the test. */
  connect(token?: string, options?: ConnectOptions): Promise<HubConnection>;
}

async function withHub(
  createHub: () => Hub,
  body: (lab: Lab) => Promise<void>,
  options: HubOptions = {},
): Promise<void> {
  const endpoint = mapHub("/hub", createHub, {
    authenticate: jwtBearer({ algorithm: "HS256", key: SECRET }),
    logError: () => {},
    ...options,
  });
  const seen: Seen[] = [];
  const server = serve((request) => {
    seen.push(describe(request));
    return endpoint.fetch(request);
  }, () => endpoint.close());
  const url = `${server.url}/hub`;
  const connections: HubConnection[] = [];
  const connect = async (token?: string, options: ConnectOptions = {}) => {
    const connection = await connectTo(url, {
      ...(token === undefined ? {} : { accessTokenFactory: () => token }),
      ...options,
      start: false,
    });
    connections.push(connection);
    await connection.start();
    return connection;
  };
  try {
    await body({ url, endpoint, seen, connect });
  } finally {
    await Promise.all(connections.map((connection) => connection.stop()));
    await server.close();
  }
}

function describe(request: Request): Seen {
  const url = new URL(request.url);
  const kind = url.pathname.endsWith("/negotiate")
    ? "negotiate"
    : request.headers.get("upgrade") === "websocket"
    ? "websocket"
    : request.headers.get("accept") === "text/event-stream"
    ? "event-stream"
    : "other";
  return {
    method: request.method,
    kind,
    header: request.headers.get("authorization") !== null,
    query: url.searchParams.has("access_token"),
  };
}

/** Status and headers of a request; the body is read so nothing is left open. */
async function request(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  await response.body?.cancel();
  return response;
}

function bearer(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { Authorization: `Bearer ${token}` };
}

async function negotiate(url: string, token?: string): Promise<Response> {
  return await request(`${url}/negotiate?negotiateVersion=1`, {
    method: "POST",
    headers: bearer(token),
  });
}

/** Negotiates with `token` and returns the connection token. */
async function connectionTokenFor(url: string, token?: string): Promise<string> {
  const response = await fetch(`${url}/negotiate?negotiateVersion=1`, {
    method: "POST",
    headers: bearer(token),
  });
  assert.equal(response.status, 200);
  return (await response.json()).connectionToken;
}

/** Headers of a WebSocket upgrade request, for upgrades expected to be refused. */
const UPGRADE = {
  Upgrade: "websocket",
  Connection: "Upgrade",
  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
  "Sec-WebSocket-Version": "13",
};

/** The status of each transport request `token` (or no token) makes on connection `id`. */
async function transportStatuses(url: string, id: string, token?: string) {
  const at = `${url}?id=${id}`;
  const query = token === undefined ? "" : `&access_token=${token}`;
  return {
    webSocket: (await request(at, { headers: { ...UPGRADE, ...bearer(token) } })).status,
    webSocketQuery: (await request(at + query, { headers: UPGRADE })).status,
    eventStream: (await request(at + query, { headers: { Accept: "text/event-stream" } })).status,
    poll: (await request(at, { headers: bearer(token) })).status,
    post: (await request(at, { method: "POST", headers: bearer(token), body: "{}\x1e" })).status,
    delete: (await request(at, { method: "DELETE", headers: bearer(token) })).status,
  };
}

const everyTransport = (status: number) => ({
  webSocket: status,
  webSocketQuery: status,
  eventStream: status,
  poll: status,
  post: status,
  delete: status,
});

/** A WebSocket opened as a browser does: the token in the query; JSON handshake done. */
async function openBrowserSocket(url: string): Promise<RawSocket> {
  const socket = await RawSocket.open(url);
  socket.send(HANDSHAKE);
  assert.deepEqual(await socket.nextNotPing(10_000), {});
  return socket;
}

/** A non-streaming invocation record with id `id`. */
function invocation(id: string, target: string, ...args: unknown[]): string {
  return JSON.stringify({ type: 1, invocationId: id, target, arguments: args });
}

Deno.test("a protected hub answers a negotiate without a token with 401 and a Bearer challenge", async () => {
  await withHub(() => new SecureHub(), async ({ url, connect }) => {
    const response = await negotiate(url);
    assert.equal(response.status, 401);
    assert.equal(response.headers.get("www-authenticate"), "Bearer");
    await assert.rejects(connect());
  });
});

Deno.test("a negotiate with an invalid or expired token is 401 with an invalid_token challenge", async () => {
  await withHub(() => new SecureHub(), async ({ url, connect }) => {
    const forged = await hmacToken({ sub: "ann" }, "another secret");
    const expired = await hmacToken({ sub: "ann", exp: inSeconds(-3600) });
    for (const token of [forged, expired, "garbage"]) {
      const response = await negotiate(url, token);
      assert.equal(response.status, 401);
      assert.match(response.headers.get("www-authenticate")!, /^Bearer error="invalid_token"/);
    }
    await assert.rejects(connect(expired));
  });
});

Deno.test("an open hub refuses an invalid token too, rather than treating its bearer as anonymous", async () => {
  await withHub(() => new OpenHub(), async ({ url }) => {
    const forged = await hmacToken({ sub: "ann" }, "another secret");
    assert.equal((await negotiate(url, forged)).status, 401);
  });
});

Deno.test("skipNegotiation: a WebSocket without a token is refused with 401 before the upgrade", async () => {
  await withHub(() => new SecureHub(), async ({ url, endpoint, connect }) => {
    assert.equal((await request(url, { headers: UPGRADE })).status, 401);
    await assert.rejects(
      connect(undefined, { skipNegotiation: true, transport: HttpTransportType.WebSockets }),
    );
    assert.equal(endpoint.connectionCount, 0);
  });
});

Deno.test("skipNegotiation: the official client with a token connects over a WebSocket", async () => {
  await withHub(() => new SecureHub(), async ({ connect }) => {
    const connection = await connect(await tokenFor("ann"), {
      skipNegotiation: true,
      transport: HttpTransportType.WebSockets,
    });
    assert.equal(await connection.invoke("WhoAmI"), "ann");
  });
});

Deno.test("the official client's token reaches a protected hub over WebSockets in the Authorization header (its non-browser way)", async () => {
  await withHub(() => new SecureHub(), async ({ connect, seen }) => {
    const connection = await connect(await tokenFor("ann"), {
      transport: HttpTransportType.WebSockets,
    });
    assert.equal(await connection.invoke("WhoAmI"), "ann");
    assert.deepEqual(seen, [
      { method: "POST", kind: "negotiate", header: true, query: false },
      { method: "GET", kind: "websocket", header: true, query: false },
    ]);
  });
});

Deno.test("a WebSocket opened the browser way, with access_token in the query, is authenticated", async () => {
  await withHub(() => new SecureHub(), async ({ url }) => {
    const socket = await openBrowserSocket(`${url}?access_token=${await tokenFor("ann")}`);
    try {
      socket.send(invocation("1", "WhoAmI"));
      assert.deepEqual(await socket.nextNotPing(10_000), {
        type: 3,
        invocationId: "1",
        result: "ann",
      });
    } finally {
      await socket.close();
    }
  });
});

Deno.test("the official client's token reaches a protected hub over Server-Sent Events: query for the stream, header for the rest", async () => {
  await withHub(() => new SecureHub(), async ({ connect, seen }) => {
    const connection = await connect(await tokenFor("ann"), {
      transport: HttpTransportType.ServerSentEvents,
    });
    assert.equal(await connection.invoke("WhoAmI"), "ann");
    const stream = seen.filter((request) => request.kind === "event-stream");
    assert.deepEqual(stream, [{ method: "GET", kind: "event-stream", header: false, query: true }]);
    for (const other of seen.filter((request) => request.kind !== "event-stream")) {
      assert.deepEqual({ header: other.header, query: other.query }, {
        header: true,
        query: false,
      });
    }
  });
});

Deno.test("the official client's token reaches a protected hub over long polling in the header of every request", async () => {
  await withHub(() => new SecureHub(), async ({ connect, seen }) => {
    const connection = await connect(await tokenFor("ann"), {
      transport: HttpTransportType.LongPolling,
    });
    assert.equal(await connection.invoke("WhoAmI"), "ann");
    assert.ok(seen.some((request) => request.method === "GET"));
    for (const request of seen) {
      assert.deepEqual({ header: request.header, query: request.query }, {
        header: true,
        query: false,
      });
    }
  });
});

Deno.test("a hub for admins refuses a signed-in non-admin with 403 and accepts an admin", async () => {
  await withHub(() => new AdminHub(), async ({ url, connect }) => {
    const ann = await tokenFor("ann", "User");
    assert.equal((await negotiate(url, ann)).status, 403);
    assert.equal((await request(url, { headers: { ...UPGRADE, ...bearer(ann) } })).status, 403);
    await assert.rejects(connect(ann));
    const root = await connect(await tokenFor("root", "Admin"));
    assert.equal(await root.invoke("WhoAmI"), "root");
  });
});

Deno.test("a hub deriving from a protected hub is protected too", async () => {
  await withHub(() => new DerivedHub(), async ({ url }) => {
    assert.equal((await negotiate(url)).status, 401);
  });
});

Deno.test("an admin-only method refuses a non-admin with the .NET text; an admin gets the result", async () => {
  await withHub(() => new SecureHub(), async ({ connect }) => {
    const ann = await connect(await tokenFor("ann", "User"));
    await assert.rejects(ann.invoke("Shutdown"), {
      message: "Failed to invoke 'Shutdown' because user is unauthorized",
    });
    assert.equal(await ann.invoke("WhoAmI"), "ann");
    const root = await connect(await tokenFor("root", "Admin"));
    assert.equal(await root.invoke("Shutdown"), "shutting down");
  });
});

Deno.test("an admin-only streaming method refuses a non-admin's stream", async () => {
  await withHub(() => new SecureHub(), async ({ connect }) => {
    const ann = await connect(await tokenFor("ann", "User"));
    const refused = new Promise<Error>((resolve) => {
      ann.stream("Secrets").subscribe({ next() {}, error: resolve, complete() {} });
    });
    assert.equal(
      (await refused).message,
      "Failed to invoke 'Secrets' because user is unauthorized",
    );
  });
});

Deno.test("an open hub accepts anonymous clients, and knows the user when a token is given", async () => {
  await withHub(() => new OpenHub(), async ({ connect }) => {
    const anonymous = await connect();
    assert.equal(await anonymous.invoke("WhoAmI"), null);
    await assert.rejects(anonymous.invoke("Shutdown"), {
      message: "Failed to invoke 'Shutdown' because user is unauthorized",
    });
    const ann = await connect(await tokenFor("ann"));
    assert.equal(await ann.invoke("WhoAmI"), "ann");
  });
});

Deno.test("clients.user(id) and users(ids) reach every connection of those users (ids from sub)", async () => {
  await withHub(() => new OpenHub(), async ({ connect }) => {
    const names = ["ann", "ann", "bob", "carl"];
    const clients = await Promise.all(names.map(async (name) => connect(await tokenFor(name))));
    const received = names.map(() => [] as string[][]);
    clients.forEach((client, i) => client.on("Notified", (ids: string[]) => received[i].push(ids)));
    /** Who got events since the last call; a round trip on each connection lets them arrive. */
    const reached = async () => {
      await Promise.all(clients.map((client) => client.invoke("WhoAmI")));
      const names = received.map((events) => events.length);
      received.forEach((events) => events.length = 0);
      return names;
    };
    await clients[3].invoke("NotifyUser", "ann");
    assert.deepEqual(await reached(), [1, 1, 0, 0]);
    await clients[3].invoke("NotifyUsers", ["ann", "bob"]);
    assert.deepEqual(await reached(), [1, 1, 1, 0]);
    await clients[0].invoke("NotifyUsers", ["nobody"]);
    assert.deepEqual(await reached(), [0, 0, 0, 0]);
  });
});

Deno.test("ann's connection token is refused (403) to bob on every transport request; ann still connects", async () => {
  await withHub(() => new SecureHub(), async ({ url }) => {
    const ann = await tokenFor("ann");
    const id = await connectionTokenFor(url, ann);
    assert.deepEqual(
      await transportStatuses(url, id, await tokenFor("bob", "Admin")),
      everyTransport(403),
    );
    const socket = await openBrowserSocket(`${url}?id=${id}&access_token=${ann}`);
    try {
      socket.send(invocation("1", "WhoAmI"));
      assert.deepEqual(await socket.nextNotPing(10_000), {
        type: 3,
        invocationId: "1",
        result: "ann",
      });
    } finally {
      await socket.close();
    }
  });
});

Deno.test("ann's connection token used anonymously is 401 on a protected hub", async () => {
  await withHub(() => new SecureHub(), async ({ url }) => {
    const id = await connectionTokenFor(url, await tokenFor("ann"));
    assert.deepEqual(await transportStatuses(url, id), everyTransport(401));
  });
});

Deno.test("on an open hub, ann's connection token is 403 anonymously and an anonymous one is 403 to ann", async () => {
  await withHub(() => new OpenHub(), async ({ url }) => {
    const ann = await tokenFor("ann");
    const annId = await connectionTokenFor(url, ann);
    assert.deepEqual(await transportStatuses(url, annId), everyTransport(403));
    const anonymousId = await connectionTokenFor(url);
    assert.deepEqual(await transportStatuses(url, anonymousId, ann), everyTransport(403));
  });
});

Deno.test("a connection closes when its token expires, with a Close that allows reconnecting", async () => {
  await withHub(() => new SecureHub(), async ({ url }) => {
    const token = await hmacToken({ sub: "ann", exp: inSeconds(2) });
    const socket = await openBrowserSocket(`${url}?access_token=${token}`);
    try {
      const close = await socket.nextNotPing(10_000);
      assert.equal(close.type, 7);
      assert.equal(close.allowReconnect, true);
      assert.match(String(close.error), /expired/);
      await socket.closed;
    } finally {
      await socket.close();
    }
  }, {
    authenticate: jwtBearer({ algorithm: "HS256", key: SECRET, clockSkewSeconds: 0 }),
    handshakeTimeoutMs: 400,
  });
});

Deno.test("closeOnAuthenticationExpiration false keeps a connection open past its token's expiry", async () => {
  await withHub(() => new SecureHub(), async ({ connect }) => {
    const exp = inSeconds(2);
    const connection = await connect(await hmacToken({ sub: "ann", exp }), {
      transport: HttpTransportType.WebSockets,
    });
    let closed = false;
    connection.onclose(() => closed = true);
    // Past the expiry by a few heartbeats (every 100 ms with handshakeTimeoutMs 400).
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 400));
    assert.equal(await connection.invoke("WhoAmI"), "ann");
    assert.equal(closed, false);
    assert.equal(connection.state, HubConnectionState.Connected);
  }, {
    authenticate: jwtBearer({ algorithm: "HS256", key: SECRET, clockSkewSeconds: 0 }),
    closeOnAuthenticationExpiration: false,
    handshakeTimeoutMs: 400,
  });
});
