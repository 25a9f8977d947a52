/** The token bucket behind `invocationRateLimit`, driven by injected clock values (ms). */
import assert from "node:assert/strict";
import { TokenBucket } from "../../signalr/rate_limiter.ts";

/** Which of `times` let a take through. */
function takes(bucket: TokenBucket, times: readonly number[]): boolean[] {
  return times.map((now) => bucket.take(now));
}

Deno.test("a new bucket lets a burst through at once, then refuses", () => {
  const bucket = new TokenBucket({ perSecond: 1, burst: 3 }, 0);
  assert.deepEqual(takes(bucket, [0, 0, 0, 0, 0]), [true, true, true, false, false]);
});

Deno.test("tokens come back at perSecond", () => {
  const bucket = new TokenBucket({ perSecond: 2, burst: 2 }, 0);
  assert.deepEqual(takes(bucket, [0, 0, 0]), [true, true, false]);
  assert.deepEqual(takes(bucket, [499, 500, 500]), [false, true, false]);
  assert.deepEqual(takes(bucket, [1000, 1000]), [true, false]);
});

Deno.test("a refused take keeps the fraction of a token refilled so far", () => {
  const bucket = new TokenBucket({ perSecond: 1, burst: 1 }, 0);
  assert.deepEqual(takes(bucket, [0, 400, 800, 1000, 1000]), [true, false, false, true, false]);
});

Deno.test("refilling stops at burst, however long the bucket sat idle", () => {
  const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, 0);
  assert.deepEqual(takes(bucket, [0, 0, 0]), [true, true, true]);
  assert.deepEqual(takes(bucket, [60_000, 60_000, 60_000, 60_000]), [true, true, true, false]);
});

Deno.test("a clock that goes back adds no tokens; refilling resumes from the new reading", () => {
  const bucket = new TokenBucket({ perSecond: 1, burst: 1 }, 10_000);
  assert.deepEqual(takes(bucket, [10_000, 0, 999, 1000, 1000]), [true, false, false, true, false]);
});
