/**
 * Scale-out with real processes: two Switchboard servers (`main.ts`) share a
 * real `redis-server`. A chat room and the job hub's broadcast span both; when
 * Redis stops, `/readyz` reports "degraded" while local chat goes on, and
 * cross-process delivery resumes once Redis is back.
 */
import assert from "node:assert/strict";
import type * as signalR from "@microsoft/signalr";
import { connectTo, freePort, nextEvent } from "../helpers/server.ts";
import { redisMissingReason, startRedis, type TestRedis } from "../helpers/redis.ts";
import { SECRET, tokenFor } from "../helpers/tokens.ts";

const missing = redisMissingReason();
if (missing) console.warn(`Skipping the multi-process tests: ${missing}`);

const ROOT = new URL("../../", import.meta.url).pathname;

/** A Switchboard process. */
interface Server {
  readonly url: string;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
}

/** Polls until `done()` resolves true, at most `ms`; the caller asserts afterwards. */
async function waitUntil(done: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `main.ts` on a free port with `redisUrl` and its own data directory; waits for `/healthz`. */
async function startServer(redisUrl: string): Promise<Server> {
  const port = freePort();
  const dataDir = await Deno.makeTempDir({ prefix: "switchboard-scale-out-" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: ROOT,
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      REDIS_URL: redisUrl,
      JWT_SECRET: SECRET,
      DATA_DIR: dataDir,
      SHUTDOWN_TIMEOUT_MS: "5000",
    },
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill("SIGTERM");
    await child.status;
    await Deno.remove(dataDir, { recursive: true });
  };
  const healthy = async () => {
    try {
      return (await fetch(`${url}/healthz`).then((r) => r.text())) === "ok";
    } catch {
      return false;
    }
  };
  await waitUntil(healthy, 30_000);
  if (!(await healthy())) {
    await stop();
    throw new Error(`Switchboard on port ${port} did not answer /healthz within 30 s`);
  }
  return { url, stop };
}

/** What a test gets: redis-server, `count` servers on it, and clients stopped afterwards. */
interface Site {
  readonly redis: TestRedis;
  readonly servers: readonly Server[];
  /** Starts one more server on the same redis-server. */
  start(): Promise<Server>;
  /** An official client to `hub` on `server`, optionally with a bearer token. */
  connect(server: Server, hub: string, token?: string): Promise<signalR.HubConnection>;
}

function scaleOutTest(name: string, count: number, body: (site: Site) => Promise<void>) {
  Deno.test({ name, ignore: missing !== undefined }, async () => {
    const redis = await startRedis();
    const servers: Server[] = [];
    const clients: signalR.HubConnection[] = [];
    try {
      for (let i = 0; i < count; i++) servers.push(await startServer(redis.url));
      await body({
        redis,
        servers,
        async start() {
          const server = await startServer(redis.url);
          servers.push(server);
          return server;
        },
        async connect(server, hub, token) {
          const connection = await connectTo(`${server.url}${hub}`, {
            accessTokenFactory: token === undefined ? undefined : () => token,
          });
          clients.push(connection);
          return connection;
        },
      });
    } finally {
      await Promise.all(clients.map((client) => client.stop()));
      await Promise.all(servers.map((server) => server.stop()));
      await redis.stop();
    }
  });
}

async function readiness(server: Server): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: await response.json() };
}

/** Joins `room` as `user`. */
async function join(connection: signalR.HubConnection, user: string, room: string) {
  await connection.invoke("JoinRoom", user, room);
}

scaleOutTest("a chat room spans processes", 2, async ({ servers: [a, b], connect }) => {
  const ann = await connect(a, "/hubs/chat");
  const bob = await connect(b, "/hubs/chat");
  await join(ann, "ann", "lobby");
  const joined = nextEvent(ann, "UserJoined");
  await join(bob, "bob", "lobby");
  assert.deepEqual(await joined, ["bob", "lobby"]);
  const toBob = nextEvent(bob, "ReceiveMessage");
  await ann.invoke("SendMessage", "ann", "hallo von A ✓", "lobby");
  const [message] = await toBob as [Record<string, unknown>];
  assert.deepEqual({ ...message, timestamp: typeof message.timestamp }, {
    user: "ann",
    text: "hallo von A ✓",
    room: "lobby",
    timestamp: "string",
  });
  const toAnn = nextEvent(ann, "ReceiveMessage");
  await bob.invoke("SendMessage", "bob", "und zurück", "lobby");
  assert.equal((await toAnn as [{ text: string }])[0].text, "und zurück");
});

scaleOutTest(
  "an admin's SystemNotification on A reaches a job subscriber on B",
  2,
  async ({ servers: [a, b], connect }) => {
    const annToken = await tokenFor("ann");
    const created = await fetch(`${b.url}/api/jobs`, {
      method: "POST",
      headers: { Authorization: `Bearer ${annToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ type: "report", stepMs: 10, rows: 3 }),
    });
    assert.equal(created.status, 202);
    const { id } = await created.json() as { id: number };
    const ann = await connect(b, "/hubs/job", annToken);
    const confirmed = nextEvent(ann, "SubscriptionConfirmed");
    await ann.invoke("SubscribeToJob", id);
    assert.deepEqual(await confirmed, [id]);
    const admin = await connect(a, "/hubs/job", await tokenFor("root", "Admin"));
    const notified = nextEvent(ann, "SystemNotification");
    await admin.invoke("BroadcastSystemNotification", "Wartung in 5 Minuten");
    assert.deepEqual(await notified, ["Wartung in 5 Minuten"]);
  },
);

scaleOutTest(
  "a Redis outage: /readyz says degraded, local chat goes on, delivery resumes after it",
  2,
  async ({ redis, servers: [a, b], connect }) => {
    const ann = await connect(a, "/hubs/chat");
    const bob = await connect(b, "/hubs/chat");
    const cat = await connect(a, "/hubs/chat");
    await join(ann, "ann", "lobby");
    await join(bob, "bob", "lobby");
    assert.deepEqual(await readiness(a), {
      status: 200,
      body: { status: "ready", backplane: "ok" },
    });

    await redis.stop();
    await waitUntil(async () => (await readiness(a)).status === 503, 10_000);
    assert.deepEqual(await readiness(a), {
      status: 503,
      body: { status: "degraded", backplane: "unreachable" },
    });
    // Everything on one process works without Redis.
    await join(cat, "cat", "kitchen");
    const joined = nextEvent(cat, "UserJoined");
    await join(ann, "ann", "kitchen");
    assert.deepEqual(await joined, ["ann", "kitchen"]);
    const toCat = nextEvent(cat, "ReceiveMessage");
    await ann.invoke("SendMessage", "ann", "nur lokal", "kitchen");
    assert.equal((await toCat as [{ text: string }])[0].text, "nur lokal");
    // A message for bob on the other process is lost, not queued.
    const bobReceived: string[] = [];
    bob.on("ReceiveMessage", (message: { text: string }) => bobReceived.push(message.text));
    await ann.invoke("SendMessage", "ann", "verloren", "lobby");

    await redis.start();
    await waitUntil(async () => (await readiness(a)).status === 200, 20_000);
    await waitUntil(async () => (await readiness(b)).status === 200, 20_000);
    assert.deepEqual(await readiness(a), {
      status: 200,
      body: { status: "ready", backplane: "ok" },
    });
    assert.equal((await readiness(b)).status, 200);
    const toBob = nextEvent(bob, "ReceiveMessage");
    await ann.invoke("SendMessage", "ann", "wieder da", "lobby");
    assert.equal((await toBob as [{ text: string }])[0].text, "wieder da");
    assert.deepEqual(bobReceived, ["wieder da"]);
  },
);

scaleOutTest(
  "during a Redis outage a client can still leave a room on its process",
  1,
  async ({ redis, servers: [a], connect }) => {
    const ann = await connect(a, "/hubs/chat");
    await join(ann, "ann", "lobby");
    await redis.stop();
    await waitUntil(async () => (await readiness(a)).status === 503, 10_000);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const leaving = ann.invoke("LeaveRoom", "ann", "lobby").then(() => "left");
    leaving.catch(() => {});
    const outcome = await Promise.race([
      leaving,
      new Promise((resolve) => timer = setTimeout(() => resolve("still waiting after 5 s"), 5_000)),
    ]);
    clearTimeout(timer);
    assert.equal(outcome, "left");
  },
);

scaleOutTest(
  "processes started while Redis is down join the backplane when it comes up",
  0,
  async ({ redis, start, connect }) => {
    await redis.stop();
    const a = await start();
    const b = await start();
    assert.deepEqual(await readiness(a), {
      status: 503,
      body: { status: "degraded", backplane: "unreachable" },
    });
    await redis.start();
    await waitUntil(async () => (await readiness(a)).status === 200, 20_000);
    await waitUntil(async () => (await readiness(b)).status === 200, 20_000);
    assert.equal((await readiness(a)).status, 200);
    assert.equal((await readiness(b)).status, 200);
    const ann = await connect(a, "/hubs/chat");
    const bob = await connect(b, "/hubs/chat");
    await join(ann, "ann", "lobby");
    await join(bob, "bob", "lobby");
    const toBob = nextEvent(bob, "ReceiveMessage");
    await ann.invoke("SendMessage", "ann", "endlich", "lobby");
    assert.equal((await toBob as [{ text: string }])[0].text, "endlich");
  },
);
