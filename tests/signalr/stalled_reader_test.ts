import assert from "node:assert/strict";
import { Hub, mapHub } from "../../signalr/mod.ts";
import { connectTo, serve } from "../helpers/server.ts";
import { maskedTextFrame, openTcpWebSocket } from "../helpers/tcp_websocket.ts";

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
  const conn = await openTcpWebSocket("127.0.0.1", port, path);
  await conn.write(maskedTextFrame(`{"protocol":"json","version":1}${RS}`));
  await conn.write(
    maskedTextFrame(`{"type":1,"invocationId":"1","target":"Join","arguments":["room"]}${RS}`),
  );
  return conn;
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
