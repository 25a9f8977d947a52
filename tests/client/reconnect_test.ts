/**
 * The typed client across server restarts: its state goes connected →
 * reconnecting → connected (or → disconnected once its retries run out), and
 * its `rejoin` actions put it back in its groups before it says connected,
 * so a group message sent after the restart reaches it.
 */
import assert from "node:assert/strict";
import { filter, firstValueFrom, type Observable } from "rxjs";
import { LogLevel } from "@microsoft/signalr";
import { createApp } from "../../app.ts";
import { chatModule } from "../../hubs/chat/mod.ts";
import { CHAT_HUB_PATH, type ChatContract } from "../../hubs/chat/contract.ts";
import {
  type ConnectionState,
  type HubClient,
  hubClient,
  type HubClientOptions,
} from "../../client/mod.ts";
import { serve, type TestServer } from "../helpers/server.ts";

/** Retries every 20 ms for as long as it takes: the restarted server always comes back. */
const KEEP_TRYING: HubClientOptions = {
  logger: LogLevel.None,
  reconnect: { nextRetryDelayInMilliseconds: () => 20 },
};

function startChat(port?: number): TestServer {
  const app = createApp([chatModule()]);
  // Graceful: clients are told they may reconnect, as on a deploy.
  return serve(app.hono.fetch, () => app.close(true), port);
}

/** Records every state `client` goes through. */
function recordStates(client: HubClient<ChatContract>): ConnectionState[] {
  const states: ConnectionState[] = [];
  client.state$.subscribe((state) => states.push(state));
  return states;
}

/** Resolves when `state$` next reaches `wanted`. */
function reaches(state$: Observable<ConnectionState>, wanted: ConnectionState): Promise<unknown> {
  return firstValueFrom(state$.pipe(filter((state) => state === wanted)));
}

Deno.test("reconnect: connected → reconnecting → connected across a restart, rejoining the room", async () => {
  let server = startChat();
  const port = Number(new URL(server.url).port);
  const url = `${server.url}${CHAT_HUB_PATH}`;
  const alice = hubClient<ChatContract>(url, KEEP_TRYING);
  const bob = hubClient<ChatContract>(url, KEEP_TRYING);
  try {
    const states = recordStates(alice);
    let aliceJoins = 0;
    alice.rejoin(async () => {
      aliceJoins++;
      await alice.invoke("JoinRoom", "Alice", "lobby");
    });
    bob.rejoin(() => bob.invoke("JoinRoom", "Bob", "lobby"));
    await Promise.all([alice.start(), bob.start()]);
    assert.deepEqual(states, ["disconnected", "connecting", "connected"]);
    assert.equal(aliceJoins, 1, "a rejoin action also runs on the first start");

    const reconnecting = [alice, bob].map((client) => reaches(client.state$, "reconnecting"));
    await server.close();
    await Promise.all(reconnecting);
    const connected = [alice, bob].map((client) => reaches(client.state$, "connected"));
    server = startChat(port);
    await Promise.all(connected);
    assert.deepEqual(states, [
      "disconnected",
      "connecting",
      "connected",
      "reconnecting",
      "connected",
    ]);
    assert.equal(aliceJoins, 2);

    const received = firstValueFrom(alice.on("ReceiveMessage"));
    await bob.invoke("SendMessage", "Bob", "after the restart", "lobby");
    assert.equal((await received).text, "after the restart");
  } finally {
    await Promise.all([alice.stop(), bob.stop()]);
    await server.close();
  }
});

Deno.test("reconnect: → disconnected once the retries run out, and closed$ emits", async () => {
  const server = startChat();
  const alice = hubClient<ChatContract>(`${server.url}${CHAT_HUB_PATH}`, {
    logger: LogLevel.None,
    reconnect: [0, 10],
  });
  let stopped = false;
  try {
    const states = recordStates(alice);
    const closed = firstValueFrom(alice.closed$);
    await alice.start();
    await server.close();
    stopped = true;
    await closed;
    assert.deepEqual(states, [
      "disconnected",
      "connecting",
      "connected",
      "reconnecting",
      "disconnected",
    ]);
    assert.equal(alice.state, "disconnected");
  } finally {
    await alice.stop();
    if (!stopped) await server.close();
  }
});

Deno.test("reconnect: stop() closes for good, and start() again rejoins", async () => {
  const server = startChat();
  const alice = hubClient<ChatContract>(`${server.url}${CHAT_HUB_PATH}`, KEEP_TRYING);
  try {
    const states = recordStates(alice);
    let joins = 0;
    alice.rejoin(() => {
      joins++;
      return alice.invoke("JoinRoom", "Alice", "lobby");
    });
    const closed = firstValueFrom(alice.closed$);
    await alice.start();
    await alice.stop();
    assert.equal(await closed, undefined);
    await alice.start();
    assert.equal(joins, 2);
    assert.deepEqual(states, [
      "disconnected",
      "connecting",
      "connected",
      "disconnected",
      "connecting",
      "connected",
    ]);
  } finally {
    await alice.stop();
    await server.close();
  }
});

Deno.test("reconnect: with reconnect off, a drop goes straight to disconnected", async () => {
  const server = startChat();
  const alice = hubClient<ChatContract>(`${server.url}${CHAT_HUB_PATH}`, {
    logger: LogLevel.None,
    reconnect: false,
  });
  let stopped = false;
  try {
    const states = recordStates(alice);
    const closed = firstValueFrom(alice.closed$);
    await alice.start();
    await server.close();
    stopped = true;
    await closed;
    assert.deepEqual(states, ["disconnected", "connecting", "connected", "disconnected"]);
  } finally {
    await alice.stop();
    if (!stopped) await server.close();
  }
});
