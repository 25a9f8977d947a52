/**
 * Write coalescing: what a hub writes to one connection in one burst leaves
 * as one WebSocket frame, in order; separate bursts stay separate frames.
 */
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { Hub, mapHub } from "../../signalr/mod.ts";
import { Outbox, scheduleFlush } from "../../signalr/outbox.ts";
import { serve } from "../helpers/server.ts";
import { VARIANTS } from "../helpers/variants.ts";

class BurstHub extends Hub {
  /** Sends `Item(1)` … `Item(count)` to the caller, then returns `count`. */
  burst(count: number): number {
    for (let i = 1; i <= count; i++) void this.clients.caller.send("Item", i);
    return count;
  }
}

/** Collects the frames a raw WebSocket receives after the handshake. */
async function rawClient(url: string) {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/hubs/burst`);
  const frames: string[] = [];
  let wake: (() => void) | undefined;
  socket.onmessage = (event) => {
    frames.push(String(event.data));
    wake?.();
  };
  await new Promise((resolve) => socket.onopen = resolve);
  socket.send('{"protocol":"json","version":1}\x1e');
  /** Waits until `done()` holds; fails after 5 s rather than hang. */
  const until = async (done: () => boolean) => {
    const deadline = Date.now() + 5_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`Waited in vain; frames: ${frames}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  };
  await until(() => frames.length === 1); // the handshake response
  frames.length = 0;
  return {
    frames,
    until,
    send: (record: string) => socket.send(record + "\x1e"),
    async close() {
      const closed = new Promise((resolve) => socket.onclose = resolve);
      socket.close();
      await closed;
    },
  };
}

const records = (frame: string) => frame.split("\x1e").filter(Boolean).map((r) => JSON.parse(r));

Deno.test("a burst of messages and its completion leave as one frame, in order", async () => {
  const hub = mapHub("/hubs/burst", () => new BurstHub());
  const server = serve((request) => hub.fetch(request), () => hub.close());
  const client = await rawClient(server.url);
  try {
    client.send('{"type":1,"invocationId":"1","target":"Burst","arguments":[5]}');
    await client.until(() => client.frames.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(client.frames.length, 1, "one frame for the whole burst");
    assert.deepEqual(records(client.frames[0]), [
      ...[1, 2, 3, 4, 5].map((i) => ({ type: 1, target: "Item", arguments: [i] })),
      { type: 3, invocationId: "1", result: 5 },
    ]);
    client.send('{"type":1,"invocationId":"2","target":"Burst","arguments":[1]}');
    await client.until(() => client.frames.length >= 2);
    assert.equal(records(client.frames[1]).length, 2, "a later burst is a frame of its own");
  } finally {
    await client.close();
    await server.close();
  }
});

for (const variant of VARIANTS) {
  Deno.test(`the official client reads every message of a coalesced burst (${variant.name})`, async () => {
    const hub = mapHub("/hubs/burst", () => new BurstHub());
    const server = serve((request) => hub.fetch(request), () => hub.close());
    const connection = new signalR.HubConnectionBuilder()
      .withUrl(`${server.url}/hubs/burst`, {
        transport: variant.transport,
        logger: signalR.NullLogger.instance,
      })
      .withHubProtocol(variant.protocol())
      .build();
    try {
      const items: number[] = [];
      connection.on("Item", (i: number) => void items.push(i));
      await connection.start();
      assert.equal(await connection.invoke("Burst", 100), 100);
      assert.deepEqual(items, Array.from({ length: 100 }, (_, i) => i + 1));
    } finally {
      await connection.stop();
      await server.close();
    }
  });
}

Deno.test("Outbox: joins text as text and binary as bytes, and forgets what it sent", () => {
  const text = new Outbox();
  assert.equal(text.add("a\x1e"), true);
  assert.equal(text.add("b\x1e"), false);
  assert.equal(text.take(), "a\x1eb\x1e");
  assert.equal(text.take(), undefined);
  const binary = new Outbox();
  binary.add(new Uint8Array([1, 2]));
  binary.add(new Uint8Array([3]));
  assert.deepEqual(binary.take(), new Uint8Array([1, 2, 3]));
  binary.add(new Uint8Array([4]));
  binary.clear();
  assert.equal(binary.take(), undefined);
});

Deno.test("scheduleFlush: one target failing does not keep the others from flushing", async () => {
  const flushed: string[] = [];
  const logged: unknown[] = [];
  const error = console.error;
  console.error = (...args: unknown[]) => void logged.push(args);
  try {
    scheduleFlush({ flush: () => flushed.push("first") });
    scheduleFlush({
      flush: () => {
        throw new Error("broken transport");
      },
    });
    scheduleFlush({ flush: () => flushed.push("third") });
    await Promise.resolve();
    assert.deepEqual(flushed, ["first", "third"]);
    assert.equal(logged.length, 1);
  } finally {
    console.error = error;
  }
});
