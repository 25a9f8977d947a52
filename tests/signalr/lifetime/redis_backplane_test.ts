/**
 * The Redis backplane against a real `redis-server`: binary payloads travel
 * intact, an outage is noticed and reported once, publishing fails at once
 * while Redis is away (nothing is queued), and subscriptions, old and new,
 * work again after Redis comes back.
 */
import assert from "node:assert/strict";
import { RedisBackplane } from "../../../signalr/mod.ts";
import { redisMissingReason, startRedis, type TestRedis } from "../../helpers/redis.ts";
import { bounded } from "../../helpers/wait.ts";

const missing = redisMissingReason();
if (missing) console.warn(`Skipping the Redis backplane tests: ${missing}`);

/** Runs `body` with a fresh redis-server and two backplanes on it (two processes). */
function redisTest(
  name: string,
  body: (redis: TestRedis, a: RedisBackplane, b: RedisBackplane, log: string[]) => Promise<void>,
) {
  Deno.test({ name, ignore: missing !== undefined }, async () => {
    const redis = await startRedis();
    const log: string[] = [];
    const a = new RedisBackplane(redis.url, { log: (message) => log.push(message) });
    const b = new RedisBackplane(redis.url, { log: () => {} });
    try {
      await Promise.all([a.connected(), b.connected()]);
      await body(redis, a, b, log);
    } finally {
      a.close();
      b.close();
      await redis.stop();
    }
  });
}

/** The payloads `backplane` receives on `channel`, and a way to wait for the next one. */
async function listen(backplane: RedisBackplane, channel: string) {
  const received: Uint8Array[] = [];
  let arrived = Promise.withResolvers<void>();
  await backplane.subscribe(channel, (payload) => {
    received.push(payload);
    arrived.resolve();
  });
  return {
    received,
    /** The next payload, within 10 s. */
    async next(): Promise<Uint8Array> {
      await bounded(arrived.promise, `a message on ${channel}`, 10_000);
      arrived = Promise.withResolvers<void>();
      return received.shift()!;
    },
  };
}

/** Polls until `done()` holds, at most `ms`; the caller asserts afterwards. */
async function waitUntil(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: string) => new TextEncoder().encode(value);

redisTest("a binary payload is published and received intact", async (_redis, a, b) => {
  const inbox = await listen(b, "test:binary");
  const every = Uint8Array.from({ length: 256 }, (_, i) => i);
  await a.publish("test:binary", every);
  assert.deepEqual(await inbox.next(), every);
  // A view into a larger buffer: only the viewed bytes travel.
  const buffer = new Uint8Array(64).fill(0xee);
  buffer.set([0x00, 0xc1, 0xff, 0x1e], 10);
  await a.publish("test:binary", buffer.subarray(10, 14));
  assert.deepEqual(await inbox.next(), new Uint8Array([0x00, 0xc1, 0xff, 0x1e]));
});

redisTest(
  "a publisher receives its own messages, and unsubscribing stops delivery",
  async (_redis, a) => {
    const mine = await listen(a, "test:mine");
    const other = await listen(a, "test:other");
    await a.publish("test:mine", bytes("one"));
    assert.equal(text(await mine.next()), "one");
    await a.unsubscribe("test:mine");
    await a.publish("test:mine", bytes("two"));
    await a.publish("test:other", bytes("three"));
    // Delivered in order on one connection: "three" arriving means "two" never will.
    assert.equal(text(await other.next()), "three");
    assert.deepEqual(mine.received, []);
  },
);

redisTest(
  "an outage: healthy turns false, logged once; recovery logged once",
  async (redis, a, _b, log) => {
    assert.equal(a.healthy, true);
    await redis.stop();
    await waitUntil(() => !a.healthy, 5_000);
    assert.equal(a.healthy, false);
    // Several reconnection attempts fail meanwhile (backoff 100, 200, 400, 800 ms …).
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    assert.deepEqual(log, [
      "Redis backplane unreachable: serving local clients only, reconnecting.",
    ]);
    await redis.start();
    await waitUntil(() => a.healthy, 15_000);
    assert.equal(a.healthy, true);
    assert.deepEqual(log, [
      "Redis backplane unreachable: serving local clients only, reconnecting.",
      "Redis backplane reachable again: cross-process delivery resumed.",
    ]);
  },
);

redisTest(
  "while Redis is away publish rejects at once and nothing is queued",
  async (redis, a, b) => {
    const inbox = await listen(b, "test:outage");
    await redis.stop();
    await waitUntil(() => !a.healthy, 5_000);
    for (let i = 0; i < 3; i++) {
      await assert.rejects(
        bounded(a.publish("test:outage", bytes(`lost ${i}`)), "publish while down", 2_000),
        (error: Error) => !error.message.includes("nothing within"),
      );
    }
    await redis.start();
    await waitUntil(() => a.healthy && b.healthy, 15_000);
    await a.publish("test:outage", bytes("after"));
    assert.equal(text(await inbox.next()), "after");
    assert.deepEqual(inbox.received, [], "the messages published during the outage never arrive");
  },
);

redisTest("subscriptions made during the outage work after recovery", async (redis, a, b) => {
  const old = await listen(b, "test:old");
  await redis.stop();
  await waitUntil(() => !b.healthy, 5_000);
  const received: string[] = [];
  const arrived = Promise.withResolvers<void>();
  const subscribing = b.subscribe("test:new", (payload) => {
    received.push(text(payload));
    arrived.resolve();
  });
  await redis.start();
  await bounded(subscribing, "subscribing once Redis is back", 15_000);
  await waitUntil(() => a.healthy && b.healthy, 15_000);
  await a.publish("test:new", bytes("new"));
  await a.publish("test:old", bytes("old"));
  await bounded(arrived.promise, "a message on the new subscription", 10_000);
  assert.deepEqual(received, ["new"]);
  assert.equal(text(await old.next()), "old");
});
