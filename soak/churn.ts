/**
 * The soak workload against the chat hub: workers that, until a deadline,
 * open connections (official clients over every transport and both
 * protocols), join and leave rooms, send messages, and close, while some
 * connections are killed abruptly at a random stage (a raw TCP socket that
 * closes without a WebSocket close, unread data pending: the peer sees a reset).
 *
 * @module
 */
import * as signalR from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";

/** Options of {@linkcode churn}. */
export interface ChurnOptions {
  /** The chat hub's URL, e.g. `http://127.0.0.1:8000/hubs/chat`. */
  readonly url: string;
  /** How long to churn, in ms. */
  readonly durationMs: number;
  /** Sessions running at once. @default {8} */
  readonly workers?: number;
  /** How many rooms sessions spread over. @default {12} */
  readonly rooms?: number;
  /** Called between sessions, one in `sideEvery` (e.g. to scrape metrics). */
  readonly side?: () => Promise<void>;
  /** @default {20} */
  readonly sideEvery?: number;
}

/** What a churn did. */
export interface ChurnReport {
  /** Sessions run, by kind (transport and protocol, or `killed`). */
  readonly sessions: Record<string, number>;
  /** Chat messages sent. */
  messages: number;
  /** Sessions that failed, with the first few reasons. */
  failures: number;
  readonly reasons: string[];
}

type Transport = "WebSockets" | "ServerSentEvents" | "LongPolling";
const TRANSPORTS: readonly Transport[] = ["WebSockets", "ServerSentEvents", "LongPolling"];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const below = (n: number) => Math.floor(Math.random() * n);

/** Runs the workload until the deadline; every session has ended when it resolves. */
export async function churn(options: ChurnOptions): Promise<ChurnReport> {
  const report: ChurnReport = { sessions: {}, messages: 0, failures: 0, reasons: [] };
  const deadline = Date.now() + options.durationMs;
  const rooms = Array.from({ length: options.rooms ?? 12 }, (_, i) => `room-${i}`);
  let started = 0;
  const worker = async (index: number) => {
    while (Date.now() < deadline) {
      const killed = Math.random() < 0.3;
      const kind = killed ? "killed" : officialKind();
      report.sessions[kind] = (report.sessions[kind] ?? 0) + 1;
      const user = `soak-${index}-${started++}`;
      try {
        const sent = killed
          ? await killedSession(options.url, user, pick(rooms))
          : await officialSession(options.url, kind, user, rooms);
        report.messages += sent;
      } catch (error) {
        report.failures++;
        if (report.reasons.length < 5) report.reasons.push(`${kind}: ${error}`);
      }
      if (options.side && started % (options.sideEvery ?? 20) === 0) await options.side();
    }
  };
  await Promise.all(Array.from({ length: options.workers ?? 8 }, (_, i) => worker(i)));
  return report;
}

/** A transport and protocol: MessagePack only where frames may be binary (not SSE). */
function officialKind(): string {
  const transport = pick(TRANSPORTS);
  const protocol = transport === "ServerSentEvents" ? "json" : pick(["json", "messagepack"]);
  return `${transport}/${protocol}`;
}

/** An official client: joins rooms, talks, leaves one, closes gracefully. Returns messages sent. */
async function officialSession(
  url: string,
  kind: string,
  user: string,
  rooms: readonly string[],
): Promise<number> {
  const [transport, protocol] = kind.split("/") as [Transport, string];
  let builder = new signalR.HubConnectionBuilder()
    .withUrl(url, {
      transport: signalR.HttpTransportType[transport],
      logger: signalR.NullLogger.instance,
    });
  if (protocol === "messagepack") builder = builder.withHubProtocol(new MessagePackHubProtocol());
  const connection = builder.build();
  connection.on("ReceiveMessage", () => {});
  connection.on("UserJoined", () => {});
  connection.on("UserLeft", () => {});
  connection.on("UserTyping", () => {});
  await connection.start();
  try {
    const joined = [...new Set(Array.from({ length: 1 + below(3) }, () => pick(rooms)))];
    for (const room of joined) await connection.invoke("JoinRoom", user, room);
    const count = below(6);
    for (let i = 0; i < count; i++) {
      if (i % 2 === 0) await connection.send("UserTyping", user, joined[i % joined.length]);
      await connection.invoke("SendMessage", user, `message ${i}`, joined[i % joined.length]);
    }
    await connection.invoke("LeaveRoom", user, joined[0]);
    return count;
  } finally {
    await connection.stop();
  }
}

/**
 * A raw WebSocket over TCP killed at a random stage: after the upgrade, the
 * handshake, joining a room, or sending a message. Returns messages sent.
 */
async function killedSession(url: string, user: string, room: string): Promise<number> {
  const { hostname, port, pathname } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    await conn.write(encoder.encode(
      `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n` +
        `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    ));
    await readResponseHead(conn);
    const stage = below(4);
    if (stage >= 1) await conn.write(textFrame(`{"protocol":"json","version":1}\x1e`));
    if (stage >= 2) await conn.write(textFrame(invocation("JoinRoom", user, room)));
    if (stage >= 3) await conn.write(textFrame(invocation("SendMessage", user, "bye", room)));
    // Sometimes let the server answer first, so unread data is pending when the socket dies.
    if (Math.random() < 0.5) await new Promise((resolve) => setTimeout(resolve, below(20)));
    return stage >= 3 ? 1 : 0;
  } finally {
    conn.close();
  }
}

const encoder = new TextEncoder();

/** Reads until the end of the HTTP response head; fails unless it is a 101. */
async function readResponseHead(conn: Deno.TcpConn): Promise<void> {
  const buffer = new Uint8Array(4096);
  let head = "";
  while (!head.includes("\r\n\r\n") && head.length < 4096) {
    const n = await conn.read(buffer);
    if (n === null) throw new Error("the server closed the socket during the upgrade");
    head += new TextDecoder().decode(buffer.subarray(0, n));
  }
  if (!head.startsWith("HTTP/1.1 101")) {
    throw new Error(`upgrade refused: ${head.split("\r\n")[0]}`);
  }
}

/** A non-blocking JSON invocation record (no invocation id: nothing to wait for). */
function invocation(target: string, ...args: unknown[]): string {
  return JSON.stringify({ type: 1, target, arguments: args }) + "\x1e";
}

/** A masked client-to-server text frame. */
function textFrame(text: string): Uint8Array {
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
