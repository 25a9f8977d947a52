/**
 * Connections: open N idle WebSocket connections (each completing its
 * protocol's handshake), hold them, and read the server's resident memory.
 * N is the target unless a process may not open that many files: then it is
 * the hard `ulimit -n` less a margin (see BENCHMARKS.md). Each load process
 * connects from its own loopback address (127.0.0.11, .12, …), so no source
 * address runs out of its ~28,000 ephemeral ports.
 *
 * @module
 */
import type { BenchSizes } from "../config.ts";
import type { Child } from "../child.ts";
import { type ServerSpec, startServer } from "../servers.ts";
import { round, split, startWorkers, stopAll } from "../workers.ts";

/** The connections scenario's result for one server. */
export interface ConnectionsResult {
  /** Connections opened and held. */
  readonly connections: number;
  /** What was wanted, and why it was not reached if it was not. */
  readonly target: number;
  readonly limitedBy?: string;
  /** Handshakes completed per second while opening them all. */
  readonly connectsPerSecond: number;
  /** The server's CPU time per connection opened (user and kernel), in µs. */
  readonly serverCpuPerConnectUs: number;
  /** The server's resident memory before and while holding them, in bytes. */
  readonly rssBefore: number;
  readonly rssHeld: number;
  /** (rssHeld − rssBefore) / connections, in bytes. */
  readonly rssPerConnection: number;
  /** Connections that closed on their own while held. */
  readonly dropped: number;
}

/** Files a process keeps for itself besides its sockets. */
const FILE_MARGIN = 500;
/** Connections one source address may open to one server (ephemeral ports, with room to spare). */
const PER_SOURCE_ADDRESS = 25_000;

/** The most files a process may open here (`ulimit -Hn`). */
async function hardFileLimit(): Promise<number> {
  const output = await new Deno.Command("sh", { args: ["-c", "ulimit -Hn"] }).output();
  const text = new TextDecoder().decode(output.stdout).trim();
  return text === "unlimited" ? Infinity : Number(text);
}

/** Runs the connections scenario against one server. */
export async function runConnections(
  spec: ServerSpec,
  sizes: BenchSizes,
): Promise<ConnectionsResult> {
  const { target, concurrency, holdMs } = sizes.connections;
  const fileLimit = await hardFileLimit();
  const connections = Math.min(target, fileLimit - FILE_MARGIN);
  const perWorker = Math.min(fileLimit - FILE_MARGIN, PER_SOURCE_ADDRESS);
  const workers = Math.max(sizes.connections.workers, Math.ceil(connections / perWorker));
  const server = await startServer(spec);
  let children: Child[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rssBefore = await server.process.rss();
    const cpuBefore = await server.process.cpuSeconds();
    const started = await startWorkers(
      `${spec.name} idle`,
      split(connections, workers).map((count, i) => ({
        role: "idle" as const,
        kind: spec.client,
        origin: server.origin,
        count,
        concurrency,
        localAddress: `127.0.0.${11 + i}`,
      })),
    );
    children = started.map((s) => s.child);
    const cpuAfter = await server.process.cpuSeconds();
    const cpuSeconds = cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system;
    const first = Math.min(...started.map((s) => s.startedAt));
    const last = Math.max(...started.map((s) => s.doneAt));
    await new Promise((resolve) => setTimeout(resolve, holdMs));
    const rssHeld = await server.process.rss();
    await Promise.all(children.map((child) => child.send({ cmd: "status" })));
    const statuses = await Promise.all(
      children.map((child) => child.next<{ dropped: number }>("status")),
    );
    return {
      connections,
      target,
      ...(connections < target
        ? { limitedBy: `the hard limit of open files per process is ${fileLimit}` }
        : {}),
      connectsPerSecond: round(connections / ((last - first) / 1000)),
      serverCpuPerConnectUs: round((cpuSeconds * 1e6) / connections),
      rssBefore,
      rssHeld,
      rssPerConnection: round((rssHeld - rssBefore) / connections),
      dropped: statuses.reduce((sum, s) => sum + s.dropped, 0),
    };
  } finally {
    await stopAll(children);
    await server.process.stop();
  }
}
