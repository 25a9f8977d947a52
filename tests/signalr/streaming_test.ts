/**
 * Streams both ways with the official client: errors mid-stream, concurrent
 * streams, uploads that fail or outgrow the buffer, long streams delivered in
 * order over every transport, and cancellation.
 */
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { Hub, HubError, type HubOptions, mapHub } from "../../signalr/mod.ts";
import { serve } from "../helpers/server.ts";
import { type Variant, VARIANTS } from "../helpers/variants.ts";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Two streams meet here before each item: neither gets ahead of the other. */
class Lockstep {
  #waiting: (() => void) | undefined;

  /** Resolves once the other stream arrives too (or after 5 s alone, so a failure cannot hang). */
  async arrive(): Promise<void> {
    const other = this.#waiting;
    if (other) {
      this.#waiting = undefined;
      other();
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await new Promise<void>((resolve) => {
      this.#waiting = resolve;
      timer = setTimeout(resolve, 5000);
    });
    clearTimeout(timer);
    this.#waiting = undefined;
  }
}

/** What the hubs of one test share: hub instances live for one call only. */
class Journal {
  readonly lockstep = new Lockstep();
  readonly endlessStopped = Promise.withResolvers<void>();
}

class StreamHub extends Hub {
  readonly #journal: Journal;

  constructor(journal: Journal) {
    super();
    this.#journal = journal;
  }

  echo(value: unknown) {
    return value;
  }

  async *failAfter(count: number, kind: "Error" | "HubError", text: string) {
    for (let i = 0; i < count; i++) yield i;
    throw kind === "HubError" ? new HubError(text) : new Error(text);
  }

  async *lockstep(name: string, count: number) {
    for (let i = 0; i < count; i++) {
      await this.#journal.lockstep.arrive();
      yield `${name}${i}`;
    }
  }

  async *range(count: number) {
    for (let i = 0; i < count; i++) yield i;
  }

  async *endless() {
    try {
      for (let i = 0;; i++) {
        yield i;
        await delay(1);
      }
    } finally {
      this.#journal.endlessStopped.resolve();
    }
  }

  /** What an upload delivered, and the error that ended it, if any. */
  async gather(items: AsyncIterable<unknown>) {
    const received: unknown[] = [];
    try {
      for await (const item of items) received.push(item);
      return { received, error: null };
    } catch (error) {
      return { received, error: (error as Error).message };
    }
  }

  /** Reads an upload one item per millisecond. */
  async gatherSlowly(items: AsyncIterable<unknown>) {
    const received: unknown[] = [];
    for await (const item of items) {
      await delay(1);
      received.push(item);
    }
    return received;
  }
}

/** Serves a StreamHub with `options`, connects one official client with `v`, and stops both after `body`. */
async function withHub(
  v: Variant,
  options: HubOptions,
  body: (connection: signalR.HubConnection, journal: Journal) => Promise<void>,
): Promise<void> {
  const journal = new Journal();
  const endpoint = mapHub("/hub", () => new StreamHub(journal), { logError: () => {}, ...options });
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${server.url}/hub`, { transport: v.transport, logger: signalR.NullLogger.instance })
    .withHubProtocol(v.protocol())
    .build();
  try {
    await connection.start();
    await body(connection, journal);
  } finally {
    await connection.stop();
    await server.close();
  }
}

/** The items of a stream and how it ended: `error` is undefined if it completed. */
function settle(stream: signalR.IStreamResult<unknown>): Promise<[unknown[], Error?]> {
  return new Promise((resolve) => {
    const items: unknown[] = [];
    stream.subscribe({
      next: (item) => items.push(item),
      complete: () => resolve([items]),
      error: (error) => resolve([items, error]),
    });
  });
}

const range = (count: number) => Array.from({ length: count }, (_, i) => i);

const STREAM_ERRORS: [string, HubOptions, "Error" | "HubError", string][] = [
  [
    "an Error ends it with the generic streaming error",
    {},
    "Error",
    "An error occurred on the server while streaming results.",
  ],
  [
    "an Error ends it with its detail when detailed errors are on",
    { enableDetailedErrors: true },
    "Error",
    "An error occurred on the server while streaming results. Error: disk full",
  ],
  [
    "a HubError ends it with its message without detailed errors",
    {},
    "HubError",
    "An error occurred on the server while streaming results. HubException: disk full",
  ],
];

for (const [behaviour, options, kind, message] of STREAM_ERRORS) {
  Deno.test(`a stream that throws mid-stream: the items before arrive, then ${behaviour}`, async () => {
    await withHub(VARIANTS[0], options, async (connection) => {
      const [items, error] = await settle(connection.stream("FailAfter", 3, kind, "disk full"));
      assert.deepEqual(items, [0, 1, 2]);
      assert.equal(error?.message, message);
      assert.equal(await connection.invoke("Echo", "still connected"), "still connected");
    });
  });
}

for (const v of VARIANTS) {
  Deno.test(`${v.name}: two concurrent streams on one connection interleave and both complete`, async () => {
    await withHub(v, {}, async (connection) => {
      const arrivals: unknown[] = [];
      const record = (stream: signalR.IStreamResult<unknown>) =>
        new Promise<void>((resolve, reject) =>
          stream.subscribe({
            next: (item) => arrivals.push(item),
            complete: resolve,
            error: reject,
          })
        );
      await Promise.all([
        record(connection.stream("Lockstep", "a", 3)),
        record(connection.stream("Lockstep", "b", 3)),
      ]);
      const rounds = [0, 1, 2].map((i) => arrivals.slice(2 * i, 2 * i + 2).sort());
      assert.deepEqual(rounds, [["a0", "b0"], ["a1", "b1"], ["a2", "b2"]]);
    });
  });

  Deno.test(`${v.name}: a stream of 2,000 items arrives complete and in order`, async () => {
    await withHub(v, {}, async (connection) => {
      const [items, error] = await settle(connection.stream("Range", 2000));
      assert.equal(error, undefined);
      assert.deepEqual(items, range(2000));
    });
  });

  Deno.test(`${v.name}: an upload of 100 items to a slow reader with streamBufferCapacity 2 arrives whole and in order`, async () => {
    await withHub(v, { streamBufferCapacity: 2 }, async (connection) => {
      const subject = new signalR.Subject<number>();
      const received = connection.invoke("GatherSlowly", subject);
      for (const i of range(100)) subject.next(i);
      subject.complete();
      assert.deepEqual(await received, range(100));
    });
  });

  Deno.test(`${v.name}: an upload whose Subject errors makes the hub's for-await throw the client's error`, async () => {
    await withHub(v, {}, async (connection) => {
      const subject = new signalR.Subject<string>();
      const outcome = connection.invoke("Gather", subject);
      subject.next("only item");
      subject.error(new Error("client gave up"));
      assert.deepEqual(await outcome, { received: ["only item"], error: "client gave up" });
    });
  });
}

Deno.test("canceling a stream stops its generator and leaves the connection working", async () => {
  await withHub(VARIANTS[0], {}, async (connection, journal) => {
    const first = Promise.withResolvers<unknown>();
    const subscription = connection.stream("Endless").subscribe({
      next: first.resolve,
      complete: () => first.reject(new Error("completed early")),
      error: first.reject,
    });
    assert.equal(await first.promise, 0);
    subscription.dispose();
    await journal.endlessStopped.promise;
    assert.equal(await connection.invoke("Echo", "after cancel"), "after cancel");
    assert.deepEqual(await settle(connection.stream("Range", 3)), [[0, 1, 2]]);
    assert.equal(connection.state, signalR.HubConnectionState.Connected);
  });
});
