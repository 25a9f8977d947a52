/**
 * The endpoint's HTTP face, spoken with raw `fetch` and WebSockets: negotiate,
 * the transport request's status codes, and the life of a negotiated id.
 */
import assert from "node:assert/strict";
import { HttpTransportType } from "@microsoft/signalr";
import { Hub, type HubEndpoint, type HubOptions, mapHub } from "../../signalr/mod.ts";
import { connectTo, serve } from "../helpers/server.ts";
import { until } from "../helpers/wait.ts";

class EchoHub extends Hub {
  echo(text: string) {
    return text;
  }
}

/** Serves an EchoHub at `/hub` for `body`, counting negotiate requests. */
async function withServer(
  body: (url: string, endpoint: HubEndpoint, negotiates: () => number) => Promise<void>,
  options: HubOptions = {},
): Promise<void> {
  const endpoint = mapHub("/hub", () => new EchoHub(), options);
  let negotiates = 0;
  const server = serve((request) => {
    if (new URL(request.url).pathname.endsWith("/negotiate")) negotiates++;
    return endpoint.fetch(request);
  }, () => endpoint.close());
  try {
    await body(`${server.url}/hub`, endpoint, () => negotiates);
  } finally {
    await server.close();
  }
}

interface Negotiated {
  connectionId: string;
  connectionToken?: string;
  negotiateVersion: number;
  availableTransports: unknown[];
}

async function negotiate(url: string, query = "?negotiateVersion=1"): Promise<Negotiated> {
  const response = await fetch(`${url}/negotiate${query}`, { method: "POST" });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  return await response.json();
}

/** A request as a WebSocket upgrade, for endpoints expected to refuse it. */
const UPGRADE_HEADERS = {
  Upgrade: "websocket",
  Connection: "Upgrade",
  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
  "Sec-WebSocket-Version": "13",
};

/** Status and body of a request whose body is consumed. */
async function statusOf(url: string, init?: RequestInit): Promise<[number, string]> {
  const response = await fetch(url, init);
  return [response.status, await response.text()];
}

/** Opens a WebSocket to `url` and completes the JSON handshake on it. */
async function openHandshaken(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url.replace(/^http/, "ws"));
  const reply = new Promise<unknown>((resolve, reject) => {
    socket.onmessage = (event) => resolve(event.data);
    socket.onerror = () => reject(new Error("WebSocket failed"));
  });
  await new Promise((resolve) => socket.onopen = resolve);
  socket.send('{"protocol":"json","version":1}\x1e');
  assert.equal(await reply, "{}\x1e");
  return socket;
}

/** Closes a WebSocket and waits until it is closed. */
async function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return;
  const closed = new Promise((resolve) => socket.onclose = resolve);
  socket.close();
  await closed;
}

const WEBSOCKETS = { transport: "WebSockets", transferFormats: ["Text", "Binary"] };
const BASE64URL_128_BITS = /^[A-Za-z0-9_-]{22,}$/;

Deno.test("negotiate v1 answers a connection id, a distinct random token and the transports", async () => {
  await withServer(async (url) => {
    const first = await negotiate(url);
    const second = await negotiate(url);
    assert.deepEqual(Object.keys(first).sort(), [
      "availableTransports",
      "connectionId",
      "connectionToken",
      "negotiateVersion",
    ]);
    assert.equal(first.negotiateVersion, 1);
    assert.deepEqual(first.availableTransports, [WEBSOCKETS]);
    for (const id of [first.connectionId, first.connectionToken, second.connectionId]) {
      assert.match(id!, BASE64URL_128_BITS);
    }
    assert.match(first.connectionToken!, BASE64URL_128_BITS);
    assert.notEqual(first.connectionId, first.connectionToken);
    assert.notEqual(first.connectionId, second.connectionId);
    assert.notEqual(first.connectionToken, second.connectionToken);
  }, { transports: ["WebSockets"] });
});

Deno.test("negotiate without a version answers version 0 with a connection id only", async () => {
  await withServer(async (url) => {
    const body = await negotiate(url, "");
    assert.match(body.connectionId, BASE64URL_128_BITS);
    assert.deepEqual(body, {
      connectionId: body.connectionId,
      negotiateVersion: 0,
      availableTransports: [WEBSOCKETS],
    });
  }, { transports: ["WebSockets"] });
});

Deno.test("availableTransports lists the offered transports with their transfer formats", async () => {
  await withServer(async (url) => {
    assert.deepEqual((await negotiate(url)).availableTransports, [
      { transport: "LongPolling", transferFormats: ["Text", "Binary"] },
      { transport: "ServerSentEvents", transferFormats: ["Text"] },
      WEBSOCKETS,
    ]);
  }, { transports: ["LongPolling", "ServerSentEvents", "WebSockets"] });
});

Deno.test("negotiate for a newer version than the server's is answered with version 1", async () => {
  await withServer(async (url) => {
    assert.equal((await negotiate(url, "?negotiateVersion=7")).negotiateVersion, 1);
  });
});

Deno.test("negotiate by GET is 405", async () => {
  await withServer(async (url) => {
    const [status] = await statusOf(`${url}/negotiate?negotiateVersion=1`);
    assert.equal(status, 405);
  });
});

Deno.test("negotiate with a version that is not a number is 400", async () => {
  await withServer(async (url) => {
    const [status, body] = await statusOf(`${url}/negotiate?negotiateVersion=abc`, {
      method: "POST",
    });
    assert.equal(status, 400);
    assert.match(body, /abc/);
  });
});

Deno.test("an unknown path under the hub is 404", async () => {
  await withServer(async (url) => {
    const [status] = await statusOf(`${url}/elsewhere`);
    assert.equal(status, 404);
  });
});

Deno.test("a transport request with neither id nor upgrade is 400", async () => {
  await withServer(async (url) => {
    const [status] = await statusOf(url);
    assert.equal(status, 400);
  });
});

Deno.test("a transport request with an unknown id is 404, with or without upgrade", async () => {
  await withServer(async (url) => {
    const [plain] = await statusOf(`${url}?id=nope`);
    assert.equal(plain, 404);
    const [upgrade] = await statusOf(`${url}?id=nope`, { headers: UPGRADE_HEADERS });
    assert.equal(upgrade, 404);
  });
});

Deno.test("a WebSocket with the negotiated token connects; the public connection id does not", async () => {
  await withServer(async (url) => {
    const { connectionId, connectionToken } = await negotiate(url);
    const [status] = await statusOf(`${url}?id=${connectionId}`, { headers: UPGRADE_HEADERS });
    assert.equal(status, 404);
    const socket = await openHandshaken(`${url}?id=${connectionToken}`);
    await closeSocket(socket);
  });
});

Deno.test("a v0 negotiate's connectionId is the id the transport takes", async () => {
  await withServer(async (url) => {
    const { connectionId } = await negotiate(url, "");
    const socket = await openHandshaken(`${url}?id=${connectionId}`);
    await closeSocket(socket);
  });
});

Deno.test("a second WebSocket on an active connection id is 409; a closed one's id is 404", async () => {
  await withServer(async (url, endpoint) => {
    const { connectionToken } = await negotiate(url);
    const socket = await openHandshaken(`${url}?id=${connectionToken}`);
    try {
      const [status] = await statusOf(`${url}?id=${connectionToken}`, {
        headers: UPGRADE_HEADERS,
      });
      assert.equal(status, 409);
    } finally {
      await closeSocket(socket);
    }
    await until(() => endpoint.connectionCount === 0);
    const [status] = await statusOf(`${url}?id=${connectionToken}`, { headers: UPGRADE_HEADERS });
    assert.equal(status, 404);
  });
});

Deno.test("the official client negotiates, then connects over a WebSocket", async () => {
  await withServer(async (url, _endpoint, negotiates) => {
    const connection = await connectTo(url, { transport: HttpTransportType.WebSockets });
    try {
      assert.equal(await connection.invoke("Echo", "negotiated"), "negotiated");
      assert.equal(negotiates(), 1);
    } finally {
      await connection.stop();
    }
  });
});

Deno.test("skipNegotiation: the official client connects over a WebSocket without an id", async () => {
  await withServer(async (url, endpoint, negotiates) => {
    const connection = await connectTo(url, {
      skipNegotiation: true,
      transport: HttpTransportType.WebSockets,
    });
    try {
      assert.equal(await connection.invoke("Echo", "direct"), "direct");
      assert.equal(negotiates(), 0);
      assert.equal(endpoint.connectionCount, 1);
    } finally {
      await connection.stop();
    }
  });
});

Deno.test("a negotiated id no transport picks up is forgotten after negotiateTimeoutMs", async () => {
  await withServer(async (url, endpoint) => {
    const connected = await connectTo(url);
    try {
      const { connectionToken } = await negotiate(url);
      assert.equal(endpoint.connectionCount, 2);
      await until(() => endpoint.connectionCount === 1);
      const [plain] = await statusOf(`${url}?id=${connectionToken}`);
      assert.equal(plain, 404);
      const [upgrade] = await statusOf(`${url}?id=${connectionToken}`, {
        headers: UPGRADE_HEADERS,
      });
      assert.equal(upgrade, 404);
      assert.equal(await connected.invoke("Echo", "still connected"), "still connected");
    } finally {
      await connected.stop();
    }
  }, { negotiateTimeoutMs: 100 });
});
