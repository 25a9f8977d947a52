/**
 * A token bucket: `burst` tokens, refilled at `perSecond`; each invocation
 * takes one.
 *
 * @module
 */

/** How fast one connection may invoke hub methods. */
export interface RateLimit {
  /** Sustained invocations per second. */
  readonly perSecond: number;
  /** How many may come at once after a quiet spell. */
  readonly burst: number;
}

/**
 * A token bucket without timers: it refills lazily when asked.
 *
 * @example
 * ```ts
 * import { TokenBucket } from "./rate_limiter.ts";
 * const bucket = new TokenBucket({ perSecond: 1, burst: 2 });
 * bucket.take(); // true
 * bucket.take(); // true
 * bucket.take(); // false, until time passes
 * ```
 */
export class TokenBucket {
  readonly #limit: RateLimit;
  #tokens: number;
  #refilledAt: number;

  /** Starts full. */
  constructor(limit: RateLimit, now = Date.now()) {
    this.#limit = limit;
    this.#tokens = limit.burst;
    this.#refilledAt = now;
  }

  /** Takes a token if one is left. */
  take(now = Date.now()): boolean {
    const elapsed = Math.max(0, now - this.#refilledAt) / 1000;
    this.#tokens = Math.min(this.#limit.burst, this.#tokens + elapsed * this.#limit.perSecond);
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
