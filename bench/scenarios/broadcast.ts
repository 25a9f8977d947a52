/**
 * Broadcast: one sender, a group of connections (the sender joins it last, so
 * its own copy of a Tick is the last one written), Ticks timestamped by the
 * sender and timed where they are received. First at the peak — the sender
 * keeps a few broadcasts unacknowledged, so the server never waits and
 * never queues without bound — then paced at half the peak rate.
 *
 * @module
 */
import type { BenchSizes } from "../config.ts";
import { type RunningServer, type ServerSpec, startServer } from "../servers.ts";
import {
  type CpuShare,
  measureWindow,
  round,
  split,
  startWorker,
  startWorkers,
  stopAll,
} from "../workers.ts";
import type { Child } from "../child.ts";

/** One measured window of broadcasting. */
export interface BroadcastPhase {
  readonly deliveriesPerSecond: number;
  readonly broadcastsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The server's CPU share (1 = one core), and the kernel's part of it. */
  readonly serverCpu: CpuShare;
  /** Each load process's CPU share. */
  readonly clientCpu: readonly number[];
  /** Connections that closed on their own. */
  readonly dropped: number;
  /** Whether the paced sender had to hold back: the server fell behind the pace. */
  readonly fellBehind: boolean;
}

/** The broadcast scenario's result for one server. */
export interface BroadcastResult {
  readonly groupSize: number;
  readonly peak: BroadcastPhase;
  readonly halfPeak: BroadcastPhase;
}

const GROUP = "bench";

/** Runs the broadcast scenario against one server. */
export async function runBroadcast(spec: ServerSpec, sizes: BenchSizes): Promise<BroadcastResult> {
  const { groupSize, workers, window } = sizes.broadcast;
  const server = await startServer(spec);
  const children: Child[] = [];
  try {
    const receivers = await startWorkers(
      `${spec.name} receivers`,
      split(groupSize - 1, workers).map((count) => ({
        role: "group" as const,
        kind: spec.client,
        origin: server.origin,
        count,
        concurrency: 50,
        group: GROUP,
      })),
    );
    children.push(...receivers.map((r) => r.child));
    const sender = await startWorker(`${spec.name} sender`, {
      role: "group",
      kind: spec.client,
      origin: server.origin,
      count: 1,
      concurrency: 1,
      group: GROUP,
      sender: true,
    });
    children.push(sender.child);
    const peak = await measure(server, children, groupSize, sizes, { window });
    const halfPeak = await measure(server, children, groupSize, sizes, {
      rate: peak.broadcastsPerSecond / 2,
    });
    return { groupSize, peak, halfPeak };
  } finally {
    await stopAll(children);
    await server.process.stop();
  }
}

async function measure(
  server: RunningServer,
  children: readonly Child[],
  groupSize: number,
  sizes: BenchSizes,
  pace: { window: number } | { rate: number },
): Promise<BroadcastPhase> {
  const { serverCpu, clientCpu, results, latencies } = await measureWindow<{
    received: number;
    stalled?: boolean;
    dropped: number;
    histogram: [number, number][];
  }>(server.process, children, sizes, pace);
  const seconds = sizes.durationMs / 1000;
  const deliveries = results.reduce((sum, r) => sum + r.received, 0);
  // Let the Ticks still in flight arrive before the next phase starts.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    deliveriesPerSecond: round(deliveries / seconds),
    broadcastsPerSecond: round(deliveries / groupSize / seconds, 1),
    p50Ms: round(latencies.quantile(0.5), 2),
    p99Ms: round(latencies.quantile(0.99), 2),
    serverCpu,
    clientCpu,
    dropped: results.reduce((sum, r) => sum + r.dropped, 0),
    fellBehind: results.some((r) => r.stalled === true),
  };
}
