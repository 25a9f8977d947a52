import assert from "node:assert/strict";
import { Hub, mapHub } from "../../signalr/mod.ts";
import { connectTo, serve } from "../helpers/server.ts";

const RS = "\x1e";

/** Joins a room; floods a room. */
class RoomHub extends Hub {
  async join(room: string) {
    await this.groups.addToGroup(this.context.connectionId, room);
  }
  async flood(room: string, count: number, size: number) {
    const text = "x".repeat(size);
    for (let i = 0; i < count; i++) {
      await this.clients.group(room).send("Flood", i, text);
      // Paced, as real traffic is: a reading client keeps up, a stalled one falls behind.
      if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}

/**
 * A WebSocket client over raw TCP that completes the SignalR handshake,
 * joins a room, and then never reads again.
 */
async function stalledClient(port: number, path: string): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const request = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
    `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  await conn.write(new TextEncoder().encode(request));
  const buffer = new Uint8Array(4096);
  const n = await conn.read(buffer); // the 101 response
  assert.match(new TextDecoder().decode(buffer.subarray(0, n ?? 0)), /^HTTP\/1\.1 101/);
  await conn.write(maskedTextFrame(`{"protocol":"json","version":1}${RS}`));
  await conn.write(
    maskedTextFrame(`{"type":1,"invocationId":"1","target":"Join","arguments":["room"]}${RS}`),
  );
  return conn;
}

/** A client-to-server text frame (clients must mask). */
function maskedTextFrame(text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const mask = crypto.getRandomValues(new Uint8Array(4));
  const header = payload.length < 126
    ? [0x81, 0x80 | payload.length]
    : [0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff];
  const frame = new Uint8Array(header.length + 4 + payload.length);
  frame.set(header);
  frame.set(mask, header.length);
  payload.forEach((byte, i) => frame[header.length + 4 + i] = byte ^ mask[i % 4]);
  return frame;
}

Deno.test("a client that stops reading is closed once its send buffer passes the bound; the healthy member gets every message", async () => {
  const errors: string[] = [];
  const endpoint = mapHub("/hubs/room", () => new RoomHub(), {
    maximumSendBufferSize: 256 * 1024,
    logError: (message) => errors.push(message),
  });
  const server = serve((r) => endpoint.fetch(r), () => endpoint.close());
  const port = Number(new URL(server.url).port);
  const stalled = await stalledClient(port, "/hubs/room");
  const healthy = await connectTo(`${server.url}/hubs/room`);
  let received = 0;
  healthy.on("Flood", () => {
    received++;
  });
  try {
    await healthy.invoke("Join", "room");
    await new Promise((r) => setTimeout(r, 50)); // the stalled client's join is processed
    const count = 20_000;
    await healthy.invoke("Flood", "room", count, 1024); // 20 MB for each member
    for (let i = 0; i < 200 && received < count; i++) await new Promise((r) => setTimeout(r, 25));
    assert.equal(received, count, "the healthy member got every message");
    assert.equal(endpoint.connectionCount, 1, "the stalled member was closed");
    assert.ok(errors.some((e) => /not reading/.test(e)), errors.join("\n"));
  } finally {
    stalled.close();
    await healthy.stop();
    await server.close();
  }
});

Deno.test("a client that reads nothing for sendTimeoutMs is closed even under the size bound", async () => {
  const endpoint = mapHub("/hubs/room", () => new RoomHub(), {
    maximumSendBufferSize: 64 * 1024 * 1024,
    sendTimeoutMs: 300,
    logError: () => {},
  });
  const server = serve((r) => endpoint.fetch(r), () => endpoint.close());
  const port = Number(new URL(server.url).port);
  const stalled = await stalledClient(port, "/hubs/room");
  const healthy = await connectTo(`${server.url}/hubs/room`);
  try {
    await healthy.invoke("Join", "room");
    await new Promise((r) => setTimeout(r, 50));
    await healthy.invoke("Flood", "room", 20_000, 1024); // beyond what the OS buffers absorb
    for (let i = 0; i < 200 && endpoint.connectionCount > 1; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(endpoint.connectionCount, 1, "the stalled member was closed by the timeout");
  } finally {
    stalled.close();
    await healthy.stop();
    await server.close();
  }
});
