/**
 * The integration helper: one hub or an app on a loopback port, official
 * client connections with every transport and protocol, tokens and headers,
 * and a close that stops everything.
 */
import assert from "node:assert/strict";
import { authorize, Hub, type HubUser, mapHub } from "../../../signalr/mod.ts";
import { startTestServer, type TestConnectionOptions } from "../../../signalr/testing/mod.ts";

class EchoHub extends Hub {
  echo(text: string) {
    return text;
  }

  whoAmI() {
    return {
      user: this.context.userIdentifier,
      transport: this.context.transport,
      header: this.context.request.headers.get("x-test"),
    };
  }
}

@authorize()
class PrivateHub extends Hub {
  whoAmI() {
    return this.context.userIdentifier;
  }
}

/** The token is the user id: from the query (WebSockets, SSE) or the Authorization header. */
function tokenIsUser(request: Request): HubUser | undefined {
  const token = new URL(request.url).searchParams.get("access_token") ??
    request.headers.get("authorization")?.replace(/^Bearer /, "");
  return token ? { id: token } : undefined;
}

const PAIRS: TestConnectionOptions[] = [
  { transport: "WebSockets", protocol: "json" },
  { transport: "WebSockets", protocol: "messagepack" },
  { transport: "ServerSentEvents", protocol: "json" },
  { transport: "LongPolling", protocol: "json" },
  { transport: "LongPolling", protocol: "messagepack" },
];

for (const pair of PAIRS) {
  Deno.test(`connect() reaches a served hub with ${pair.protocol} over ${pair.transport}`, async () => {
    await using server = startTestServer(mapHub("/hubs/echo", () => new EchoHub()));
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const connection = await server.connect(pair);
    assert.equal(connection.state, "Connected");
    assert.equal(await connection.invoke("Echo", "hi"), "hi");
    assert.equal((await connection.invoke("WhoAmI")).transport, pair.transport);
  });
}

Deno.test("connect() sends the access token (a string or a function) and the headers", async () => {
  const endpoint = mapHub("/hubs/private", () => new PrivateHub(), { authenticate: tokenIsUser });
  await using server = startTestServer(endpoint);
  await assert.rejects(server.connect(), /401/);
  const ann = await server.connect({ accessToken: "ann" });
  assert.equal(await ann.invoke("WhoAmI"), "ann");
  const bob = await server.connect({ accessToken: () => Promise.resolve("bob") });
  assert.equal(await bob.invoke("WhoAmI"), "bob");

  const open = mapHub("/hubs/echo", () => new EchoHub());
  await using echo = startTestServer(open);
  const connection = await echo.connect({ transport: "LongPolling", headers: { "X-Test": "yes" } });
  assert.equal((await connection.invoke("WhoAmI")).header, "yes");
});

Deno.test("an app with several hubs: connect() takes the path; close stops clients, then the app", async () => {
  const chat = mapHub("/hubs/a", () => new EchoHub());
  const other = mapHub("/hubs/b", () => new EchoHub());
  const steps: string[] = [];
  const server = startTestServer({
    fetch: (request) => (chat.owns(new URL(request.url).pathname) ? chat : other).fetch(request),
    async close() {
      steps.push("app closes");
      await Promise.all([chat.close(), other.close()]);
    },
  });
  await assert.rejects(server.connect(), {
    message: 'Which hub? Give its path: connect({ path: "/hubs/chat" }).',
  });
  const a = await server.connect({ path: "/hubs/a" });
  const b = await server.connect({ path: "/hubs/b", start: false });
  b.onclose(() => steps.push("b stopped"));
  await b.start();
  assert.equal(await a.invoke("Echo", "a"), "a");
  assert.equal(await b.invoke("Echo", "b"), "b");

  await Promise.all([server.close(), server.close()]);
  assert.deepEqual(steps, ["b stopped", "app closes"]);
  assert.equal(a.state, "Disconnected");
  await assert.rejects(fetch(`${server.url}/hubs/a/negotiate`, { method: "POST" }));
});

Deno.test("a bare request handler is served too", async () => {
  await using server = startTestServer(() => new Response("pong"));
  const response = await fetch(`${server.url}/ping`);
  assert.equal(await response.text(), "pong");
});
