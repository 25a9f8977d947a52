/**
 * Echo: many clients, each invoking a method and awaiting its result before
 * the next, for a fixed window: invocations per second and their round trip.
 *
 * @module
 */
import type { BenchSizes } from "../config.ts";
import type { Child } from "../child.ts";
import { type ServerSpec, startServer } from "../servers.ts";
import { type CpuShare, measureWindow, round, split, startWorkers, stopAll } from "../workers.ts";

/** The echo scenario's result for one server. */
export interface EchoResult {
  readonly clients: number;
  readonly invocationsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The server's CPU share (1 = one core), and the kernel's part of it. */
  readonly serverCpu: CpuShare;
  /** Each load process's CPU share. */
  readonly clientCpu: readonly number[];
  /** Connections that closed on their own. */
  readonly dropped: number;
}

/** Runs the echo scenario against one server. */
export async function runEcho(spec: ServerSpec, sizes: BenchSizes): Promise<EchoResult> {
  const { clients, workers } = sizes.echo;
  const server = await startServer(spec);
  let children: Child[] = [];
  try {
    const started = await startWorkers(
      `${spec.name} echo`,
      split(clients, workers).map((count) => ({
        role: "echo" as const,
        kind: spec.client,
        origin: server.origin,
        count,
        concurrency: 50,
      })),
    );
    children = started.map(({ child }) => child);
    const { serverCpu, clientCpu, results, latencies } = await measureWindow<
      { completed: number; dropped: number; histogram: [number, number][] }
    >(server.process, children, sizes);
    const completed = results.reduce((sum, r) => sum + r.completed, 0);
    return {
      clients,
      invocationsPerSecond: round(completed / (sizes.durationMs / 1000)),
      p50Ms: round(latencies.quantile(0.5), 2),
      p99Ms: round(latencies.quantile(0.99), 2),
      serverCpu,
      clientCpu,
      dropped: results.reduce((sum, r) => sum + r.dropped, 0),
    };
  } finally {
    await stopAll(children);
    await server.process.stop();
  }
}
