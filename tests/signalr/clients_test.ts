/**
 * Who receives what: every message target of the hub, groups, users, the
 * lifecycle methods and the hub context, each with the official client and
 * several connections.
 */
import assert from "node:assert/strict";
import type { HubConnection } from "@microsoft/signalr";
import { Hub, HubEndpoint, type HubUser, MemoryLifetimeManager } from "../../signalr/mod.ts";
import { connectTo, nextEvent, serve } from "../helpers/server.ts";

class TargetHub extends Hub {
  override async onConnected() {
    await this.clients.caller.send("Welcome", this.context.connectionId);
    await this.clients.others.send("Joined", this.context.connectionId);
  }

  override async onDisconnected() {
    await this.clients.all.send("Left", this.context.connectionId);
  }

  barrier() {}

  join(group: string) {
    return this.groups.addToGroup(this.context.connectionId, group);
  }

  leave(group: string) {
    return this.groups.removeFromGroup(this.context.connectionId, group);
  }

  toAll() {
    return this.clients.all.send("Hit");
  }

  toCaller() {
    return this.clients.caller.send("Hit");
  }

  toOthers() {
    return this.clients.others.send("Hit");
  }

  toClient(id: string) {
    return this.clients.client(id).send("Hit");
  }

  toClients(ids: string[]) {
    return this.clients.clients(ids).send("Hit");
  }

  toGroup(name: string) {
    return this.clients.group(name).send("Hit");
  }

  toGroups(names: string[]) {
    return this.clients.groups(names).send("Hit");
  }

  toGroupExcept(name: string, excluded: string[]) {
    return this.clients.groupExcept(name, excluded).send("Hit");
  }

  toOthersInGroup(name: string) {
    return this.clients.othersInGroup(name).send("Hit");
  }

  toAllExcept(excluded: string[]) {
    return this.clients.allExcept(excluded).send("Hit");
  }

  toUser(id: string) {
    return this.clients.user(id).send("Hit");
  }

  toUsers(ids: string[]) {
    return this.clients.users(ids).send("Hit");
  }
}

/** A hub that refuses connections whose URL asks for it (`?refuse`). */
class RefusingHub extends TargetHub {
  override async onConnected() {
    if (new URL(this.context.request.url).searchParams.has("refuse")) {
      throw new Error("not today");
    }
    await super.onConnected();
  }
}

/** `?user=ann` on the URL makes the connection ann's. */
function authenticate(request: Request): HubUser | undefined {
  const id = new URL(request.url).searchParams.get("user");
  return id === null ? undefined : { id };
}

/** One official client connection and the `Hit` events it received. */
interface Client {
  readonly name: string;
  readonly id: string;
  readonly connection: HubConnection;
  readonly hits: number[];
}

/**
 * Serves a TargetHub and connects one client per name; a name like `ann#2`
 * is a second connection of user `ann`. Everything is stopped afterwards.
 */
async function scenario(
  names: readonly string[],
  body: (clients: Record<string, Client>, endpoint: HubEndpoint, url: string) => Promise<void>,
  manager = new MemoryLifetimeManager(),
): Promise<void> {
  const endpoint = new HubEndpoint(
    "/hub",
    () => new RefusingHub(),
    { authenticate, logError: () => {} },
    manager,
  );
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  const clients: Record<string, Client> = {};
  try {
    for (const name of names) {
      const user = name.split("#")[0];
      const connection = await connectTo(`${server.url}/hub?user=${user}`);
      const client = { name, id: connection.connectionId!, connection, hits: [] as number[] };
      connection.on("Hit", () => client.hits.push(1));
      clients[name] = client;
    }
    await body(clients, endpoint, server.url);
  } finally {
    await Promise.all(Object.values(clients).map((client) => client.connection.stop()));
    await server.close();
  }
}

/**
 * The names of the clients that received `Hit` since the last call, once per
 * event. A round trip on every connection first makes sure that any event sent
 * before it has arrived.
 */
async function whoReceived(clients: Record<string, Client>): Promise<string[]> {
  const all = Object.values(clients);
  await Promise.all(all.map((client) => client.connection.invoke("Barrier")));
  const names = all.flatMap((client) => client.hits.map(() => client.name));
  for (const client of all) client.hits.length = 0;
  return names;
}

/** Runs `work` from a timer, as background work would, and settles with it. */
function later(work: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => setTimeout(() => work().then(resolve, reject), 0));
}

Deno.test("all reaches every connection, the caller included", async () => {
  await scenario(["ann", "bob", "cat"], async (clients) => {
    await clients.ann.connection.invoke("ToAll");
    assert.deepEqual(await whoReceived(clients), ["ann", "bob", "cat"]);
  });
});

Deno.test("caller reaches only the calling connection", async () => {
  await scenario(["ann", "bob", "cat"], async (clients) => {
    await clients.bob.connection.invoke("ToCaller");
    assert.deepEqual(await whoReceived(clients), ["bob"]);
  });
});

Deno.test("others reaches every connection but the caller", async () => {
  await scenario(["ann", "bob", "cat"], async (clients) => {
    await clients.bob.connection.invoke("ToOthers");
    assert.deepEqual(await whoReceived(clients), ["ann", "cat"]);
  });
});

Deno.test("client(id) reaches that one connection", async () => {
  await scenario(["ann", "bob", "cat"], async (clients) => {
    await clients.ann.connection.invoke("ToClient", clients.cat.id);
    assert.deepEqual(await whoReceived(clients), ["cat"]);
  });
});

Deno.test("clients(ids) reaches exactly the listed connections, each once", async () => {
  await scenario(["ann", "bob", "cat", "dan"], async (clients) => {
    const { ann, bob, dan } = clients;
    await ann.connection.invoke("ToClients", [bob.id, dan.id, bob.id]);
    assert.deepEqual(await whoReceived(clients), ["bob", "dan"]);
  });
});

Deno.test("targets naming no live connection reach no one and do not fail", async () => {
  await scenario(["ann", "bob"], async (clients) => {
    const { ann } = clients;
    await ann.connection.invoke("ToClient", "no-such-connection");
    await ann.connection.invoke("ToClients", []);
    await ann.connection.invoke("ToGroup", "empty");
    await ann.connection.invoke("ToGroups", ["empty", "void"]);
    await ann.connection.invoke("ToUser", "nobody");
    await ann.connection.invoke("ToUsers", []);
    assert.deepEqual(await whoReceived(clients), []);
  });
});

Deno.test("group reaches its members only, the caller included when a member", async () => {
  await scenario(["ann", "bob", "cat"], async (clients) => {
    const { ann, bob, cat } = clients;
    await ann.connection.invoke("Join", "red");
    await bob.connection.invoke("Join", "red");
    await ann.connection.invoke("ToGroup", "red");
    assert.deepEqual(await whoReceived(clients), ["ann", "bob"]);
    await cat.connection.invoke("ToGroup", "red");
    assert.deepEqual(await whoReceived(clients), ["ann", "bob"]);
  });
});

Deno.test("adding a connection to a group twice delivers once", async () => {
  await scenario(["ann", "bob"], async (clients) => {
    await clients.ann.connection.invoke("Join", "red");
    await clients.ann.connection.invoke("Join", "red");
    await clients.bob.connection.invoke("ToGroup", "red");
    assert.deepEqual(await whoReceived(clients), ["ann"]);
  });
});

Deno.test("groups reaches the members of any listed group, a member of two groups once", async () => {
  await scenario(["ann", "bob", "cat", "dan"], async (clients) => {
    const { ann, bob, cat } = clients;
    await ann.connection.invoke("Join", "red");
    await bob.connection.invoke("Join", "red");
    await bob.connection.invoke("Join", "blue");
    await cat.connection.invoke("Join", "blue");
    await ann.connection.invoke("ToGroups", ["red", "blue"]);
    assert.deepEqual(await whoReceived(clients), ["ann", "bob", "cat"]);
  });
});

Deno.test("groupExcept reaches the group but the excluded connections", async () => {
  await scenario(["ann", "bob", "cat", "dan"], async (clients) => {
    const { ann, bob, cat, dan } = clients;
    for (const member of [ann, bob, cat]) await member.connection.invoke("Join", "red");
    await dan.connection.invoke("ToGroupExcept", "red", [bob.id, dan.id]);
    assert.deepEqual(await whoReceived(clients), ["ann", "cat"]);
  });
});

Deno.test("othersInGroup reaches the room but not the caller", async () => {
  await scenario(["ann", "bob", "cat", "dan"], async (clients) => {
    const { ann, bob, cat } = clients;
    for (const member of [ann, bob, cat]) await member.connection.invoke("Join", "red");
    await bob.connection.invoke("ToOthersInGroup", "red");
    assert.deepEqual(await whoReceived(clients), ["ann", "cat"]);
  });
});

Deno.test("allExcept reaches every connection but the excluded ones", async () => {
  await scenario(["ann", "bob", "cat", "dan"], async (clients) => {
    const { ann, cat } = clients;
    await ann.connection.invoke("ToAllExcept", [ann.id, cat.id]);
    assert.deepEqual(await whoReceived(clients), ["bob", "dan"]);
  });
});

Deno.test("user reaches every connection of that user and no one else", async () => {
  await scenario(["ann", "ann#2", "bob"], async (clients) => {
    const { ann, bob } = clients;
    await bob.connection.invoke("ToUser", "ann");
    assert.deepEqual(await whoReceived(clients), ["ann", "ann#2"]);
    await clients["ann#2"].connection.stop();
    await bob.connection.invoke("ToUser", "ann");
    assert.deepEqual(await whoReceived({ ann, bob }), ["ann"]);
  });
});

Deno.test("users reaches every connection of the listed users", async () => {
  await scenario(["ann", "ann#2", "bob", "cat"], async (clients) => {
    await clients.cat.connection.invoke("ToUsers", ["ann", "bob"]);
    assert.deepEqual(await whoReceived(clients), ["ann", "ann#2", "bob"]);
  });
});

Deno.test("a connection removed from a group no longer receives its messages", async () => {
  await scenario(["ann", "bob", "cat"], async (clients) => {
    const { ann, bob, cat } = clients;
    await ann.connection.invoke("Join", "red");
    await bob.connection.invoke("Join", "red");
    await ann.connection.invoke("Leave", "red");
    await cat.connection.invoke("Leave", "red");
    await cat.connection.invoke("ToGroup", "red");
    assert.deepEqual(await whoReceived(clients), ["bob"]);
  });
});

Deno.test("a group is forgotten when its last member leaves or disconnects", async () => {
  const manager = new MemoryLifetimeManager();
  await scenario(["ann", "bob"], async (clients, endpoint) => {
    const { ann, bob } = clients;
    await ann.connection.invoke("Join", "red");
    await ann.connection.invoke("Join", "blue");
    await bob.connection.invoke("Join", "red");
    await bob.connection.invoke("Join", "green");
    assert.equal(manager.groupCount, 3);
    await bob.connection.invoke("Leave", "green");
    assert.equal(manager.groupCount, 2);

    const left = nextEvent(bob.connection, "Left");
    await ann.connection.stop();
    assert.deepEqual(await left, [ann.id]);
    await bob.connection.invoke("Barrier");
    assert.equal(manager.groupCount, 1);
    assert.equal(manager.connectionCount, 1);
    assert.equal(endpoint.connectionCount, 1);
    await bob.connection.invoke("ToGroups", ["red", "blue"]);
    assert.deepEqual(await whoReceived({ bob }), ["bob"]);
  }, manager);
  assert.equal(manager.groupCount, 0);
  assert.equal(manager.connectionCount, 0);
});

Deno.test("onConnected runs after the handshake and reaches the caller and the others", async () => {
  await scenario(["ann"], async ({ ann }, endpoint, url) => {
    const bob = await connectTo(`${url}/hub`, { start: false });
    try {
      const welcome = nextEvent(bob, "Welcome");
      const joined = nextEvent(ann.connection, "Joined");
      await bob.start();
      assert.deepEqual(await welcome, [bob.connectionId]);
      assert.deepEqual(await joined, [bob.connectionId]);
      assert.equal(endpoint.connectionCount, 2);
    } finally {
      await bob.stop();
    }
  });
});

Deno.test("onDisconnected runs when a client stops and reaches the rest", async () => {
  await scenario(["ann", "bob", "cat"], async ({ ann, bob, cat }) => {
    const seenByAnn = nextEvent(ann.connection, "Left");
    const seenByCat = nextEvent(cat.connection, "Left");
    await bob.connection.stop();
    assert.deepEqual(await seenByAnn, [bob.id]);
    assert.deepEqual(await seenByCat, [bob.id]);
  });
});

Deno.test("the hub context reaches clients from background work outside hub methods", async () => {
  await scenario(["ann", "bob", "cat"], async (clients, endpoint) => {
    const { ann, bob, cat } = clients;
    const news = nextEvent(bob.connection, "News");
    const everyone = [ann, bob, cat].map((client) => nextEvent(client.connection, "Notice"));
    await later(async () => {
      await endpoint.context.groups.addToGroup(bob.id, "subscribers");
      await endpoint.context.clients.group("subscribers").send("News", "job done", 100);
      await endpoint.context.clients.all.send("Notice", "maintenance");
      await endpoint.context.clients.group("subscribers").send("Hit");
    });
    assert.deepEqual(await news, ["job done", 100]);
    for (const notice of everyone) assert.deepEqual(await notice, ["maintenance"]);
    assert.deepEqual(await whoReceived(clients), ["bob"]);

    await endpoint.context.groups.removeFromGroup(bob.id, "subscribers");
    await endpoint.context.clients.group("subscribers").send("Hit");
    assert.deepEqual(await whoReceived(clients), []);
  });
});

Deno.test("an onConnected that throws closes that connection with an error; others go on", async () => {
  await scenario(["ann"], async ({ ann }, endpoint, url) => {
    const refused = await connectTo(`${url}/hub?refuse`, { start: false });
    try {
      const closed = new Promise<Error | undefined>((resolve) => refused.onclose(resolve));
      const error = await refused.start().then(() => closed, (error: Error) => error);
      assert.match(String(error?.message), /Connection closed with an error\.$/);
      assert.doesNotMatch(String(error?.message), /not today/);
    } finally {
      await refused.stop();
    }
    await ann.connection.invoke("ToAll");
    assert.deepEqual(await whoReceived({ ann }), ["ann"]);
    assert.equal(endpoint.connectionCount, 1);
  });
});
