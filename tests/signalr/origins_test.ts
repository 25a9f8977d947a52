/**
 * Which web origins may use a hub: its own always, listed ones with CORS
 * headers, `*` any; others are refused on negotiate, the HTTP transports and
 * WebSocket upgrades alike. Requests without an Origin (non-browser clients)
 * pass.
 */
import assert from "node:assert/strict";
import { HttpTransportType } from "@microsoft/signalr";
import { Hub, type HubOptions, mapHub } from "../../signalr/mod.ts";
import { connectTo, serve } from "../helpers/server.ts";

class EchoHub extends Hub {
  echo(text: string) {
    return text;
  }
}

const APP = "https://app.example";
const EVIL = "https://evil.example";

async function withHub(
  body: (url: string, origin: string) => Promise<void>,
  options: HubOptions = { allowedOrigins: [APP] },
): Promise<void> {
  const endpoint = mapHub("/hub", () => new EchoHub(), { logError: () => {}, ...options });
  const server = serve((request) => endpoint.fetch(request), () => endpoint.close());
  try {
    await body(`${server.url}/hub`, server.url);
  } finally {
    await server.close();
  }
}

/** The response to a request; its body is read so nothing is left open. */
async function request(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  await response.body?.cancel();
  return response;
}

async function negotiate(url: string, origin?: string): Promise<Response> {
  return await request(`${url}/negotiate?negotiateVersion=1`, {
    method: "POST",
    headers: origin === undefined ? {} : { Origin: origin },
  });
}

const UPGRADE = {
  Upgrade: "websocket",
  Connection: "Upgrade",
  "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
  "Sec-WebSocket-Version": "13",
};

/** Opens a WebSocket sending `origin`, completes the JSON handshake and closes it. */
async function handshakeFrom(url: string, origin: string): Promise<void> {
  const socket = new WebSocket(url.replace(/^http/, "ws"), { headers: { Origin: origin } });
  const closed = new Promise((resolve) => socket.onclose = resolve);
  try {
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error("WebSocket failed to open"));
    });
    const reply = new Promise((resolve) => socket.onmessage = (event) => resolve(event.data));
    socket.send('{"protocol":"json","version":1}\x1e');
    assert.equal(await reply, "{}\x1e");
  } finally {
    socket.close();
    await closed;
  }
}

Deno.test("a negotiate from a foreign origin is 403 without CORS headers", async () => {
  await withHub(async (url) => {
    const response = await negotiate(url, EVIL);
    assert.equal(response.status, 403);
    assert.equal(response.headers.get("access-control-allow-origin"), null);
  });
});

Deno.test("a negotiate from an allowed origin is 200 with CORS headers for it, credentials allowed", async () => {
  await withHub(async (url) => {
    const response = await negotiate(url, APP);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("access-control-allow-origin"), APP);
    assert.equal(response.headers.get("access-control-allow-credentials"), "true");
    assert.match(response.headers.get("vary") ?? "", /Origin/);
  });
});

Deno.test("a preflight from an allowed origin is 204 with the allowed methods and requested headers", async () => {
  await withHub(async (url) => {
    const response = await request(`${url}/negotiate?negotiateVersion=1`, {
      method: "OPTIONS",
      headers: {
        Origin: APP,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, x-requested-with",
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get("access-control-allow-origin"), APP);
    assert.equal(response.headers.get("access-control-allow-credentials"), "true");
    const methods = response.headers.get("access-control-allow-methods") ?? "";
    for (const method of ["GET", "POST", "DELETE"]) assert.match(methods, new RegExp(method));
    assert.equal(
      response.headers.get("access-control-allow-headers"),
      "authorization, x-requested-with",
    );
  });
});

Deno.test("a preflight from a foreign origin is 403", async () => {
  await withHub(async (url) => {
    const response = await request(`${url}/negotiate`, {
      method: "OPTIONS",
      headers: { Origin: EVIL, "Access-Control-Request-Method": "POST" },
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get("access-control-allow-origin"), null);
  });
});

Deno.test("the hub's own origin always passes, with no origin listed, and needs no CORS headers", async () => {
  await withHub(async (url, own) => {
    const response = await negotiate(url, own);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("access-control-allow-origin"), null);
    await handshakeFrom(url, own);
  }, {});
});

Deno.test("a request without an Origin header (a non-browser client) passes", async () => {
  await withHub(async (url) => {
    assert.equal((await negotiate(url)).status, 200);
    const connection = await connectTo(url);
    try {
      assert.equal(await connection.invoke("Echo", "no origin"), "no origin");
    } finally {
      await connection.stop();
    }
  });
});

Deno.test("a WebSocket upgrade from a foreign origin is refused with 403, negotiated or not", async () => {
  await withHub(async (url) => {
    const direct = await request(url, { headers: { ...UPGRADE, Origin: EVIL } });
    assert.equal(direct.status, 403);
    const { connectionToken } = await (await fetch(`${url}/negotiate?negotiateVersion=1`, {
      method: "POST",
    })).json();
    const negotiated = await request(`${url}?id=${connectionToken}`, {
      headers: { ...UPGRADE, Origin: EVIL },
    });
    assert.equal(negotiated.status, 403);
  });
});

Deno.test("the HTTP transports refuse a foreign origin with 403", async () => {
  await withHub(async (url) => {
    const { connectionToken } = await (await fetch(`${url}/negotiate?negotiateVersion=1`, {
      method: "POST",
    })).json();
    const at = `${url}?id=${connectionToken}`;
    const eventStream = await request(at, {
      headers: { Origin: EVIL, Accept: "text/event-stream" },
    });
    const poll = await request(at, { headers: { Origin: EVIL } });
    const post = await request(at, { method: "POST", headers: { Origin: EVIL }, body: "{}\x1e" });
    assert.deepEqual([eventStream.status, poll.status, post.status], [403, 403, 403]);
  });
});

Deno.test("a WebSocket from an allowed origin connects", async () => {
  await withHub(async (url) => {
    await handshakeFrom(url, APP);
  });
});

Deno.test("the official client sending an allowed Origin works over every transport", async () => {
  await withHub(async (url) => {
    for (const transport of ["WebSockets", "ServerSentEvents", "LongPolling"] as const) {
      const connection = await connectTo(url, {
        transport: HttpTransportType[transport],
        headers: { Origin: APP },
      });
      try {
        assert.equal(await connection.invoke("Echo", transport), transport);
      } finally {
        await connection.stop();
      }
    }
  });
});

Deno.test("the official client sending a foreign Origin cannot start", async () => {
  await withHub(async (url) => {
    await assert.rejects(connectTo(url, { headers: { Origin: EVIL } }));
  });
});

Deno.test("'*' allows any origin, with CORS headers naming it", async () => {
  await withHub(async (url) => {
    const response = await negotiate(url, EVIL);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("access-control-allow-origin"), EVIL);
    await handshakeFrom(url, EVIL);
  }, { allowedOrigins: ["*"] });
});
