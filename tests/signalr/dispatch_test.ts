/**
 * How invocations reach hub methods and how their results and errors come
 * back, with the official client: names, results, the .NET error texts,
 * ordering and parallelism, and streaming with cancellation.
 */
import assert from "node:assert/strict";
import type { HubConnection } from "@microsoft/signalr";
import { Hub, HubError, type HubOptions, mapHub } from "../../signalr/mod.ts";
import { connectTo, serve } from "../helpers/server.ts";
import { collect } from "../helpers/wait.ts";

/** What the hubs of one test share: hub instances live for one call only. */
class Journal {
  readonly entries: string[] = [];
  readonly logged: unknown[] = [];
  readonly streamAborted = Promise.withResolvers<void>();
  readonly bothMet = Promise.withResolvers<void>();
  arrivals = 0;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class DispatchHub extends Hub {
  readonly #journal: Journal;

  constructor(journal: Journal) {
    super();
    this.#journal = journal;
  }

  override async onConnected() {
    await delay(20);
    this.context.items.set("greeted", true);
  }

  echo(value: unknown) {
    return value;
  }

  greeted() {
    return this.context.items.get("greeted") ?? false;
  }

  add(a: number, b: number) {
    return a + b;
  }

  nothing() {}

  record(entry: string) {
    this.#journal.entries.push(entry);
  }

  entries() {
    return this.#journal.entries;
  }

  async slow(label: string) {
    this.#journal.entries.push(`${label} started`);
    await delay(50);
    this.#journal.entries.push(`${label} finished`);
  }

  /** Returns once two calls are inside at the same time, or "alone" after 5 s. */
  async meet() {
    if (++this.#journal.arrivals === 2) this.#journal.bothMet.resolve();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const alone = new Promise((resolve) => timer = setTimeout(() => resolve("alone"), 5000));
    try {
      return await Promise.race([this.#journal.bothMet.promise.then(() => "met"), alone]);
    } finally {
      clearTimeout(timer);
    }
  }

  fail() {
    throw new Error("database password is hunter2");
  }

  refuse() {
    throw new HubError("You may not do that.");
  }

  _helper() {
    return "private";
  }

  async *count(n: number) {
    for (let i = 0; i < n; i++) {
      await delay(0);
      yield i;
    }
  }

  async *burst() {
    yield "first";
    throw new Error("disk on fire");
  }

  async *refusal() {
    yield "first";
    throw new HubError("No more items for you.");
  }

  async *ticks() {
    yield "tick";
    if (!this.signal.aborted) {
      await new Promise((resolve) => this.signal.addEventListener("abort", resolve));
    }
    this.#journal.streamAborted.resolve();
  }
}

/** Serves a DispatchHub with `options`, connects one official client, and stops both after `body`. */
async function withHub(
  options: HubOptions,
  body: (connection: HubConnection, journal: Journal) => Promise<void>,
): Promise<void> {
  const journal = new Journal();
  const endpoint = mapHub("/hub", () => new DispatchHub(journal), {
    logError: (_message, error) => journal.logged.push(error),
    ...options,
  });
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const connection = await connectTo(`${server.url}/hub`);
  try {
    await body(connection, journal);
  } finally {
    await connection.stop();
    await server.close();
  }
}

Deno.test("method names match case-insensitively", async () => {
  await withHub({}, async (connection) => {
    for (const name of ["Echo", "echo", "ECHO", "eChO"]) {
      assert.equal(await connection.invoke(name, name), name);
    }
  });
});

Deno.test("invocations wait until onConnected has finished", async () => {
  await withHub({}, async (connection) => {
    assert.equal(await connection.invoke("Greeted"), true);
  });
});

Deno.test("results come back: strings, numbers, objects, arrays and null", async () => {
  await withHub({}, async (connection) => {
    assert.equal(await connection.invoke("Echo", "héllo ✓"), "héllo ✓");
    assert.equal(await connection.invoke("Add", 2, 3.5), 5.5);
    const nested = { name: "ann", tags: ["a", "b"], inner: { ok: true, none: null } };
    assert.deepEqual(await connection.invoke("Echo", nested), nested);
    assert.deepEqual(await connection.invoke("Echo", [1, "two", false]), [1, "two", false]);
    assert.equal(await connection.invoke("Echo", null), null);
  });
});

Deno.test("a method that returns undefined completes with a null result", async () => {
  await withHub({}, async (connection) => {
    assert.equal(await connection.invoke("Nothing"), null);
  });
});

Deno.test("send runs the method without waiting for a reply", async () => {
  await withHub({}, async (connection, journal) => {
    await connection.send("Record", "sent one");
    await connection.send("record", "sent two");
    assert.deepEqual(await connection.invoke("Entries"), ["sent one", "sent two"]);
    assert.deepEqual(journal.entries, ["sent one", "sent two"]);
  });
});

Deno.test("an unknown method is rejected with 'Method does not exist.'", async () => {
  await withHub({}, async (connection) => {
    await assert.rejects(connection.invoke("Missing", 1), {
      message:
        "Failed to invoke 'Missing' due to an error on the server. HubException: Method does not exist.",
    });
  });
});

Deno.test("a wrong argument count is rejected without detail by default", async () => {
  await withHub({}, async (connection) => {
    await assert.rejects(connection.invoke("Echo", 1, 2), {
      message: "Failed to invoke 'Echo' due to an error on the server.",
    });
    await assert.rejects(connection.invoke("Add", 1), {
      message: "Failed to invoke 'Add' due to an error on the server.",
    });
  });
});

Deno.test("a wrong argument count names the counts with detailed errors on", async () => {
  await withHub({ enableDetailedErrors: true }, async (connection) => {
    await assert.rejects(connection.invoke("Echo", 1, 2), {
      message: "Failed to invoke 'Echo' due to an error on the server. " +
        "InvalidDataException: Invocation provides 2 argument(s) but target expects 1.",
    });
  });
});

Deno.test("a thrown Error reaches the caller as a generic message and is logged", async () => {
  await withHub({}, async (connection, journal) => {
    const error: Error = await connection.invoke("Fail").then(
      () => assert.fail("Fail should reject"),
      (error) => error,
    );
    assert.equal(error.message, "An unexpected error occurred invoking 'Fail' on the server.");
    assert.doesNotMatch(error.message, /hunter2/);
    assert.doesNotMatch(error.message, /\bat\b.*:\d+/);
    assert.equal(journal.logged.length, 1);
    assert.match(String(journal.logged[0]), /hunter2/);
  });
});

Deno.test("a thrown Error carries its type and message with detailed errors on", async () => {
  await withHub({ enableDetailedErrors: true }, async (connection) => {
    await assert.rejects(connection.invoke("Fail"), {
      message:
        "An unexpected error occurred invoking 'Fail' on the server. Error: database password is hunter2",
    });
  });
});

Deno.test("a thrown HubError reaches the caller with its message", async () => {
  await withHub({}, async (connection, journal) => {
    await assert.rejects(connection.invoke("Refuse"), {
      message:
        "An unexpected error occurred invoking 'Refuse' on the server. HubException: You may not do that.",
    });
    assert.deepEqual(journal.logged, []);
  });
});

Deno.test("a failed invocation leaves the connection working", async () => {
  await withHub({}, async (connection) => {
    await assert.rejects(connection.invoke("Fail"));
    await assert.rejects(connection.invoke("Missing"));
    await assert.rejects(connection.invoke("Echo"));
    assert.equal(await connection.invoke("Echo", "still here"), "still here");
    assert.equal(connection.state, "Connected");
  });
});

Deno.test("methods starting with _, the lifecycle methods and Object's methods are not invocable", async () => {
  await withHub({}, async (connection) => {
    const names = [
      "_helper",
      "OnConnected",
      "onDisconnected",
      "constructor",
      "toString",
      "valueOf",
    ];
    for (const name of names) {
      await assert.rejects(connection.invoke(name), {
        message:
          `Failed to invoke '${name}' due to an error on the server. HubException: Method does not exist.`,
      });
    }
  });
});

Deno.test("one connection's invocations run one at a time, in order, by default", async () => {
  await withHub({}, async (connection, journal) => {
    await Promise.all([
      connection.invoke("Slow", "first"),
      connection.invoke("Record", "second"),
      connection.invoke("Slow", "third"),
    ]);
    assert.deepEqual(journal.entries, [
      "first started",
      "first finished",
      "second",
      "third started",
      "third finished",
    ]);
  });
});

Deno.test("maximumParallelInvocationsPerClient 2 lets two calls overlap", async () => {
  await withHub({ maximumParallelInvocationsPerClient: 2 }, async (connection) => {
    const results = await Promise.all([connection.invoke("Meet"), connection.invoke("Meet")]);
    assert.deepEqual(results, ["met", "met"]);
  });
});

Deno.test("an async generator method streams its items, then completes", async () => {
  await withHub({}, async (connection) => {
    assert.deepEqual(await collect(connection.stream("Count", 4)), [0, 1, 2, 3]);
    assert.deepEqual(await collect(connection.stream("count", 0)), []);
  });
});

Deno.test("a stream that throws ends with the generic streaming error", async () => {
  await withHub({}, async (connection) => {
    await assert.rejects(collect(connection.stream("Burst")), {
      message: "An error occurred on the server while streaming results.",
    });
  });
});

Deno.test("a stream's error carries its detail for a HubError or with detailed errors on", async () => {
  await withHub({}, async (connection) => {
    await assert.rejects(collect(connection.stream("Refusal")), {
      message: "An error occurred on the server while streaming results. " +
        "HubException: No more items for you.",
    });
  });
  await withHub({ enableDetailedErrors: true }, async (connection) => {
    await assert.rejects(collect(connection.stream("Burst")), {
      message: "An error occurred on the server while streaming results. Error: disk on fire",
    });
  });
});

Deno.test("invoking a streaming method without streaming is rejected", async () => {
  await withHub({}, async (connection) => {
    await assert.rejects(connection.invoke("Count", 3), {
      message:
        "The client attempted to invoke the streaming 'Count' method with a non-streaming invocation.",
    });
  });
});

Deno.test("streaming a non-streaming method is rejected", async () => {
  await withHub({}, async (connection) => {
    await assert.rejects(collect(connection.stream("Echo", 1)), {
      message:
        "The client attempted to invoke the non-streaming 'Echo' method with a streaming invocation.",
    });
  });
});

Deno.test("disposing a stream subscription aborts the hub's signal", async () => {
  await withHub({}, async (connection, journal) => {
    const first = Promise.withResolvers<unknown>();
    const subscription = connection.stream("Ticks").subscribe({
      next: first.resolve,
      complete: () => first.reject(new Error("completed early")),
      error: first.reject,
    });
    assert.equal(await first.promise, "tick");
    subscription.dispose();
    await journal.streamAborted.promise;
    assert.equal(await connection.invoke("Echo", "after"), "after");
  });
});
