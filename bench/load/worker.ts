/**
 * One load-generating process. The runner starts several, each with a JSON
 * {@linkcode WorkerConfig} as its argument, then drives them with JSON lines
 * on stdin; they answer with JSON lines on stdout:
 *
 * - every role opens `count` connections (`concurrency` at a time) and says
 *   `{"event":"ready"}` with when it started and finished connecting;
 * - `group`: joins `group`; on `measure` counts the Ticks received between
 *   `from` and `to` with their latencies, and as the `sender` also sends
 *   Broadcasts (keeping `window` unacknowledged, or at `rate` per second);
 * - `echo`: on `measure`, every connection invokes Echo in a loop until `to`;
 * - `idle`: holds its connections; `status` reports how many closed on their own.
 *
 * When stdin ends, the worker closes its connections and exits.
 *
 * @module
 */
import { type BenchClient, type ClientKind, now } from "./bench_client.ts";
import { connectClient } from "./connect.ts";
import { emit, lines } from "./lines.ts";
import { Histogram } from "../histogram.ts";

/** What a worker does. */
export interface WorkerConfig {
  readonly role: "group" | "echo" | "idle";
  readonly kind: ClientKind;
  /** The server, `http://host:port`. */
  readonly origin: string;
  readonly count: number;
  readonly concurrency: number;
  readonly group?: string;
  /** Whether this worker's (single) connection sends the Broadcasts. */
  readonly sender?: boolean;
  /** The source address of every connection, when the runner spreads them. */
  readonly localAddress?: string;
}

/** A measuring phase, as the runner sends it. */
interface Measure {
  readonly cmd: "measure";
  readonly from: number;
  readonly to: number;
  readonly window?: number;
  readonly rate?: number;
}

/** The text every Tick and Echo carries: 32 bytes. */
const TEXT = "Switchboard benchmark payload 32";
/** Unacknowledged Broadcasts at which a paced sender stops: the server has fallen behind. */
const MAX_OUTSTANDING = 2_000;
/** How often idle connections send a keep-alive (the SignalR server expects one in 30 s). */
const KEEP_ALIVE_MS = 10_000;

const config: WorkerConfig = JSON.parse(Deno.args[0]);
let dropped = 0;

async function openAll(): Promise<BenchClient[]> {
  const clients: BenchClient[] = [];
  let next = 0;
  const opener = async () => {
    while (next < config.count) {
      next++;
      const client = await connectClient(config.kind, config.origin, config.localAddress);
      client.onClose = () => dropped++;
      if (config.group) await client.join(config.group);
      clients.push(client);
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, config.count) }, opener));
  return clients;
}

/** Counts Ticks in the window; the sender also keeps Broadcasts going. */
function measureGroup(clients: BenchClient[], measure: Measure): Promise<Record<string, unknown>> {
  const started = now();
  const latencies = new Histogram();
  let received = 0;
  let sent = 0;
  let acknowledged = 0;
  let stalled = false;
  const sendMore = () => {
    const t = now();
    if (t >= measure.to) return;
    const due = measure.rate === undefined
      ? acknowledged + measure.window!
      : Math.floor(((t - started) * measure.rate) / 1000);
    if (due - sent > 0 && sent - acknowledged >= MAX_OUTSTANDING) stalled = true;
    while (sent < due && sent - acknowledged < MAX_OUTSTANDING) {
      clients[0].broadcast(config.group!, now(), sent++, TEXT);
    }
  };
  for (const client of clients) {
    client.onTick = (sentAt) => {
      const t = now();
      if (t >= measure.from && t < measure.to) {
        received++;
        latencies.record(t - sentAt);
      }
      if (config.sender) {
        acknowledged++;
        if (measure.rate === undefined) sendMore();
      }
    };
  }
  let pacer: ReturnType<typeof setInterval> | undefined;
  if (config.sender) {
    sendMore();
    if (measure.rate !== undefined) pacer = setInterval(sendMore, 1);
  }
  return new Promise((resolve) =>
    setTimeout(() => {
      clearInterval(pacer);
      resolve({ received, sent, stalled, histogram: latencies.toJSON() });
    }, Math.max(0, measure.to - now()))
  );
}

/** Every connection invokes Echo in a loop until the window ends. */
async function measureEcho(
  clients: BenchClient[],
  measure: Measure,
): Promise<Record<string, unknown>> {
  const latencies = new Histogram();
  let completed = 0;
  const value = { text: TEXT, n: 42 };
  await Promise.all(clients.map(async (client) => {
    while (now() < measure.to) {
      const start = now();
      await client.echo(value);
      const end = now();
      if (end >= measure.from && end < measure.to) {
        completed++;
        latencies.record(end - start);
      }
    }
  }));
  return { completed, histogram: latencies.toJSON() };
}

async function main(): Promise<void> {
  const startedAt = now();
  const clients = await openAll();
  emit({ event: "ready", startedAt, doneAt: now(), open: clients.length });
  const keepAlive = setInterval(() => clients.forEach((c) => c.keepAlive()), KEEP_ALIVE_MS);
  for await (const line of lines(Deno.stdin.readable)) {
    const command = JSON.parse(line);
    if (command.cmd === "measure") {
      const result = config.role === "echo"
        ? await measureEcho(clients, command)
        : await measureGroup(clients, command);
      emit({ event: "result", ...result, dropped });
    } else if (command.cmd === "status") {
      emit({ event: "status", dropped });
    }
  }
  clearInterval(keepAlive);
  for (const client of clients) client.close();
}

try {
  await main();
  // Sockets close in the background; give the Close frames a moment to leave.
  setTimeout(() => Deno.exit(0), 200);
} catch (error) {
  emit({ event: "error", message: error instanceof Error ? error.message : String(error) });
  Deno.exit(1);
}
