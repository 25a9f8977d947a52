/**
 * The conformance app's HTTP behaviour with the official client: the hub
 * without WebSockets, the negotiate redirect, the failing negotiate, request
 * headers and cookies as the hub sees them, and CORS.
 */
import assert from "node:assert/strict";
import { HttpTransportType, type IHubProtocol, JsonHubProtocol } from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { VARIANTS, withConformance } from "./fixture.ts";

Deno.test("/testhub-nowebsockets refuses a client that insists on WebSockets", async () => {
  await withConformance(async (app) => {
    const connection = app.build({
      path: "/testhub-nowebsockets",
      transport: HttpTransportType.WebSockets,
    });
    await assert.rejects(connection.start(), {
      message:
        "Unable to connect to the server with any of the available transports. ServerSentEvents failed: Error: 'ServerSentEvents' is disabled by the client. LongPolling failed: Error: 'LongPolling' is disabled by the client.",
    });
  });
});

Deno.test("/testhub-nowebsockets refuses a WebSocket upgrade", async () => {
  await withConformance(async (app) => {
    const response = await fetch(`${app.url}/testhub-nowebsockets`, {
      headers: {
        Upgrade: "websocket",
        Connection: "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
      },
    });
    assert.equal(response.status, 404);
    assert.equal(
      await response.text(),
      "WebSockets transport not supported by this end point type",
    );
  });
});

for (const variant of VARIANTS.filter((v) => v.transportName !== "WebSockets")) {
  Deno.test(`/testhub-nowebsockets works over ${variant.name}`, async () => {
    await withConformance(async (app) => {
      const connection = await app.connect({
        path: "/testhub-nowebsockets",
        transport: variant.transport,
        protocol: variant.protocol(),
      });
      assert.equal(await connection.invoke("GetActiveTransportName"), variant.transportName);
      assert.equal(await connection.invoke("Echo", "hi"), "hi");
    });
  });
}

for (
  const [protocol, transport] of [
    [new JsonHubProtocol(), "ServerSentEvents"],
    [new MessagePackHubProtocol(), "LongPolling"],
  ] as [IHubProtocol, string][]
) {
  Deno.test(`without WebSockets, a ${protocol.name} client falls back to ${transport}`, async () => {
    await withConformance(async (app) => {
      const connection = await app.connect({ path: "/testhub-nowebsockets", protocol });
      assert.equal(await connection.invoke("GetActiveTransportName"), transport);
    });
  });
}

Deno.test("the client follows /redirect to /testhub, which counts the redirects", async () => {
  await withConformance(async (app) => {
    const path = `/redirect?numRedirects=0&baseUrl=${app.url}`;
    const first = await app.connect({ path });
    const second = await app.connect({ path });
    assert.equal(await first.invoke("GetNumRedirects"), 1);
    assert.equal(await second.invoke("GetNumRedirects"), 2);
    assert.ok(first.connectionId);
    assert.equal(await first.invoke("GetCallerConnectionId"), first.connectionId);
  });
});

Deno.test("/redirect answers negotiate with the URL of /testhub", async () => {
  await withConformance(async (app) => {
    const response = await fetch(`${app.url}/redirect/negotiate?baseUrl=http://x`, {
      method: "POST",
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { url: "http://x/testhub?numRedirects=1" });
  });
});

Deno.test("/bad-negotiate fails start() with the server's response", async () => {
  await withConformance(async (app) => {
    await assert.rejects(app.build({ path: "/bad-negotiate" }).start(), {
      message:
        "Failed to complete negotiation with the server: Error: Some response from server: Status code '400'",
    });
  });
});

Deno.test("/clientresult/{id} of an unknown connection says it does not exist", async () => {
  await withConformance(async (app) => {
    const response = await fetch(`${app.url}/clientresult/nobody`);
    assert.equal(await response.text(), "Connection 'nobody' does not exist.");
  });
});

for (const variant of VARIANTS.filter((v) => v.protocolName === "json")) {
  Deno.test(`the hub sees the client's User-Agent over ${variant.transportName}`, async () => {
    await withConformance(async (app) => {
      const connection = await app.connect({ transport: variant.transport });
      const agent = await connection.invoke("GetHeader", "User-Agent");
      assert.match(agent, /^Microsoft SignalR\/\d+\.\d+ \(/);
    });
  });

  Deno.test(`the hub sees headers set in withUrl over ${variant.transportName}`, async () => {
    await withConformance(async (app) => {
      const connection = await app.connect({
        transport: variant.transport,
        headers: { "User-Agent": "Custom Agent", "X-HEADER": "VALUE" },
      });
      assert.equal(await connection.invoke("GetHeader", "User-Agent"), "Custom Agent");
      assert.equal(await connection.invoke("GetHeader", "X-HEADER"), "VALUE");
      assert.equal(await connection.invoke("GetHeader", "X-Missing"), null);
      assert.equal(await connection.invoke("GetContentTypeHeader"), null);
    });
  });

  Deno.test(`negotiate's cookies reach the hub, expired ones do not, over ${variant.transportName}`, async () => {
    await withConformance(async (app) => {
      const connection = await app.connect({ transport: variant.transport });
      assert.equal(await connection.invoke("GetCookie", "testCookie"), "testValue");
      assert.equal(await connection.invoke("GetCookie", "testCookie2"), "testValue2");
      assert.equal(await connection.invoke("GetCookie", "expiredCookie"), null);
    });
  });
}

Deno.test("negotiate sets the test cookies", async () => {
  await withConformance(async (app) => {
    const response = await fetch(`${app.url}/testhub/negotiate?negotiateVersion=1`, {
      method: "POST",
    });
    await response.body?.cancel();
    const cookies = response.headers.getSetCookie();
    assert.deepEqual(cookies.slice(0, 2), [
      "testCookie=testValue; path=/",
      "testCookie2=testValue2; path=/",
    ]);
    assert.match(cookies[2], /^expiredCookie=doesntmatter; expires=.* GMT; path=\/$/);
    assert.ok(Date.parse(cookies[2].split(/expires=|;/)[2]) < Date.now());
  });
});

Deno.test("any origin may call with credentials, and preflights get 204", async () => {
  await withConformance(async (app) => {
    const origin = "http://localhost:9876";
    const preflight = await fetch(`${app.url}/testhub/negotiate`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "x-requested-with",
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), origin);
    assert.equal(preflight.headers.get("access-control-allow-credentials"), "true");
    assert.equal(preflight.headers.get("access-control-allow-methods"), "POST");
    assert.equal(preflight.headers.get("access-control-allow-headers"), "x-requested-with");

    const negotiate = await fetch(`${app.url}/testhub/negotiate?negotiateVersion=1`, {
      method: "POST",
      headers: { Origin: origin },
    });
    await negotiate.body?.cancel();
    assert.equal(negotiate.status, 200);
    assert.equal(negotiate.headers.get("access-control-allow-origin"), origin);
    assert.equal(negotiate.headers.get("access-control-allow-credentials"), "true");
  });
});
