/**
 * The runner's side of the load processes: starting them, splitting
 * connections among them, and reading how busy every process was while a
 * window was measured (so a saturated load generator shows).
 *
 * @module
 */
import { Child } from "./child.ts";
import type { BenchSizes } from "./config.ts";
import { Histogram } from "./histogram.ts";
import { now } from "./load/bench_client.ts";
import type { WorkerConfig } from "./load/worker.ts";

const WORKER_FLAGS = ["run", "--allow-net", "--allow-read", "--allow-env", "--allow-sys"];

/** Starts one load process and waits until its connections are open. */
export async function startWorker(
  name: string,
  config: WorkerConfig,
): Promise<{ child: Child; startedAt: number; doneAt: number }> {
  const child = Child.spawn(name, Deno.execPath(), [
    ...WORKER_FLAGS,
    "bench/load/worker.ts",
    JSON.stringify(config),
  ]);
  try {
    const ready = await child.next<{ startedAt: number; doneAt: number }>("ready");
    return { child, ...ready };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Starts several load processes at once; stops them all if one fails. */
export async function startWorkers(
  name: string,
  configs: readonly WorkerConfig[],
): Promise<{ child: Child; startedAt: number; doneAt: number }[]> {
  const started = await Promise.allSettled(
    configs.map((config, i) => startWorker(`${name} ${i + 1}`, config)),
  );
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await stopAll(started.flatMap((s) => s.status === "fulfilled" ? [s.value.child] : []));
    throw failed.reason;
  }
  return started.map((s) =>
    (s as PromiseFulfilledResult<Awaited<ReturnType<typeof startWorker>>>).value
  );
}

/** Lets load processes close their connections and exit. */
export async function stopAll(children: readonly Child[]): Promise<void> {
  await Promise.all(children.map((child) => child.finish()));
}

/** `total` split into `parts` shares as even as can be. */
export function split(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0),
  );
}

/** One process's CPU use over a window, as shares of one core (1 = a core fully busy). */
export interface CpuShare {
  readonly total: number;
  /** The part spent in the kernel (system calls, the loopback network). */
  readonly system: number;
}

/** CPU use of processes over a window, so a saturated server or load process shows. */
class CpuMeter {
  readonly #children: readonly Child[];
  #start: { user: number; system: number }[] = [];
  #startedAt = 0;

  /** Meters `children`. */
  constructor(children: readonly Child[]) {
    this.#children = children;
  }

  /** Starts the window. */
  async start(): Promise<void> {
    this.#startedAt = performance.now();
    this.#start = await Promise.all(this.#children.map((child) => child.cpuSeconds()));
  }

  /** Ends the window: each process's share, in the order given. */
  async stop(): Promise<CpuShare[]> {
    const end = await Promise.all(this.#children.map((child) => child.cpuSeconds()));
    const seconds = (performance.now() - this.#startedAt) / 1000;
    return end.map(({ user, system }, i) => {
      const start = this.#start[i];
      return {
        total: round((user + system - start.user - start.system) / seconds, 2),
        system: round((system - start.system) / seconds, 2),
      };
    });
  }
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Resolves at `time` (ms since the epoch, see `now()`). */
function sleepUntil(time: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, time - now())));
}

/** What one measured window gathered. */
export interface MeasuredWindow<R> {
  /** The server's CPU share over the window. */
  readonly serverCpu: CpuShare;
  /** Each load process's CPU share. */
  readonly clientCpu: number[];
  /** Each load process's result. */
  readonly results: R[];
  /** Every load process's latencies together. */
  readonly latencies: Histogram;
}

/**
 * Tells the load processes to measure a window starting `warmupMs` from now
 * and lasting `durationMs` (with `extra` in the command), meters the CPU of
 * the server and of every load process over that window, and collects each
 * process's result.
 */
export async function measureWindow<R extends { histogram: [number, number][] }>(
  server: Child,
  children: readonly Child[],
  sizes: BenchSizes,
  extra: Record<string, unknown> = {},
): Promise<MeasuredWindow<R>> {
  const from = now() + sizes.warmupMs;
  const to = from + sizes.durationMs;
  await Promise.all(children.map((child) => child.send({ cmd: "measure", from, to, ...extra })));
  const meter = new CpuMeter([server, ...children]);
  await sleepUntil(from);
  await meter.start();
  await sleepUntil(to);
  const [serverCpu, ...loads] = await meter.stop();
  const results = await Promise.all(children.map((child) => child.next<R>("result")));
  const latencies = new Histogram();
  for (const result of results) latencies.merge(Histogram.fromJSON(result.histogram));
  return { serverCpu, clientCpu: loads.map((c) => c.total), results, latencies };
}
