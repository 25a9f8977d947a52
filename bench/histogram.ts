/**
 * A latency histogram with logarithmic buckets (2 % wide): constant memory
 * however many samples, and mergeable across load processes.
 *
 * @module
 */

/** Each bucket is this much wider than the one before. */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** Bucket 0 holds everything up to 1 µs; the last one everything past ~16 min. */
const BUCKETS = 1200;

/**
 * Latencies in milliseconds, bucketed.
 *
 * @example
 * ```ts
 * import { Histogram } from "./histogram.ts";
 * const latencies = new Histogram();
 * latencies.record(1.5);
 * latencies.record(3);
 * latencies.quantile(0.5); // ≈ 1.5 (within 2 %)
 * ```
 */
export class Histogram {
  readonly #counts = new Float64Array(BUCKETS);
  #total = 0;

  /** Records one latency in milliseconds. */
  record(ms: number): void {
    const micros = ms * 1000;
    const index = micros <= 1 ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(micros) / LOG_GROWTH));
    this.#counts[index]++;
    this.#total++;
  }

  /** Adds another histogram's samples to this one. */
  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.#counts[i] += other.#counts[i];
    this.#total += other.#total;
  }

  /** The latency below which a `q` fraction of the samples fall, in ms; 0 when empty. */
  quantile(q: number): number {
    if (this.#total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i];
      if (seen >= rank) return GROWTH ** i / 1000;
    }
    return GROWTH ** (BUCKETS - 1) / 1000;
  }

  /** The non-empty buckets as `[index, count]` pairs, to send between processes. */
  toJSON(): [number, number][] {
    const pairs: [number, number][] = [];
    this.#counts.forEach((count, index) => count > 0 && pairs.push([index, count]));
    return pairs;
  }

  /** Rebuilds a histogram from {@linkcode Histogram.toJSON}'s pairs. */
  static fromJSON(pairs: readonly (readonly [number, number])[]): Histogram {
    const histogram = new Histogram();
    for (const [index, count] of pairs) {
      histogram.#counts[index] += count;
      histogram.#total += count;
    }
    return histogram;
  }
}
