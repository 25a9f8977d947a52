/**
 * How big each scenario runs: the full benchmark, and `--quick`, a smoke run
 * small enough for CI that still takes every path.
 *
 * @module
 */

/** The sizes of one run. */
export interface BenchSizes {
  readonly broadcast: {
    /** Connections in the group, the sender included. */
    readonly groupSize: number;
    /** Load processes for the receivers (the sender has its own). */
    readonly workers: number;
    /** Broadcasts the sender keeps unacknowledged when finding the peak. */
    readonly window: number;
  };
  readonly echo: {
    readonly clients: number;
    readonly workers: number;
  };
  readonly connections: {
    /** Idle connections wanted; fewer when the file limit is lower (see BENCHMARKS.md). */
    readonly target: number;
    /** Load processes; more are used when one cannot hold its share. */
    readonly workers: number;
    /** Connections each process opens at a time. */
    readonly concurrency: number;
    /** How long the connections are held before memory is read, in ms. */
    readonly holdMs: number;
  };
  /**
   * How many times broadcast and echo run against each server, the servers
   * taking turns, so that a slow moment of the machine does not land on one
   * server only; each server's median round is reported. Connections run once.
   */
  readonly rounds: number;
  /** Load before each measured window, in ms. */
  readonly warmupMs: number;
  /** Each measured window, in ms. */
  readonly durationMs: number;
}

/** The full benchmark. */
export const FULL: BenchSizes = {
  broadcast: { groupSize: 1_000, workers: 2, window: 4 },
  echo: { clients: 100, workers: 2 },
  connections: { target: 50_000, workers: 4, concurrency: 32, holdMs: 5_000 },
  rounds: 3,
  warmupMs: 2_000,
  durationMs: 5_000,
};

/** The smoke run. */
export const QUICK: BenchSizes = {
  broadcast: { groupSize: 20, workers: 1, window: 4 },
  echo: { clients: 4, workers: 1 },
  connections: { target: 100, workers: 2, concurrency: 16, holdMs: 200 },
  rounds: 1,
  warmupMs: 200,
  durationMs: 500,
};
