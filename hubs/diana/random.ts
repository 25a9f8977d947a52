/**
 * A small seeded random source (mulberry32), so the offline customer is
 * varied yet repeatable under a seed.
 *
 * @module
 */

/** A random source: `next()` returns a float in [0, 1). */
export interface Random {
  /** The next float in [0, 1). */
  next(): number;
  /** One of `items`, chosen uniformly; `items` must not be empty. */
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/**
 * A random source seeded with a 32-bit integer.
 *
 * @example
 * ```ts
 * import { seededRandom } from "./random.ts";
 * const a = seededRandom(42).next();
 * const b = seededRandom(42).next();
 * // a === b
 * ```
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

/**
 * Mixes numbers and strings into one 32-bit seed (FNV-1a over their text).
 *
 * @example
 * ```ts
 * import { mixSeed } from "./random.ts";
 * mixSeed(7, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", 2); // the same every time
 * ```
 */
export function mixSeed(...parts: readonly (number | string)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join("\u0000")) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
