/**
 * The typed client against real hubs on a loopback port: events arrive as
 * Observables and stop once unsubscribed, invocations and streams are typed
 * by the contract, the access-token factory opens an authorized hub, the
 * transport and protocol options apply, and a failing rejoin action is
 * reported on `errors$`.
 */
import assert from "node:assert/strict";
import { filter, firstValueFrom, lastValueFrom, take, toArray } from "rxjs";
import { HttpTransportType, LogLevel } from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { Hub, jwtBearer, mapHub, messagePackProtocol } from "../../signalr/mod.ts";
import { createApp } from "../../app.ts";
import { ChatHub, chatModule } from "../../hubs/chat/mod.ts";
import { jobsModule } from "../../hubs/jobs/mod.ts";
import { CHAT_HUB_PATH, type ChatContract, type ChatMessage } from "../../hubs/chat/contract.ts";
import { JOB_HUB_PATH, type JobContract } from "../../hubs/jobs/contract.ts";
import { type HubClient, hubClient, type HubClientOptions } from "../../client/mod.ts";
import type { HubMethodsOf } from "../../client/hub_typing.ts";
import { serve } from "../helpers/server.ts";
import { SECRET, tokenFor } from "../helpers/tokens.ts";

const QUIET: HubClientOptions = { logger: LogLevel.None };

/** Runs `fn` against the chat hub on a fresh server, stopping it and every client afterwards. */
async function withChat(
  fn: (connect: () => HubClient<ChatContract>) => Promise<void>,
): Promise<void> {
  const app = createApp([chatModule()]);
  const server = serve(app.hono.fetch, () => app.close());
  const clients: HubClient<ChatContract>[] = [];
  try {
    await fn(() => {
      const client = hubClient<ChatContract>(`${server.url}${CHAT_HUB_PATH}`, QUIET);
      clients.push(client);
      return client;
    });
  } finally {
    await Promise.all(clients.map((client) => client.stop()));
    await server.close();
  }
}

Deno.test("hub client: an event's Observable delivers its payload; unsubscribing stops delivery", async () => {
  await withChat(async (connect) => {
    const alice = connect();
    const bob = connect();
    for (const [client, user] of [[alice, "Alice"], [bob, "Bob"]] as const) {
      await client.start();
      await client.invoke("JoinRoom", user, "lobby");
    }
    const early: ChatMessage[] = [];
    const all: ChatMessage[] = [];
    const earlySubscription = alice.on("ReceiveMessage").subscribe((m) => early.push(m));
    alice.on("ReceiveMessage").subscribe((m) => all.push(m));
    const carolJoined = firstValueFrom(
      alice.on("UserJoined").pipe(filter(([user]) => user === "Carol")),
    );

    const first = firstValueFrom(alice.on("ReceiveMessage"));
    await bob.invoke("SendMessage", "Bob", "first", "lobby");
    assert.equal((await first).text, "first");

    earlySubscription.unsubscribe();
    const second = firstValueFrom(alice.on("ReceiveMessage"));
    await bob.invoke("SendMessage", "Bob", "second", "lobby");
    await second;
    // Every handler of an event runs for the same message: the second has reached them all.
    assert.deepEqual(early.map((m) => m.text), ["first"]);
    assert.deepEqual(all.map((m) => [m.user, m.text, m.room]), [
      ["Bob", "first", "lobby"],
      ["Bob", "second", "lobby"],
    ]);

    const carol = connect();
    await carol.start();
    await carol.invoke("JoinRoom", "Carol", "lobby");
    assert.deepEqual(
      await carolJoined,
      ["Carol", "lobby"],
      "a multi-argument event emits its tuple",
    );
  });
});

Deno.test("hub client: a hub error, or a second start, rejects and leaves the client connected", async () => {
  await withChat(async (connect) => {
    const alice = connect();
    await alice.start();
    await assert.rejects(
      alice.invoke("SendMessage", "Alice", "hi", "lobby"),
      /Join the room 'lobby' first\./,
    );
    assert.equal(alice.state, "connected");
    await assert.rejects(alice.start(), /not in the 'Disconnected' state/);
    assert.equal(alice.state, "connected");
  });
});

/** A small contract with a result and a stream, for what the demo hubs do not have. */
interface CounterContract {
  server: {
    Add(a: number, b: number): number;
    Count(to: number): AsyncIterable<number>;
    Forever(): AsyncIterable<number>;
  };
  client: Record<never, never>;
}

class CounterHub extends Hub implements HubMethodsOf<CounterContract["server"]> {
  constructor(private readonly stopped: PromiseWithResolvers<void>) {
    super();
  }

  add(a: number, b: number): number {
    return a + b;
  }

  async *count(to: number): AsyncIterable<number> {
    for (let i = 1; i <= to; i++) yield i;
  }

  async *forever(): AsyncIterable<number> {
    try {
      for (let i = 0;; i++) {
        yield i;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    } finally {
      this.stopped.resolve();
    }
  }
}

Deno.test("hub client: typed results and streams; unsubscribing cancels a stream on the server", async () => {
  const stopped = Promise.withResolvers<void>();
  const endpoint = mapHub("/hubs/counter", () => new CounterHub(stopped));
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const counter = hubClient<CounterContract>(`${server.url}/hubs/counter`, QUIET);
  try {
    await counter.start();
    const sum: number = await counter.invoke("Add", 2, 3);
    assert.equal(sum, 5);
    assert.deepEqual(await lastValueFrom(counter.stream("Count", 4).pipe(toArray())), [1, 2, 3, 4]);
    assert.deepEqual(await lastValueFrom(counter.stream("Forever").pipe(take(3), toArray())), [
      0,
      1,
      2,
    ]);
    await stopped.promise;
    assert.equal(await counter.invoke("Add", 1, 1), 2);
  } finally {
    await counter.stop();
    await server.close();
  }
});

Deno.test("hub client: the access-token factory opens an authorized hub", async () => {
  const app = createApp([
    jobsModule({ hubOptions: { authenticate: jwtBearer({ algorithm: "HS256", key: SECRET }) } }),
  ]);
  const server = serve(app.hono.fetch, () => app.close());
  const url = `${server.url}${JOB_HUB_PATH}`;
  const token = await tokenFor("ann");
  const anonymous = hubClient<JobContract>(url, QUIET);
  const ann = hubClient<JobContract>(url, { ...QUIET, accessTokenFactory: () => token });
  try {
    await assert.rejects(anonymous.start(), /401/);
    assert.equal(anonymous.state, "disconnected");
    await ann.start();
    await assert.rejects(ann.invoke("SubscribeToJob", 1), /Job 1 was not found\./);
  } finally {
    await ann.stop();
    await server.close();
  }
});

Deno.test("hub client: a failing rejoin action goes to errors$ and the others still run", async () => {
  await withChat(async (connect) => {
    const alice = connect();
    const errors: unknown[] = [];
    alice.errors$.subscribe((error) => errors.push(error));
    alice.rejoin(() => alice.invoke("JoinRoom", "", "lobby"));
    alice.rejoin(() => alice.invoke("JoinRoom", "Alice", "lobby"));
    const removed = alice.rejoin(() => alice.invoke("JoinRoom", "Alice", "garden"));
    removed();
    const joined = firstValueFrom(alice.on("UserJoined"));
    await alice.start();
    assert.equal(alice.state, "connected");
    assert.deepEqual(await joined, ["Alice", "lobby"]);
    assert.equal(errors.length, 1);
    assert.match(String(errors[0]), /The user name must not be empty\./);
  });
});

Deno.test("hub client: transport and protocol options reach the official client", async () => {
  // A hub that speaks only MessagePack: a client still on JSON would fail its handshake.
  const endpoint = mapHub(CHAT_HUB_PATH, () => new ChatHub(), { protocols: [messagePackProtocol] });
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const alice = hubClient<ChatContract>(`${server.url}${CHAT_HUB_PATH}`, {
    ...QUIET,
    transport: HttpTransportType.LongPolling,
    protocol: new MessagePackHubProtocol(),
  });
  try {
    const joined = firstValueFrom(alice.on("UserJoined"));
    await alice.start();
    await alice.invoke("JoinRoom", "Alice", "lobby");
    assert.deepEqual(await joined, ["Alice", "lobby"]);
    assert.deepEqual(endpoint.stats.connections, { LongPolling: 1 });
  } finally {
    await alice.stop();
    await server.close();
  }
});
