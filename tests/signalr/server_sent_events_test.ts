/**
 * The Server-Sent Events transport spoken by hand with `fetch`: the event
 * stream's format, POSTs carrying the client's frames, the status codes, and
 * a client that goes away.
 */
import assert from "node:assert/strict";
import { type HubEndpoint, mapHub } from "../../signalr/mod.ts";
import { serve } from "../helpers/server.ts";
import { Journal, JournalHub } from "../helpers/journal_hub.ts";

/** Reads an event stream incrementally, one event at a time. */
class EventReader {
  readonly #reader: ReadableStreamDefaultReader<string>;
  #text = "";

  constructor(body: ReadableStream<Uint8Array>) {
    this.#reader = body.pipeThrough(new TextDecoderStream()).getReader();
  }

  /** The next event as it was sent, comments dropped; undefined once the stream ends. */
  async nextRaw(): Promise<string | undefined> {
    for (;;) {
      this.#text = this.#text.replace(/^(:[^\n]*\n)+/, "");
      const end = this.#text.search(/\r?\n\r?\n/);
      if (end >= 0) {
        const length = this.#text.slice(end).match(/^\r?\n\r?\n/)![0].length;
        const event = this.#text.slice(0, end + length);
        this.#text = this.#text.slice(end + length);
        return event;
      }
      const { done, value } = await this.#reader.read();
      if (done) return undefined;
      this.#text += value;
    }
  }

  /** The data of the next event: its `data:` lines joined by newlines. */
  async next(): Promise<string | undefined> {
    const event = await this.nextRaw();
    return event?.split(/\r?\n/).filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, "")).join("\n");
  }

  /** The next event's data parsed as one JSON record; undefined once the stream ends. */
  async nextRecord(): Promise<unknown> {
    const data = await this.next();
    if (data === undefined) return undefined;
    assert.equal(data.indexOf("\x1e"), data.length - 1, "an event carries one record");
    return JSON.parse(data.slice(0, -1));
  }

  /** Cancels the stream, as a client going away does. */
  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

/** What a test gets from {@linkcode withServer}. */
interface Lab {
  /** The hub's URL. */
  readonly url: string;
  readonly endpoint: HubEndpoint;
  readonly journal: Journal;
  /** Opens the event stream of `token`; it is cancelled at the end. */
  listen(token: string): Promise<{ response: Response; events: EventReader }>;
}

/** Serves an JournalHub at `/hub` for `body`. */
async function withServer(body: (lab: Lab) => Promise<void>): Promise<void> {
  const journal = new Journal();
  const endpoint = mapHub("/hub", () => new JournalHub(journal), { logError: () => {} });
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const url = `${server.url}/hub`;
  const readers: EventReader[] = [];
  try {
    await body({
      url,
      endpoint,
      journal,
      async listen(token) {
        const response = await fetch(`${url}?id=${token}`, {
          headers: { Accept: "text/event-stream" },
        });
        assert.equal(response.status, 200);
        const events = new EventReader(response.body!);
        readers.push(events);
        return { response, events };
      },
    });
  } finally {
    await Promise.all(readers.map((reader) => reader.cancel()));
    await server.close();
  }
}

/** Negotiates and returns the connection token. */
async function negotiate(url: string): Promise<string> {
  const response = await fetch(`${url}/negotiate?negotiateVersion=1`, { method: "POST" });
  return (await response.json()).connectionToken;
}

/** POSTs `body` to the connection of `token`; the status and text of the answer. */
async function post(url: string, token: string, body: string): Promise<[number, string]> {
  const response = await fetch(`${url}?id=${token}`, { method: "POST", body });
  return [response.status, await response.text()];
}

const HANDSHAKE = '{"protocol":"json","version":1}\x1e';

const invocation = (id: string, ...args: unknown[]) =>
  JSON.stringify({ type: 1, invocationId: id, target: "Echo", arguments: args }) + "\x1e";

Deno.test("the event stream is text/event-stream; the handshake response arrives as a data event", async () => {
  await withServer(async ({ url, listen, journal }) => {
    const token = await negotiate(url);
    const { response, events } = await listen(token);
    assert.equal(response.headers.get("content-type"), "text/event-stream");
    assert.deepEqual(await post(url, token, HANDSHAKE), [200, ""]);
    assert.equal(await events.nextRaw(), "data: {}\x1e\r\n\r\n");
    await journal.connected.promise;
  });
});

Deno.test("POSTs deliver frames; each result arrives as its own event", async () => {
  await withServer(async ({ url, listen }) => {
    const token = await negotiate(url);
    const { events } = await listen(token);
    await post(url, token, HANDSHAKE);
    assert.equal(await events.next(), "{}\x1e");
    assert.deepEqual(await post(url, token, invocation("1", "héllo ✓")), [200, ""]);
    assert.deepEqual(await events.nextRecord(), { type: 3, invocationId: "1", result: "héllo ✓" });
    assert.deepEqual(await post(url, token, invocation("2", 2) + invocation("3", { n: 3 })), [
      200,
      "",
    ]);
    assert.deepEqual(await events.nextRecord(), { type: 3, invocationId: "2", result: 2 });
    assert.deepEqual(await events.nextRecord(), { type: 3, invocationId: "3", result: { n: 3 } });
  });
});

Deno.test("messages the server sends on its own arrive as events", async () => {
  await withServer(async ({ url, listen, endpoint, journal }) => {
    const token = await negotiate(url);
    const { events } = await listen(token);
    await post(url, token, HANDSHAKE);
    assert.equal(await events.next(), "{}\x1e");
    await journal.connected.promise;
    await endpoint.context.clients.all.send("News", "ünïcode");
    assert.deepEqual(await events.nextRecord(), {
      type: 1,
      target: "News",
      arguments: ["ünïcode"],
    });
  });
});

Deno.test("a second event stream on the same id is 409", async () => {
  await withServer(async ({ url, listen }) => {
    const token = await negotiate(url);
    await listen(token);
    const second = await fetch(`${url}?id=${token}`, { headers: { Accept: "text/event-stream" } });
    assert.equal(second.status, 409);
    await second.body?.cancel();
  });
});

Deno.test("a POST to a WebSocket connection is 405", async () => {
  await withServer(async ({ url }) => {
    const token = await negotiate(url);
    const socket = new WebSocket(`${url.replace(/^http/, "ws")}?id=${token}`);
    const handshaken = new Promise((resolve) => socket.onmessage = resolve);
    const closed = new Promise((resolve) => socket.onclose = resolve);
    await new Promise((resolve) => socket.onopen = resolve);
    try {
      socket.send(HANDSHAKE);
      await handshaken;
      assert.deepEqual(await post(url, token, invocation("1", "x")), [
        405,
        "POST requests are not allowed for WebSocket connections.",
      ]);
    } finally {
      socket.close();
      await closed;
    }
  });
});

Deno.test("a client that cancels the event stream is disconnected: onDisconnected runs", async () => {
  await withServer(async ({ url, listen, journal, endpoint }) => {
    const token = await negotiate(url);
    const { events } = await listen(token);
    await post(url, token, HANDSHAKE);
    assert.equal(await events.next(), "{}\x1e");
    await journal.connected.promise;
    await events.cancel();
    await journal.disconnected.promise;
    assert.equal(endpoint.connectionCount, 0);
  });
});

Deno.test("MessagePack is refused in the handshake with the .NET text, then the stream ends", async () => {
  await withServer(async ({ url, listen }) => {
    const token = await negotiate(url);
    const { events } = await listen(token);
    await post(url, token, '{"protocol":"messagepack","version":1}\x1e');
    assert.deepEqual(await events.nextRecord(), {
      error: "Cannot use the 'messagepack' protocol on the current transport. " +
        "The transport does not support 'Binary' transfer format.",
    });
    assert.equal(await events.next(), undefined);
  });
});
