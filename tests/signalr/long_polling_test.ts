/**
 * The long-polling transport spoken by hand with `fetch`, per the transport
 * spec and as ASP.NET Core answers: polls, POSTs, DELETE, timeouts, the
 * status codes, and which transports an endpoint accepts.
 */
import assert from "node:assert/strict";
import { type CompletionMessage, NullLogger } from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { type HubEndpoint, type HubOptions, mapHub } from "../../signalr/mod.ts";
import { serve } from "../helpers/server.ts";
import { Journal, JournalHub } from "../helpers/journal_hub.ts";

/** What a test gets from {@linkcode withServer}. */
interface Lab {
  /** The hub's URL. */
  readonly url: string;
  readonly endpoint: HubEndpoint;
  readonly journal: Journal;
  /** Resolves once the next `method` request has been handed to the endpoint. */
  arrived(method: string): Promise<void>;
}

/** Serves a JournalHub at `/hub` with `options` for `body`. */
async function withServer(options: HubOptions, body: (lab: Lab) => Promise<void>): Promise<void> {
  const journal = new Journal();
  const endpoint = mapHub("/hub", () => new JournalHub(journal), {
    logError: () => {},
    ...options,
  });
  const waiting: { method: string; resolve: () => void }[] = [];
  const server = serve((request) => {
    const response = endpoint.fetch(request);
    const index = waiting.findIndex((waiter) => waiter.method === request.method);
    if (index >= 0) waiting.splice(index, 1)[0].resolve();
    return response;
  }, () => endpoint.close());
  const arrived = (method: string) =>
    new Promise<void>((resolve) => waiting.push({ method, resolve }));
  try {
    await body({ url: `${server.url}/hub`, endpoint, journal, arrived });
  } finally {
    await server.close();
  }
}

/** A response with its body read. */
interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly text: string;
}

async function request(url: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    text: await response.text(),
  };
}

/** Negotiates and returns the connection token. */
async function negotiate(url: string): Promise<string> {
  const response = await fetch(`${url}/negotiate?negotiateVersion=1`, { method: "POST" });
  const { connectionToken } = await response.json();
  return connectionToken;
}

const poll = (url: string, token: string) => request(`${url}?id=${token}`);

const post = (url: string, token: string, body: BodyInit) =>
  request(`${url}?id=${token}`, { method: "POST", body });

const handshake = (protocol: string) => `{"protocol":"${protocol}","version":1}\x1e`;

/** Negotiates, makes the first poll, and completes the handshake; returns the token. */
async function open(url: string, protocol = "json"): Promise<string> {
  const token = await negotiate(url);
  assert.equal((await poll(url, token)).status, 200);
  assert.equal((await post(url, token, handshake(protocol))).status, 200);
  assert.equal((await poll(url, token)).text, "{}\x1e");
  return token;
}

/** The JSON records of a poll's body. */
function records(text: string): unknown[] {
  return text.split("\x1e").filter((record) => record !== "").map((record) => JSON.parse(record));
}

const UPGRADE_HEADERS = {
  Upgrade: "websocket",
  Connection: "Upgrade",
  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
  "Sec-WebSocket-Version": "13",
};

Deno.test("the first poll returns 200 empty at once; the handshake POST is 200; the next poll answers it", async () => {
  await withServer({}, async ({ url, journal }) => {
    const token = await negotiate(url);
    const first = await poll(url, token);
    assert.deepEqual([first.status, first.text], [200, ""]);
    const posted = await post(url, token, handshake("json"));
    assert.equal(posted.status, 200);
    const answer = await poll(url, token);
    assert.deepEqual([answer.status, answer.text], [200, "{}\x1e"]);
    await journal.connected.promise;
  });
});

Deno.test("an invocation POSTed is answered by the next poll", async () => {
  await withServer({}, async ({ url }) => {
    const token = await open(url);
    const invocation = { type: 1, invocationId: "1", target: "Echo", arguments: ["héllo ✓"] };
    assert.equal((await post(url, token, JSON.stringify(invocation) + "\x1e")).status, 200);
    assert.deepEqual(records((await poll(url, token)).text), [
      { type: 3, invocationId: "1", result: "héllo ✓" },
    ]);
  });
});

Deno.test("messages sent while no poll waits are returned together by the next poll", async () => {
  await withServer({}, async ({ url, endpoint, journal }) => {
    const token = await open(url);
    await journal.connected.promise;
    await endpoint.context.clients.all.send("First", 1);
    await endpoint.context.clients.all.send("Second", "two");
    const answer = await poll(url, token);
    assert.equal(answer.status, 200);
    assert.deepEqual(records(answer.text), [
      { type: 1, target: "First", arguments: [1] },
      { type: 1, target: "Second", arguments: ["two"] },
    ]);
  });
});

Deno.test("a poll with nothing to send returns an empty 200 after longPollTimeoutMs", async () => {
  await withServer({ longPollTimeoutMs: 200 }, async ({ url }) => {
    const token = await open(url);
    const answer = await poll(url, token);
    assert.deepEqual([answer.status, answer.text], [200, ""]);
    const invocation = { type: 1, invocationId: "1", target: "Echo", arguments: ["still here"] };
    await post(url, token, JSON.stringify(invocation) + "\x1e");
    assert.deepEqual(records((await poll(url, token)).text), [
      { type: 3, invocationId: "1", result: "still here" },
    ]);
  });
});

Deno.test("a second poll makes the waiting poll return 204; the second gets the next data", async () => {
  await withServer({}, async ({ url, endpoint, arrived, journal }) => {
    const token = await open(url);
    await journal.connected.promise;
    const firstArrived = arrived("GET");
    const first = poll(url, token);
    await firstArrived;
    const secondArrived = arrived("GET");
    const second = poll(url, token);
    await secondArrived;
    assert.equal((await first).status, 204);
    await endpoint.context.clients.all.send("Hello");
    assert.deepEqual(records((await second).text), [{ type: 1, target: "Hello", arguments: [] }]);
  });
});

Deno.test("DELETE ends the connection with 202: the waiting poll returns 204 and onDisconnected runs", async () => {
  await withServer({}, async ({ url, arrived, journal, endpoint }) => {
    const token = await open(url);
    const pollArrived = arrived("GET");
    const waiting = poll(url, token);
    await pollArrived;
    const deleted = await request(`${url}?id=${token}`, { method: "DELETE" });
    assert.equal(deleted.status, 202);
    assert.equal((await waiting).status, 204);
    await journal.disconnected.promise;
    assert.equal(endpoint.connectionCount, 0);
  });
});

Deno.test("a connection the hub aborts: the next poll returns its Close message, then 204", async () => {
  await withServer({}, async ({ url, journal }) => {
    const token = await open(url);
    await post(url, token, JSON.stringify({ type: 1, target: "Leave", arguments: [] }) + "\x1e");
    assert.deepEqual(records((await poll(url, token)).text), [{ type: 7 }]);
    assert.equal((await poll(url, token)).status, 204);
    await journal.disconnected.promise;
  });
});

Deno.test("endpoint.close(true) answers the waiting poll with Close and allowReconnect", async () => {
  await withServer({}, async ({ url, endpoint, arrived }) => {
    const token = await open(url);
    const pollArrived = arrived("GET");
    const waiting = poll(url, token);
    await pollArrived;
    await endpoint.close(true);
    const close = await waiting;
    assert.equal(close.status, 200);
    assert.deepEqual(records(close.text), [{ type: 7, allowReconnect: true }]);
  });
});

Deno.test("endpoint.close(true) between polls waits for the next poll, which returns Close with allowReconnect", async () => {
  await withServer({}, async ({ url, endpoint }) => {
    const token = await open(url);
    const closing = endpoint.close(true);
    const close = await poll(url, token);
    assert.equal(close.status, 200);
    assert.deepEqual(records(close.text), [{ type: 7, allowReconnect: true }]);
    await closing;
  });
});

Deno.test("polls, POSTs and DELETEs for an unknown id are 404; a POST without an id is 400", async () => {
  await withServer({}, async ({ url }) => {
    assert.equal((await poll(url, "unknown")).status, 404);
    assert.equal((await post(url, "unknown", handshake("json"))).status, 404);
    assert.equal((await request(`${url}?id=unknown`, { method: "DELETE" })).status, 404);
    assert.equal((await request(url, { method: "POST", body: handshake("json") })).status, 400);
  });
});

Deno.test("a MessagePack connection's polls carry application/octet-stream", async () => {
  await withServer({}, async ({ url }) => {
    const protocol = new MessagePackHubProtocol();
    const token = await open(url, "messagepack");
    const invocation = protocol.writeMessage({
      type: 1,
      invocationId: "1",
      target: "Echo",
      arguments: ["bïnary"],
      headers: {},
    });
    assert.equal((await post(url, token, invocation)).status, 200);
    const response = await fetch(`${url}?id=${token}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "application/octet-stream");
    const messages = protocol.parseMessages(await response.arrayBuffer(), NullLogger.instance);
    assert.equal(messages.length, 1);
    const { type, invocationId, result, error } = messages[0] as CompletionMessage;
    assert.deepEqual([type, invocationId, result, error], [3, "1", "bïnary", undefined]);
  });
});

Deno.test("negotiate lists only the offered transports; a transport not offered is 404", async () => {
  await withServer({ transports: ["WebSockets"] }, async ({ url }) => {
    const response = await fetch(`${url}/negotiate?negotiateVersion=1`, { method: "POST" });
    const { connectionToken, availableTransports } = await response.json();
    assert.deepEqual(availableTransports, [
      { transport: "WebSockets", transferFormats: ["Text", "Binary"] },
    ]);
    const longPoll = await poll(url, connectionToken);
    assert.deepEqual([longPoll.status, longPoll.text], [
      404,
      "LongPolling transport not supported by this end point type",
    ]);
    const events = await request(`${url}?id=${connectionToken}`, {
      headers: { Accept: "text/event-stream" },
    });
    assert.deepEqual([events.status, events.text], [
      404,
      "ServerSentEvents transport not supported by this end point type",
    ]);
  });
  await withServer({ transports: ["LongPolling"] }, async ({ url }) => {
    const token = await negotiate(url);
    const upgrade = await request(`${url}?id=${token}`, { headers: UPGRADE_HEADERS });
    assert.deepEqual([upgrade.status, upgrade.text], [
      404,
      "WebSockets transport not supported by this end point type",
    ]);
    assert.equal((await poll(url, token)).status, 200);
  });
});

Deno.test("changing transports mid-connection is 400", async () => {
  await withServer({}, async ({ url }) => {
    const token = await open(url);
    const events = await request(`${url}?id=${token}`, {
      headers: { Accept: "text/event-stream" },
    });
    assert.deepEqual([events.status, events.text], [
      400,
      "Cannot change transports mid-connection",
    ]);
    const upgrade = await request(`${url}?id=${token}`, { headers: UPGRADE_HEADERS });
    assert.deepEqual([upgrade.status, upgrade.text], [
      400,
      "Cannot change transports mid-connection",
    ]);
    assert.equal((await request(`${url}?id=${token}`, { method: "DELETE" })).status, 202);
  });
});
