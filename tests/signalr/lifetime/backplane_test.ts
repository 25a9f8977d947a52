/**
 * The backplane lifetime manager across three simulated processes (A, B, C):
 * each serves a hub endpoint whose `backplane` is a fake on one shared bus,
 * and official clients connect to all three. Every target reaches the same
 * connections as in one process, group commands and client results travel
 * to the process holding the connection, a message is serialized once, an
 * outage keeps local delivery, and subscriptions do not leak.
 */
import assert from "node:assert/strict";
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import {
  type ClientProxy,
  Hub,
  type HubCallerClients,
  HubEndpoint,
  HubError,
  type HubProtocol,
  type HubUser,
  jsonProtocol,
  messagePackProtocol,
} from "../../../signalr/mod.ts";
import { MessageType } from "../../../signalr/protocol/messages.ts";
import { type FakeBackplane, FakeBus } from "../../helpers/fake_backplane.ts";
import { serve, type TestServer } from "../../helpers/server.ts";
import { bounded } from "../../helpers/wait.ts";

const PREFIX = "switchboard:/hub";
/** How long group commands and client results wait for another process. */
const TIMEOUT_MS = 1_000;

/** Every message target of a hub method, by name, given its argument. */
// deno-lint-ignore no-explicit-any
const TARGETS: Record<string, (clients: HubCallerClients, arg: any) => ClientProxy> = {
  all: (c) => c.all,
  others: (c) => c.others,
  allExcept: (c, ids) => c.allExcept(ids),
  client: (c, id) => c.client(id),
  clients: (c, ids) => c.clients(ids),
  group: (c, name) => c.group(name),
  groups: (c, names) => c.groups(names),
  groupExcept: (c, [name, ids]) => c.groupExcept(name, ids),
  othersInGroup: (c, name) => c.othersInGroup(name),
  user: (c, id) => c.user(id),
  users: (c, ids) => c.users(ids),
};

class TargetHub extends Hub {
  barrier() {}

  join(group: string) {
    return this.groups.addToGroup(this.context.connectionId, group);
  }

  leave(group: string) {
    return this.groups.removeFromGroup(this.context.connectionId, group);
  }

  /** Sends `Hit` to `TARGETS[target](clients, arg)`. */
  hit(target: string, arg: unknown) {
    return TARGETS[target](this.clients, arg).send("Hit");
  }

  askClient(connectionId: string, question: string) {
    return this.clients.client(connectionId).invoke("Ask", question);
  }
}

/** `?user=ann` makes the connection ann's. */
function authenticate(request: Request): HubUser | undefined {
  const id = new URL(request.url).searchParams.get("user");
  return id === null ? undefined : { id };
}

/** A hub protocol that counts how often it serialized an invocation of `Hit`. */
interface CountingProtocol extends HubProtocol {
  hits: number;
}

function counting(protocol: HubProtocol): CountingProtocol {
  const counter: CountingProtocol = {
    ...protocol,
    hits: 0,
    write(message) {
      if (message.type === MessageType.Invocation && message.target === "Hit") counter.hits++;
      return protocol.write(message);
    },
  };
  return counter;
}

type ProcessName = "A" | "B" | "C";

interface Process {
  readonly endpoint: HubEndpoint;
  readonly backplane: FakeBackplane;
  readonly server: TestServer;
}

interface Client {
  readonly name: string;
  readonly id: string;
  readonly connection: signalR.HubConnection;
  readonly hits: number[];
}

interface Cluster {
  readonly bus: FakeBus;
  readonly processes: Record<ProcessName, Process>;
  readonly clients: Record<string, Client>;
  /** The JSON and MessagePack protocols every process speaks, counting. */
  readonly protocols: readonly CountingProtocol[];
  /** What the processes logged as errors. */
  readonly errors: string[];
  /** The connection ids of the named clients. */
  ids(...names: string[]): string[];
  /** Stops one client. */
  stop(name: string): Promise<void>;
}

/** Where each client connects, as whom, and with which protocol. */
type Layout = Record<string, readonly [ProcessName, string, "json" | "messagepack"]>;

/** Ann on A and B, bob on B with MessagePack, cid on C. */
const LAYOUT: Layout = {
  a1: ["A", "ann", "json"],
  b1: ["B", "ann", "json"],
  b2: ["B", "bob", "messagepack"],
  c1: ["C", "cid", "json"],
};

/** Serves three processes on one bus, connects `layout`'s clients; stops everything after `body`. */
async function cluster(body: (cluster: Cluster) => Promise<void>, layout = LAYOUT) {
  const bus = new FakeBus();
  const protocols = [counting(jsonProtocol), counting(messagePackProtocol)];
  const errors: string[] = [];
  const processes = {} as Record<ProcessName, Process>;
  const clients: Record<string, Client> = {};
  try {
    for (const name of ["A", "B", "C"] as const) {
      const backplane = bus.connect();
      const endpoint = new HubEndpoint("/hub", () => new TargetHub(), {
        authenticate,
        backplane,
        protocols,
        clientResultTimeoutMs: TIMEOUT_MS,
        logError: (message) => errors.push(message),
      });
      const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
      processes[name] = { endpoint, backplane, server };
    }
    for (const [name, [process, user, protocol]] of Object.entries(layout)) {
      const builder = new signalR.HubConnectionBuilder()
        .withUrl(`${processes[process].server.url}/hub?user=${user}`, {
          logger: signalR.NullLogger.instance,
        });
      if (protocol === "messagepack") builder.withHubProtocol(new MessagePackHubProtocol());
      const connection = builder.build();
      const hits: number[] = [];
      connection.on("Hit", () => hits.push(1));
      await connection.start();
      clients[name] = { name, id: connection.connectionId!, connection, hits };
    }
    await body({
      bus,
      processes,
      clients,
      protocols,
      errors,
      ids: (...names) => names.map((name) => clients[name].id),
      async stop(name) {
        await clients[name].connection.stop();
        delete clients[name];
      },
    });
  } finally {
    bus.up = true;
    await Promise.all(Object.values(clients).map((client) => client.connection.stop()));
    await Promise.all(Object.values(processes).map((process) => process.server.close()));
  }
}

/**
 * The names of the clients that received `Hit` since the last call, once per
 * event. A round trip on every connection first: anything a process wrote to
 * a connection before it has arrived.
 */
async function whoReceived(cluster: Cluster): Promise<string[]> {
  const all = Object.values(cluster.clients);
  await Promise.all(all.map((client) => client.connection.invoke("Barrier")));
  const names = all.flatMap((client) => client.hits.map(() => client.name));
  for (const client of all) client.hits.length = 0;
  return names.sort();
}

/** Waits (at most 5 s) until `done()` holds; the caller asserts afterwards. */
async function settle(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** a1, b1 and c1 in `red`; b2 and c1 in `blue`. */
async function joinGroups({ clients }: Cluster): Promise<void> {
  for (const name of ["a1", "b1", "c1"]) await clients[name].connection.invoke("Join", "red");
  for (const name of ["b2", "c1"]) await clients[name].connection.invoke("Join", "blue");
}

interface Case {
  /** The behaviour, as the test's name says it. */
  readonly what: string;
  /** The client that invokes `Hit(target, arg)`. */
  readonly caller: string;
  /** A name in `TARGETS`. */
  readonly target: string;
  readonly arg?: (cluster: Cluster) => unknown;
  /** Who receives `Hit`, sorted. */
  readonly expected: readonly string[];
}

/** a1, b1 and c1 are in `red`; b2 and c1 in `blue` (see `joinGroups`). */
const CASES: readonly Case[] = [
  {
    what: "all reaches every process",
    caller: "a1",
    target: "all",
    expected: ["a1", "b1", "b2", "c1"],
  },
  {
    what: "others leaves out the caller, also on the processes that do not hold it",
    caller: "b1",
    target: "others",
    expected: ["a1", "b2", "c1"],
  },
  {
    what: "allExcept leaves out connections held by other processes",
    caller: "a1",
    target: "allExcept",
    arg: (c) => c.ids("b2", "c1"),
    expected: ["a1", "b1"],
  },
  {
    what: "client(id) reaches a connection on another process",
    caller: "a1",
    target: "client",
    arg: (c) => c.ids("c1")[0],
    expected: ["c1"],
  },
  {
    what: "clients(ids) reaches each listed connection once, wherever it is",
    caller: "a1",
    target: "clients",
    arg: (c) => c.ids("a1", "b2", "c1", "b2"),
    expected: ["a1", "b2", "c1"],
  },
  {
    what: "group reaches its members on every process",
    caller: "b2",
    target: "group",
    arg: () => "red",
    expected: ["a1", "b1", "c1"],
  },
  {
    what: "groups reaches a member of two groups once",
    caller: "a1",
    target: "groups",
    arg: () => ["red", "blue"],
    expected: ["a1", "b1", "b2", "c1"],
  },
  {
    what: "groupExcept leaves out an excluded member on another process",
    caller: "a1",
    target: "groupExcept",
    arg: (c) => ["red", c.ids("b1")],
    expected: ["a1", "c1"],
  },
  {
    what: "othersInGroup reaches the other members on every process",
    caller: "c1",
    target: "othersInGroup",
    arg: () => "red",
    expected: ["a1", "b1"],
  },
  {
    what: "user reaches that user's connections on two processes",
    caller: "c1",
    target: "user",
    arg: () => "ann",
    expected: ["a1", "b1"],
  },
  {
    what: "users reaches every connection of the users, on every process",
    caller: "b2",
    target: "users",
    arg: () => ["ann", "cid"],
    expected: ["a1", "b1", "c1"],
  },
];

for (const { what, caller, target, arg, expected } of CASES) {
  Deno.test(`across processes, ${what}`, async () => {
    await cluster(async (c) => {
      await joinGroups(c);
      await c.clients[caller].connection.invoke("Hit", target, arg?.(c) ?? null);
      assert.deepEqual(await whoReceived(c), expected);
    });
  });
}

Deno.test("the hub context of one process reaches clients on every process", async () => {
  await cluster(async (c) => {
    await joinGroups(c);
    await c.processes.C.endpoint.context.clients.group("blue").send("Hit");
    assert.deepEqual(await whoReceived(c), ["b2", "c1"]);
  });
});

Deno.test("a message is serialized once per protocol however many processes receive it", async () => {
  await cluster(async (c) => {
    await joinGroups(c);
    const { A } = c.processes;
    A.backplane.published.length = 0;
    await c.clients.a1.connection.invoke("Hit", "all", null);
    assert.deepEqual(A.backplane.published, [`${PREFIX}:all`], "one publish for all");
    assert.deepEqual(await whoReceived(c), ["a1", "b1", "b2", "c1"]);
    assert.deepEqual(c.protocols.map((p) => [p.name, p.hits]), [["json", 1], ["messagepack", 1]]);
    await c.clients.a1.connection.invoke("Hit", "groups", ["red", "blue"]);
    await c.clients.b1.connection.invoke("Hit", "clients", c.ids("a1", "b2", "c1"));
    assert.equal((await whoReceived(c)).length, 4 + 3);
    assert.deepEqual(c.protocols.map((p) => [p.name, p.hits]), [["json", 3], ["messagepack", 3]]);
  });
});

Deno.test("a process adds and removes a connection held by another process (acknowledged)", async () => {
  await cluster(async (c) => {
    const { A, C } = c.processes;
    const [c1] = c.ids("c1");
    await A.endpoint.context.groups.addToGroup(c1, "green");
    assert.ok(C.backplane.channels.includes(`${PREFIX}:group:green`));
    await A.endpoint.context.clients.group("green").send("Hit");
    assert.deepEqual(await whoReceived(c), ["c1"]);
    await A.endpoint.context.groups.removeFromGroup(c1, "green");
    assert.ok(!C.backplane.channels.includes(`${PREFIX}:group:green`));
    await A.endpoint.context.clients.group("green").send("Hit");
    assert.deepEqual(await whoReceived(c), []);
  });
});

Deno.test("a group command for a connection no process holds fails after the timeout", async () => {
  await cluster(async (c) => {
    const { groups } = c.processes.B.endpoint.context;
    for (const command of [groups.addToGroup, groups.removeFromGroup]) {
      await assert.rejects(command("nobody", "green"), {
        message: "No process acknowledged adding or removing connection 'nobody' in time.",
      });
    }
  }, { a1: ["A", "ann", "json"] });
});

Deno.test("a client result comes back from a connection on another process", async () => {
  await cluster(async (c) => {
    c.clients.c1.connection.on("Ask", (question: string) => ({ question, answer: 42 }));
    c.clients.b2.connection.on("Ask", (question: string) => `${question} → ja ✓`);
    const [b2, c1] = c.ids("b2", "c1");
    assert.deepEqual(
      await c.processes.A.endpoint.context.clients.client(c1).invoke("Ask", "why?"),
      {
        question: "why?",
        answer: 42,
      },
    );
    assert.equal(await c.clients.a1.connection.invoke("AskClient", b2, "klar?"), "klar? → ja ✓");
  });
});

Deno.test("a remote client's error rejects the wait with a HubError carrying its text", async () => {
  await cluster(async (c) => {
    c.clients.c1.connection.on("Ask", () => {
      throw new Error("nicht heute ✗");
    });
    const { clients } = c.processes.A.endpoint.context;
    await assert.rejects(clients.client(c.ids("c1")[0]).invoke("Ask"), (error: Error) => {
      assert.ok(error instanceof HubError, `${error.name}: ${error.message}`);
      assert.match(error.message, /nicht heute ✗/);
      return true;
    });
    await assert.rejects(clients.client(c.ids("b1")[0]).invoke("Ask"), {
      message: "Client didn't provide a result.",
    });
  });
});

Deno.test("a remote client that never answers rejects the wait after the timeout", async () => {
  await cluster(async (c) => {
    c.clients.c1.connection.on("Ask", () => new Promise(() => {}));
    await assert.rejects(
      c.processes.A.endpoint.context.clients.client(c.ids("c1")[0]).invoke("Ask"),
      { message: "The client did not answer 'Ask' in time." },
    );
  });
});

Deno.test("a remote client disconnecting while a result is pending rejects the wait", async () => {
  await cluster(async (c) => {
    const asked = Promise.withResolvers<void>();
    c.clients.c1.connection.on("Ask", () => {
      asked.resolve();
      return new Promise(() => {});
    });
    const pending = c.processes.A.endpoint.context.clients.client(c.ids("c1")[0]).invoke("Ask");
    const rejected = assert.rejects(pending, /disconnected/);
    await asked.promise;
    await c.stop("c1");
    await rejected;
  });
});

Deno.test("a client result for a connection no process holds: 'Connection '<id>' does not exist.'", async () => {
  await cluster(async (c) => {
    await assert.rejects(c.processes.A.endpoint.context.clients.client("nobody").invoke("Ask"), {
      message: "Connection 'nobody' does not exist.",
    });
  }, { a1: ["A", "ann", "json"] });
});

Deno.test("with the backplane down, local clients still get messages, remote ones do not", async () => {
  await cluster(async (c) => {
    await joinGroups(c);
    const { A, B } = c.processes;
    c.bus.up = false;
    assert.equal(A.endpoint.backplaneHealthy, false);
    await c.clients.a1.connection.invoke("Hit", "all", null);
    assert.deepEqual(await whoReceived(c), ["a1"]);
    await B.endpoint.context.clients.group("red").send("Hit");
    await B.endpoint.context.clients.user("ann").send("Hit");
    assert.deepEqual(await whoReceived(c), ["b1", "b1"]);
    c.bus.up = true;
    assert.equal(A.endpoint.backplaneHealthy, true);
    await c.clients.a1.connection.invoke("Hit", "all", null);
    assert.deepEqual(await whoReceived(c), ["a1", "b1", "b2", "c1"]);
  });
});

Deno.test("with the backplane down, joining and leaving a group complete at once", async () => {
  await cluster(async (c) => {
    await joinGroups(c);
    c.bus.up = false;
    await bounded(c.clients.b2.connection.invoke("Join", "green"), "joining during the outage");
    await bounded(c.clients.b1.connection.invoke("Leave", "red"), "leaving during the outage");
    await c.processes.B.endpoint.context.clients.groups(["red", "green"]).send("Hit");
    assert.deepEqual(await whoReceived(c), ["b2"]);
    c.bus.up = true;
    // The subscription made during the outage works once the backplane is back.
    await c.clients.a1.connection.invoke("Hit", "groups", ["red", "green"]);
    assert.deepEqual(await whoReceived(c), ["a1", "b2", "c1"]);
  });
});

Deno.test("with the backplane down, remote group commands and client results fail at once", async () => {
  await cluster(async (c) => {
    c.clients.c1.connection.on("Ask", () => 42);
    const { context } = c.processes.A.endpoint;
    const [a1, c1] = c.ids("a1", "c1");
    c.bus.up = false;
    await assert.rejects(context.groups.addToGroup(c1, "green"), /The backplane is unavailable/);
    await assert.rejects(context.clients.client(c1).invoke("Ask"), /The backplane is unavailable/);
    await context.groups.addToGroup(a1, "green");
    await context.clients.group("green").send("Hit");
    assert.deepEqual(await whoReceived(c), ["a1"]);
  });
});

Deno.test("group, user and connection channels are released when their last local member leaves", async () => {
  await cluster(async (c) => {
    const { B } = c.processes;
    const shared = [`${PREFIX}:all`, `${PREFIX}:groups`, `${PREFIX}:server:`]; // sorted
    const channels = () => B.backplane.channels.map((name) => name.replace(/server:.*/, "server:"));
    const [b1, b2] = c.ids("b1", "b2");
    await c.clients.b1.connection.invoke("Join", "red");
    await c.clients.b2.connection.invoke("Join", "red");
    assert.deepEqual(
      channels(),
      [
        ...shared,
        `${PREFIX}:conn:${b1}`,
        `${PREFIX}:conn:${b2}`,
        `${PREFIX}:group:red`,
        `${PREFIX}:user:ann`,
        `${PREFIX}:user:bob`,
      ].sort(),
    );
    await c.clients.b1.connection.invoke("Leave", "red");
    assert.ok(channels().includes(`${PREFIX}:group:red`), "b2 is still in red");
    await c.stop("b2");
    const b1Only = [...shared, `${PREFIX}:conn:${b1}`, `${PREFIX}:user:ann`].sort();
    await settle(() => String(channels()) === String(b1Only));
    assert.deepEqual(channels(), b1Only);
    await c.stop("b1");
    await settle(() => String(channels()) === String(shared));
    assert.deepEqual(channels(), shared);
  }, { b1: ["B", "ann", "json"], b2: ["B", "bob", "json"] });
});

Deno.test("an unreadable message on the bus is logged and dropped", async () => {
  await cluster(async (c) => {
    await c.processes.A.backplane.publish(`${PREFIX}:all`, new Uint8Array([0xc1]));
    await c.clients.a1.connection.invoke("Hit", "all", null);
    assert.deepEqual(await whoReceived(c), ["a1", "b1", "b2", "c1"]);
    assert.ok(c.errors.includes("Dropped an unreadable backplane message"), String(c.errors));
  });
});
