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
import { maskedTextFrame, openTcpWebSocket } from "../tests/helpers/tcp_websocket.ts";

/** Options of {@linkcode churn}. */
export interface ChurnOptions {
  /** The chat hub's URL, e.g. `http://127.0.0.1:8000/hubs/chat`. */
  readonly url: string;
  /** How long to churn, in ms. */
  readonly durationMs: number;
  /** Sessions running at once. @default {8} */
  readonly workers?: number;
  /** Called between sessions, after one in 20 (e.g. to scrape metrics). */
  readonly side?: () => Promise<void>;
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

/** How many rooms sessions spread over. */
const ROOMS = 12;
/** One session in this many calls `ChurnOptions.side`. */
const SIDE_EVERY = 20;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const below = (n: number) => Math.floor(Math.random() * n);

/** Runs the workload until the deadline; every session has ended when it resolves. */
export async function churn(options: ChurnOptions): Promise<ChurnReport> {
  const report: ChurnReport = { sessions: {}, messages: 0, failures: 0, reasons: [] };
  const deadline = Date.now() + options.durationMs;
  const rooms = Array.from({ length: ROOMS }, (_, i) => `room-${i}`);
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
      if (options.side && started % SIDE_EVERY === 0) await options.side();
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
  const conn = await openTcpWebSocket(hostname, Number(port), pathname);
  try {
    const stage = below(4);
    if (stage >= 1) await conn.write(maskedTextFrame(`{"protocol":"json","version":1}\x1e`));
    if (stage >= 2) await conn.write(maskedTextFrame(invocation("JoinRoom", user, room)));
    if (stage >= 3) await conn.write(maskedTextFrame(invocation("SendMessage", user, "bye", room)));
    // Sometimes let the server answer first, so unread data is pending when the socket dies.
    if (Math.random() < 0.5) await new Promise((resolve) => setTimeout(resolve, below(20)));
    return stage >= 3 ? 1 : 0;
  } finally {
    conn.close();
  }
}

/** A non-blocking JSON invocation record (no invocation id: nothing to wait for). */
function invocation(target: string, ...args: unknown[]): string {
  return JSON.stringify({ type: 1, target, arguments: args }) + "\x1e";
}
