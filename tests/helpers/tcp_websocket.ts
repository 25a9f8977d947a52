/**
 * A WebSocket client at the byte level, over raw TCP: for tests (and the soak)
 * that need a peer the browser API cannot be, one that stops reading or dies
 * without a close frame.
 *
 * @module
 */

const encoder = new TextEncoder();

/** A client-to-server text frame (clients must mask), for payloads under 64 KiB. */
export function maskedTextFrame(text: string): Uint8Array {
  const payload = encoder.encode(text);
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

/**
 * Connects to `hostname:port`, sends a WebSocket upgrade request for `path`,
 * and reads until the end of the response head. Throws (closing the socket)
 * unless the server answered 101; the caller owns the returned socket.
 */
export async function openTcpWebSocket(
  hostname: string,
  port: number,
  path: string,
): Promise<Deno.TcpConn> {
  const conn = await Deno.connect({ hostname, port });
  try {
    const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    await conn.write(encoder.encode(
      `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    ));
    await readResponseHead(conn);
    return conn;
  } catch (error) {
    conn.close();
    throw error;
  }
}

/** Reads until the end of the HTTP response head; fails unless it is a 101. */
async function readResponseHead(conn: Deno.TcpConn): Promise<void> {
  const buffer = new Uint8Array(4096);
  const decoder = new TextDecoder();
  let head = "";
  while (!head.includes("\r\n\r\n") && head.length < 4096) {
    const n = await conn.read(buffer);
    if (n === null) throw new Error("the server closed the socket during the upgrade");
    head += decoder.decode(buffer.subarray(0, n), { stream: true });
  }
  if (!head.startsWith("HTTP/1.1 101")) {
    throw new Error(`upgrade refused: ${head.split("\r\n")[0]}`);
  }
}
