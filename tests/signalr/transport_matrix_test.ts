/**
 * The whole protocol with the official client over every transport and hub
 * protocol it allows: WebSockets and long polling with JSON and MessagePack,
 * Server-Sent Events with JSON. One test per pair, covering invocations,
 * sends, streams both ways, cancellation, client results, groups across
 * transports and the chat hub.
 */
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { ChatHub } from "../../hubs/chat/mod.ts";
import { Hub, mapHub } from "../../signalr/mod.ts";
import { nextEvent, serve } from "../helpers/server.ts";
import { messagePack, type Variant, variant, VARIANTS } from "../helpers/variants.ts";
import { collect } from "../helpers/wait.ts";

/** What the hubs of one test share: hub instances live for one call only. */
class Journal {
  readonly entries: string[] = [];
  readonly streamAborted = Promise.withResolvers<boolean>();
  readonly streamStopped = Promise.withResolvers<void>();
}

class MatrixHub extends Hub {
  readonly #journal: Journal;

  constructor(journal: Journal) {
    super();
    this.#journal = journal;
  }

  echo(value: unknown) {
    return value;
  }

  record(entry: string) {
    this.#journal.entries.push(entry);
  }

  entries() {
    return this.#journal.entries;
  }

  async *count(n: number) {
    for (let i = 0; i < n; i++) yield `item ${i}`;
  }

  async sum(numbers: AsyncIterable<number>) {
    let total = 0;
    for await (const n of numbers) total += n;
    return total;
  }

  async *ticks() {
    try {
      yield "tick";
      await new Promise((resolve) => {
        if (this.signal.aborted) resolve(undefined);
        this.signal.addEventListener("abort", resolve);
      });
      this.#journal.streamAborted.resolve(this.signal.aborted);
    } finally {
      this.#journal.streamStopped.resolve();
    }
  }

  askCaller(question: string) {
    return this.clients.caller.invoke("Ask", question);
  }

  join(group: string) {
    return this.groups.addToGroup(this.context.connectionId, group);
  }

  toGroup(group: string, text: string) {
    return this.clients.group(group).send("Broadcast", text);
  }
}

/** What a test gets from {@linkcode withServer}. */
interface Lab {
  readonly journal: Journal;
  /** Builds and starts an official client to `path` with `variant`; stopped at the end. */
  connect(variant: Variant, path?: string): Promise<signalR.HubConnection>;
}

/** Serves a MatrixHub at `/hub` and the chat hub at `/hubs/chat` for `body`. */
async function withServer(body: (lab: Lab) => Promise<void>): Promise<void> {
  const journal = new Journal();
  const hub = mapHub("/hub", () => new MatrixHub(journal), { logError: () => {} });
  const chat = mapHub("/hubs/chat", () => new ChatHub(), { logError: () => {} });
  const server = serve(
    (request) =>
      new URL(request.url).pathname.startsWith(chat.path)
        ? chat.fetch(request)
        : hub.fetch(request),
    async () => {
      await hub.close();
      await chat.close();
    },
  );
  const connections: signalR.HubConnection[] = [];
  try {
    await body({
      journal,
      async connect(variant, path = "/hub") {
        const connection = new signalR.HubConnectionBuilder()
          .withUrl(`${server.url}${path}`, {
            transport: variant.transport,
            logger: signalR.NullLogger.instance,
          })
          .withHubProtocol(variant.protocol())
          .build();
        connections.push(connection);
        await connection.start();
        return connection;
      },
    });
  } finally {
    await Promise.all(connections.map((connection) => connection.stop()));
    await server.close();
  }
}

const VALUES: readonly unknown[] = [
  "héllo wörld ✓ 日本語 🎉",
  "",
  42,
  -1.5,
  2 ** 40,
  true,
  null,
  [1, "two", null, false],
  { name: "Zoë", tags: ["a", "b"], inner: { ok: true, none: null, deeper: { n: 0 } } },
];

for (const v of VARIANTS) {
  const other = VARIANTS.find((candidate) =>
    candidate.transport !== v.transport && candidate.protocol().name !== v.protocol().name
  )!;

  Deno.test(`${v.name}: invoke returns text, numbers, nested objects and null intact`, async () => {
    await withServer(async ({ connect }) => {
      const connection = await connect(v);
      for (const value of VALUES) {
        assert.deepEqual(await connection.invoke("Echo", value), value);
      }
    });
  });

  Deno.test(`${v.name}: send runs the method without a reply`, async () => {
    await withServer(async ({ connect }) => {
      const connection = await connect(v);
      await connection.send("Record", "sent ✓");
      assert.deepEqual(await connection.invoke("Entries"), ["sent ✓"]);
    });
  });

  Deno.test(`${v.name}: a server-to-client stream is read in full`, async () => {
    await withServer(async ({ connect }) => {
      const connection = await connect(v);
      assert.deepEqual(await collect(connection.stream("Count", 5)), [
        "item 0",
        "item 1",
        "item 2",
        "item 3",
        "item 4",
      ]);
    });
  });

  Deno.test(`${v.name}: a client-to-server Subject reaches the hub as an async iterable`, async () => {
    await withServer(async ({ connect }) => {
      const connection = await connect(v);
      const subject = new signalR.Subject<number>();
      const total = connection.invoke("Sum", subject);
      for (const n of [1, 2, 3.5]) subject.next(n);
      subject.complete();
      assert.equal(await total, 6.5);
    });
  });

  Deno.test(`${v.name}: disposing a stream subscription aborts the hub's signal and stops the generator`, async () => {
    await withServer(async ({ connect, journal }) => {
      const connection = await connect(v);
      const first = Promise.withResolvers<unknown>();
      const subscription = connection.stream("Ticks").subscribe({
        next: first.resolve,
        complete: () => first.reject(new Error("completed early")),
        error: first.reject,
      });
      assert.equal(await first.promise, "tick");
      subscription.dispose();
      assert.equal(await journal.streamAborted.promise, true);
      await journal.streamStopped.promise;
      assert.equal(await connection.invoke("Echo", "after"), "after");
    });
  });

  Deno.test(`${v.name}: a client result returns the client handler's value`, async () => {
    await withServer(async ({ connect }) => {
      const connection = await connect(v);
      connection.on("Ask", (question: string) => ({ answer: `${question} → oui`, n: 7 }));
      assert.deepEqual(await connection.invoke("AskCaller", "ça va?"), {
        answer: "ça va? → oui",
        n: 7,
      });
    });
  });

  Deno.test(`${v.name}: a group broadcast reaches a member on ${other.name}, both ways`, async () => {
    await withServer(async ({ connect }) => {
      const here = await connect(v);
      const there = await connect(other);
      await here.invoke("Join", "room");
      await there.invoke("Join", "room");
      const arrived = [nextEvent(here, "Broadcast"), nextEvent(there, "Broadcast")];
      await here.invoke("ToGroup", "room", "from here ✓");
      assert.deepEqual(await Promise.all(arrived), [["from here ✓"], ["from here ✓"]]);
      const back = [nextEvent(here, "Broadcast"), nextEvent(there, "Broadcast")];
      await there.invoke("ToGroup", "room", "from there ✓");
      assert.deepEqual(await Promise.all(back), [["from there ✓"], ["from there ✓"]]);
    });
  });

  Deno.test(`${v.name}: chat members of a room hear each other; non-members may not send`, async () => {
    await withServer(async ({ connect }) => {
      const ann = await connect(v, "/hubs/chat");
      const bob = await connect(v, "/hubs/chat");
      await assert.rejects(ann.invoke("SendMessage", "ann", "too early", "lobby"), {
        message:
          "An unexpected error occurred invoking 'SendMessage' on the server. HubException: Join the room 'lobby' first.",
      });
      await ann.invoke("JoinRoom", "ann", "lobby");
      await bob.invoke("JoinRoom", "bob", "lobby");
      const received = nextEvent(bob, "ReceiveMessage");
      await ann.invoke("SendMessage", "ann", "grüß dich 👋", "lobby");
      const [message] = await received;
      const { timestamp, ...rest } = message as Record<string, unknown>;
      assert.deepEqual(rest, { user: "ann", text: "grüß dich 👋", room: "lobby" });
      assert.equal(typeof timestamp, "string");
    });
  });
}

Deno.test("MessagePack over Server-Sent Events is refused: the official client's start() fails", async () => {
  await withServer(async ({ connect }) => {
    await assert.rejects(connect(variant("ServerSentEvents", messagePack)), (error: Error) => {
      assert.match(error.message, /'ServerSentEvents' does not support Binary/);
      return true;
    });
  });
});

for (const v of VARIANTS.filter((v) => v.protocol().name === "messagepack")) {
  Deno.test(`${v.name}: Date and Uint8Array round-trip, alone and nested`, async () => {
    await withServer(async ({ connect }) => {
      const connection = await connect(v);
      const date = new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
      const bytes = new Uint8Array([0, 1, 127, 128, 255]);
      const echoedDate = await connection.invoke("Echo", date);
      assert.ok(echoedDate instanceof Date, "a Date comes back as a Date");
      assert.equal(echoedDate.getTime(), date.getTime());
      const echoedBytes = await connection.invoke("Echo", bytes);
      assert.ok(echoedBytes instanceof Uint8Array, "bytes come back as bytes");
      assert.deepEqual([...echoedBytes], [...bytes]);
      const nested = await connection.invoke("Echo", { when: date, data: bytes, list: [date] });
      assert.equal(nested.when.getTime(), date.getTime());
      assert.deepEqual([...nested.data], [...bytes]);
      assert.equal(nested.list[0].getTime(), date.getTime());
    });
  });
}
