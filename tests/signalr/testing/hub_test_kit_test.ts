/**
 * The unit-test kit: what it records of every target, how it answers client
 * results, the context it gives hubs, and `invoke` refusing as the engine does.
 */
import assert from "node:assert/strict";
import { authorize, Hub, type HubContext, HubError } from "../../../signalr/mod.ts";
import { HubTestKit } from "../../../signalr/testing/mod.ts";

/** Sends one message to every target a hub has. */
class EveryTargetHub extends Hub {
  async sendEverywhere() {
    const c = this.clients;
    await c.all.send("M", 1);
    await c.caller.send("M", 2);
    await c.others.send("M", 3);
    await c.allExcept(["x"]).send("M", 4);
    await c.client("c2").send("M", 5);
    await c.clients(["c2", "c3"]).send("M", 6);
    await c.group("g").send("M", 7);
    await c.groups(["g", "h"]).send("M", 8);
    await c.groupExcept("g", ["c2"]).send("M", 9);
    await c.othersInGroup("g").send("M", 10);
    await c.user("ann").send("M", 11);
    await c.users(["ann", "bob"]).send("M", 12);
  }
}

Deno.test("every target is recorded as the hub named it, in order", async () => {
  const kit = new HubTestKit();
  await kit.invoke(new EveryTargetHub(), "SendEverywhere");
  assert.deepEqual(kit.sent, [
    { to: "all", method: "M", args: [1] },
    { to: "caller", method: "M", args: [2] },
    { to: "others", method: "M", args: [3] },
    { to: { allExcept: ["x"] }, method: "M", args: [4] },
    { to: { client: "c2" }, method: "M", args: [5] },
    { to: { clients: ["c2", "c3"] }, method: "M", args: [6] },
    { to: { group: "g" }, method: "M", args: [7] },
    { to: { groups: ["g", "h"] }, method: "M", args: [8] },
    { to: { groupExcept: "g", excluded: ["c2"] }, method: "M", args: [9] },
    { to: { othersInGroup: "g" }, method: "M", args: [10] },
    { to: { user: "ann" }, method: "M", args: [11] },
    { to: { users: ["ann", "bob"] }, method: "M", args: [12] },
  ]);
});

Deno.test("assertSent returns the first match; a failure lists every message sent", async () => {
  const kit = new HubTestKit();
  await kit.invoke(new EveryTargetHub(), "SendEverywhere");
  assert.deepEqual(kit.assertSent({ method: "M", args: [7] }).to, { group: "g" });
  assert.deepEqual(kit.assertSent({ to: { user: "ann" }, method: "M" }).args, [11]);
  assert.throws(
    () => kit.assertSent({ to: { group: "g" }, method: "M", args: [8] }),
    (error: Error) => {
      assert.equal(error.name, "AssertionError");
      const lines = error.message.split("\n");
      assert.equal(
        lines[0],
        'Expected clients.group("g").send("M", 8), but the hub sent:',
      );
      assert.deepEqual(lines.slice(1, 3), [
        '  1. clients.all.send("M", 1)',
        '  2. clients.caller.send("M", 2)',
      ]);
      assert.equal(lines[9], '  9. clients.groupExcept("g", [ "c2" ]).send("M", 9)');
      assert.equal(lines.length, 13);
      return true;
    },
  );
});

Deno.test("assertSent with nothing sent says so; clearSent forgets what was sent", async () => {
  const kit = new HubTestKit();
  await kit.invoke(new EveryTargetHub(), "SendEverywhere");
  kit.clearSent();
  assert.deepEqual(kit.sent, []);
  assert.throws(() => kit.assertSent({ method: "Hello", args: [{ a: 1 }] }), {
    name: "AssertionError",
    message: 'Expected clients.<any>.send("Hello", { a: 1 }), but the hub sent nothing.',
  });
});

/** Asks clients for results and returns what they answered. */
class AskingHub extends Hub {
  askCaller(question: string) {
    return this.clients.caller.invoke<number>("Ask", question);
  }

  askClient(id: string, question: string) {
    return this.clients.client(id).invoke("Ask", question);
  }
}

Deno.test("client results: a value, a function of the arguments, and each invoke recorded", async () => {
  const kit = new HubTestKit();
  kit.clientResults.set("ask", 42);
  assert.equal(await kit.invoke(new AskingHub(), "AskCaller", "answer?"), 42);
  kit.clientResults.set("ask", (question: string) => question.length);
  assert.equal(await kit.invoke(new AskingHub(), "AskClient", "c2", "four"), 4);
  assert.deepEqual(kit.sent, [
    { to: "caller", method: "Ask", args: ["answer?"], awaitsResult: true },
    { to: { client: "c2" }, method: "Ask", args: ["four"], awaitsResult: true },
  ]);
});

Deno.test("client results: none set, or a function that throws, reject as the official client makes the engine", async () => {
  const kit = new HubTestKit();
  await assert.rejects(
    kit.invoke(new AskingHub(), "AskCaller", "?"),
    new HubError("Client didn't provide a result."),
  );
  kit.clientResults.set("Ask", () => {
    throw new Error("no idea");
  });
  await assert.rejects(
    kit.invoke(new AskingHub(), "AskCaller", "?"),
    new HubError("Error: no idea"),
  );
});

/** Reports what it sees of its context, and manages groups. */
class ContextHub extends Hub {
  describe() {
    const { connectionId, user, userIdentifier, request, transport } = this.context;
    return {
      connectionId,
      user,
      userIdentifier,
      agent: request.headers.get("user-agent"),
      url: request.url,
      transport,
      sameSignal: this.signal === this.context.connectionAborted,
    };
  }

  count() {
    const count = (this.context.items.get("count") as number ?? 0) + 1;
    this.context.items.set("count", count);
    return count;
  }

  join(group: string) {
    return this.groups.addToGroup(this.context.connectionId, group);
  }

  leave(group: string) {
    return this.groups.removeFromGroup(this.context.connectionId, group);
  }

  hangUp() {
    this.context.abort();
  }
}

Deno.test("the context: connection id, user, request, transport and signal, as set up", async () => {
  const kit = new HubTestKit({
    connectionId: "connection-123",
    user: { id: "ann", roles: ["User"], claims: { name: "Ann" } },
    headers: { "User-Agent": "kit" },
    url: "http://127.0.0.1/hubs/context",
    transport: "LongPolling",
  });
  assert.deepEqual(await kit.invoke(new ContextHub(), "Describe"), {
    connectionId: "connection-123",
    user: { id: "ann", roles: ["User"], claims: { name: "Ann" } },
    userIdentifier: "ann",
    agent: "kit",
    url: "http://127.0.0.1/hubs/context",
    transport: "LongPolling",
    sameSignal: true,
  });

  const controller = new AbortController();
  kit.signal = controller.signal;
  kit.user = undefined;
  const hub = kit.attach(new ContextHub());
  assert.equal(hub.signal, controller.signal);
  assert.equal(hub.describe().userIdentifier, undefined);
});

Deno.test("items belong to a connection; switching connectionId acts as another caller", async () => {
  const kit = new HubTestKit({ connectionId: "c1" });
  await kit.invoke(new ContextHub(), "Count");
  assert.equal(await kit.invoke(new ContextHub(), "Count"), 2);
  kit.connectionId = "c2";
  assert.equal(await kit.invoke(new ContextHub(), "Count"), 1);
  assert.deepEqual([...kit.items], [["count", 1]]);
  kit.connectionId = "c1";
  assert.deepEqual([...kit.items], [["count", 2]]);
});

Deno.test("groups: every change recorded, membership tracked per connection", async () => {
  const kit = new HubTestKit({ connectionId: "c1" });
  await kit.invoke(new ContextHub(), "Join", "a");
  await kit.invoke(new ContextHub(), "Join", "b");
  kit.connectionId = "c2";
  await kit.invoke(new ContextHub(), "Join", "a");
  await kit.invoke(new ContextHub(), "Leave", "b");
  kit.connectionId = "c1";
  await kit.invoke(new ContextHub(), "Leave", "a");
  assert.deepEqual(kit.groups.history, [
    { action: "add", connectionId: "c1", group: "a" },
    { action: "add", connectionId: "c1", group: "b" },
    { action: "add", connectionId: "c2", group: "a" },
    { action: "remove", connectionId: "c2", group: "b" },
    { action: "remove", connectionId: "c1", group: "a" },
  ]);
  assert.deepEqual(kit.groups.of(), ["b"]);
  assert.deepEqual(kit.groups.of("c2"), ["a"]);
  assert.equal(kit.groups.has("a"), false);
  assert.equal(kit.groups.has("a", "c2"), true);
});

Deno.test("context.abort() closes the caller's connection: kit.aborted, connectionAborted", async () => {
  const kit = new HubTestKit();
  const hub = kit.attach(new ContextHub());
  assert.equal(kit.aborted, false);
  await kit.invoke(hub, "HangUp");
  assert.equal(kit.aborted, true);
  assert.equal(hub.context.connectionAborted.aborted, true);
});

/** Methods the engine finds, and ones it must not. */
class MethodsHub extends Hub {
  echo(text: string) {
    return text;
  }

  async *count(to: number) {
    for (let i = 1; i <= to; i++) yield i;
  }

  fail() {
    throw new HubError("Nope.");
  }

  _helper() {
    return "hidden";
  }
}

Deno.test("invoke finds a method case-insensitively and resolves with its result", async () => {
  const kit = new HubTestKit();
  assert.equal(await kit.invoke(new MethodsHub(), "Echo", "a"), "a");
  assert.equal(await kit.invoke(new MethodsHub(), "echo", "b"), "b");
  // @ts-expect-error: the names are typed as declared or capitalized; any case works at run time.
  assert.equal(await kit.invoke(new MethodsHub(), "ECHO", "c"), "c");
});

Deno.test("invoke hands back a streaming method's items as an async iterable", async () => {
  const kit = new HubTestKit();
  const items = await kit.invoke(new MethodsHub(), "Count", 3);
  assert.deepEqual(await Array.fromAsync(items), [1, 2, 3]);
});

Deno.test("invoke refuses as the engine does: unknown method, helpers, wrong argument count", async () => {
  const kit = new HubTestKit();
  const failed = (name: string) => `Failed to invoke '${name}' due to an error on the server.`;
  await assert.rejects(
    // @ts-expect-error: a typo in a method name does not compile.
    kit.invoke(new MethodsHub(), "Ecoh", "a"),
    { message: `${failed("Ecoh")} HubException: Method does not exist.` },
  );
  await assert.rejects(
    // @ts-expect-error: helpers starting with `_` are not hub methods.
    kit.invoke(new MethodsHub(), "_helper"),
    { message: `${failed("_helper")} HubException: Method does not exist.` },
  );
  await assert.rejects(
    // @ts-expect-error: lifecycle methods are not hub methods.
    kit.invoke(new MethodsHub(), "OnConnected"),
    { message: `${failed("OnConnected")} HubException: Method does not exist.` },
  );
  await assert.rejects(kit.invoke(new MethodsHub(), "Echo"), {
    message: `${failed("Echo")} InvalidDataException: ` +
      "Invocation provides 0 argument(s) but target expects 1.",
  });
});

Deno.test("invoke passes the method's own errors through unchanged", async () => {
  const kit = new HubTestKit();
  await assert.rejects(kit.invoke(new MethodsHub(), "Fail"), new HubError("Nope."));
});

/** Open to everyone, but for its admin method. */
class OpenHub extends Hub {
  @authorize({ roles: ["Admin"] })
  shutDown() {
    return "done";
  }

  @authorize({ policy: (user) => user.claims?.verified === true })
  verified() {
    return "ok";
  }
}

/** For signed-in staff only. */
@authorize({ roles: ["Staff"] })
class StaffHub extends Hub {
  hello() {
    return "hello";
  }
}

Deno.test("invoke checks a method's @authorize rule against the kit's user", async () => {
  const kit = new HubTestKit();
  const unauthorized = (name: string) => ({
    message: `Failed to invoke '${name}' because user is unauthorized`,
  });
  await assert.rejects(kit.invoke(new OpenHub(), "ShutDown"), unauthorized("ShutDown"));
  kit.user = { id: "ann", roles: ["User"] };
  await assert.rejects(kit.invoke(new OpenHub(), "ShutDown"), unauthorized("ShutDown"));
  await assert.rejects(kit.invoke(new OpenHub(), "Verified"), unauthorized("Verified"));
  kit.user = { id: "root", roles: ["Admin"], claims: { verified: true } };
  assert.equal(await kit.invoke(new OpenHub(), "ShutDown"), "done");
  assert.equal(await kit.invoke(new OpenHub(), "Verified"), "ok");
});

Deno.test("invoke checks the hub's @authorize rule as negotiate would: 401, then 403", async () => {
  const kit = new HubTestKit();
  await assert.rejects(kit.invoke(new StaffHub(), "Hello"), {
    message: "Failed to connect: the hub requires a signed-in user (negotiate answers 401).",
  });
  kit.user = { id: "ann" };
  await assert.rejects(kit.invoke(new StaffHub(), "Hello"), {
    message: "Failed to connect: the user does not satisfy the hub's rule (negotiate answers 403).",
  });
  kit.user = { id: "bob", roles: ["Staff"] };
  assert.equal(await kit.invoke(new StaffHub(), "Hello"), "hello");
});

Deno.test("the kit's context has the engine's types: hubs written for .NET names do not compile", () => {
  class DotNetHub extends Hub {
    async subscribe() {
      // @ts-expect-error: the engine's proxies have `send`, not .NET's `SendAsync`.
      await this.clients.caller.SendAsync("Subscribed");
    }
  }
  const kit = new HubTestKit();
  // @ts-expect-error: only hubs can be attached.
  kit.attach({ subscribe() {} });
  assert.ok(kit.attach(new DotNetHub()) instanceof DotNetHub);
});

/** A background service that reaches clients through a hub context, as jobs do. */
class Ticker {
  readonly #clients: HubContext["clients"];
  constructor(context: HubContext) {
    this.#clients = context.clients;
  }

  async tick(group: string, count: number) {
    for (let i = 1; i <= count; i++) {
      await Promise.resolve();
      await this.#clients.group(group).send("Tick", i);
    }
  }
}

Deno.test("hubContext records what background services send; waitForSent waits for it", async () => {
  const kit = new HubTestKit();
  const ticker = new Ticker(kit.hubContext);
  const third = kit.waitForSent({ to: { group: "g" }, method: "Tick", args: [3] });
  const running = ticker.tick("g", 3);
  assert.deepEqual(await third, { to: { group: "g" }, method: "Tick", args: [3] });
  await running;
  assert.deepEqual(kit.sent.map(({ args }) => args[0]), [1, 2, 3]);
  assert.deepEqual(await kit.waitForSent({ method: "Tick" }), kit.sent[0], "already sent");
});
