/**
 * The runner's side of the load processes: starting them, splitting
 * connections among them, and reading how busy every process was while a
 * window was measured (so a saturated load generator shows).
 *
 * @module
 */
import { Child } from "./child.ts";
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
export class CpuMeter {
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
export function sleepUntil(time: number): Promise<void> {
  const wait = time - (performance.timeOrigin + performance.now());
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
}
