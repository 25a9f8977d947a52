/**
 * Runs every scenario against every server, one after another (in rounds,
 * the servers taking turns), each server in a fresh process per run, and
 * collects the results. A scenario that fails against one server is recorded
 * and the run goes on without that pair.
 *
 * @module
 */
import type { BenchSizes } from "./config.ts";
import { type BroadcastResult, runBroadcast } from "./scenarios/broadcast.ts";
import { type ConnectionsResult, runConnections } from "./scenarios/connections.ts";
import { type EchoResult, runEcho } from "./scenarios/echo.ts";
import { SERVERS, type ServerSpec } from "./servers.ts";

/** The scenarios, in the order they run. */
export const SCENARIOS = ["broadcast", "echo", "connections"] as const;

/** A scenario's name. */
export type ScenarioName = typeof SCENARIOS[number];

/** What one server did in each scenario: its median round, and every round's ranking figure. */
export interface ServerResults {
  broadcast?: BroadcastResult & { rounds?: number[] };
  echo?: EchoResult & { rounds?: number[] };
  connections?: ConnectionsResult & { rounds?: number[] };
}

/** Everything one run measured. */
export interface BenchResults {
  readonly startedAt: string;
  readonly quick: boolean;
  readonly machine: Record<string, string | number>;
  readonly sizes: BenchSizes;
  /** By server name. */
  readonly results: Record<string, ServerResults>;
  /** `"<scenario> × <server>"` → why it failed. */
  readonly errors: Record<string, string>;
}

/** What to run. */
export interface RunOptions {
  readonly sizes: BenchSizes;
  readonly quick: boolean;
  /** Server names to run; all when absent. */
  readonly servers?: readonly string[];
  /** Scenario names to run; all when absent. */
  readonly scenarios?: readonly ScenarioName[];
  /** Progress lines. @default {console.error} */
  readonly log?: (line: string) => void;
}

/** How a scenario runs, and the figure its rounds are ranked by. */
interface Scenario<R> {
  readonly run: (spec: ServerSpec, sizes: BenchSizes) => Promise<R>;
  readonly rounds: (sizes: BenchSizes) => number;
  readonly rank: (result: R) => number;
}

const SCENARIO_RUNNERS: { [K in ScenarioName]: Scenario<NonNullable<ServerResults[K]>> } = {
  broadcast: {
    run: runBroadcast,
    rounds: (sizes) => sizes.rounds,
    rank: (r) => r.peak.deliveriesPerSecond,
  },
  echo: { run: runEcho, rounds: (sizes) => sizes.rounds, rank: (r) => r.invocationsPerSecond },
  connections: { run: runConnections, rounds: () => 1, rank: (r) => r.connectsPerSecond },
};

/** The round whose rank is the median (the lower middle one for an even count). */
function medianRound<R>(rounds: readonly R[], rank: (result: R) => number): R {
  const sorted = [...rounds].sort((a, b) => rank(a) - rank(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** Runs the benchmark. */
export async function runBenchmarks(options: RunOptions): Promise<BenchResults> {
  const log = options.log ?? console.error;
  const servers = SERVERS.filter((s) => !options.servers || options.servers.includes(s.name));
  const run: BenchResults = {
    startedAt: new Date().toISOString(),
    quick: options.quick,
    machine: await machine(),
    sizes: options.sizes,
    results: Object.fromEntries(servers.map((s) => [s.name, {}])),
    errors: {},
  };
  for (const scenario of options.scenarios ?? SCENARIOS) {
    const { run: runOnce, rounds, rank } = SCENARIO_RUNNERS[scenario] as Scenario<unknown>;
    const done = new Map<string, unknown[]>(servers.map((s) => [s.name, []]));
    const total = rounds(options.sizes);
    for (let round = 1; round <= total; round++) {
      for (const spec of servers) {
        const where = `${scenario} × ${spec.name}`;
        if (where in run.errors) continue;
        log(`${where}${total > 1 ? ` (round ${round} of ${total})` : ""} …`);
        try {
          const result = await runOnce(spec, options.sizes);
          done.get(spec.name)!.push(result);
          log(`  ${JSON.stringify(result)}`);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          run.errors[where] = message;
          log(`  failed: ${message}`);
        }
      }
    }
    for (const [name, results] of done) {
      if (results.length === 0 || `${scenario} × ${name}` in run.errors) continue;
      (run.results[name] as Record<string, unknown>)[scenario] = {
        ...medianRound(results, rank) as object,
        rounds: results.map(rank),
      };
    }
  }
  return run;
}

async function machine(): Promise<Record<string, string | number>> {
  const node = await new Deno.Command("node", { args: ["--version"] }).output()
    .then((o) => new TextDecoder().decode(o.stdout).trim())
    .catch(() => "absent");
  return {
    os: `${Deno.build.os} ${Deno.osRelease()}`,
    cpus: navigator.hardwareConcurrency,
    memoryGiB: Math.round(Deno.systemMemoryInfo().total / 2 ** 30),
    deno: Deno.version.deno,
    node,
  };
}
