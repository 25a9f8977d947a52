/**
 * A short soak: connections churn against the chat hub for a few seconds
 * (every transport, both protocols, rooms joined and left, messages, some
 * connections killed abruptly) while the dashboard watches and /metrics is
 * scraped. Afterwards the hub is back to zero connections and groups, the
 * heap near its baseline, and no timer is left (Deno's sanitizers check).
 * `deno task soak` runs the same for minutes.
 */
import assert from "node:assert/strict";
import { churn } from "../../soak/churn.ts";
import { drained, mib, settledHeap, startSoakLab } from "../../soak/lab.ts";

/** How much the settled heap may grow over the soak: generous, a leak per connection is far more. */
const HEAP_GROWTH_BOUND = 8 * 2 ** 20;

Deno.test("after churn with abrupt kills, connections and groups return to zero and the heap to its baseline", async () => {
  const lab = await startSoakLab();
  try {
    // A first round compiles the code paths and fills the caches the baseline should include.
    await churn({ url: lab.url, durationMs: 1_000, workers: 4, side: lab.scrape });
    assert.ok(await drained(lab.chat), "the warm-up drained");
    const baseline = settledHeap();

    const report = await churn({ url: lab.url, durationMs: 4_000, workers: 8, side: lab.scrape });
    assert.equal(report.failures, 0, report.reasons.join("\n"));
    assert.ok((report.sessions.killed ?? 0) > 0, "some connections were killed abruptly");
    assert.ok(Object.keys(report.sessions).length >= 4, JSON.stringify(report.sessions));

    assert.ok(await drained(lab.chat), `${lab.chat.connectionCount} connections are left`);
    assert.deepEqual(lab.chat.stats.connections, {});
    assert.equal(lab.chat.stats.groups, 0);
    const after = settledHeap();
    const sessions = Object.values(report.sessions).reduce((sum, n) => sum + n, 0);
    console.log(
      `soak: ${sessions} sessions ${
        JSON.stringify(report.sessions)
      }, ${report.messages} messages;` +
        ` heap ${mib(baseline)} before, ${mib(after)} after`,
    );
    assert.ok(after - baseline < HEAP_GROWTH_BOUND, `heap grew ${mib(after - baseline)}`);
  } finally {
    await lab.close();
  }
  assert.ok(!lab.ops.dashboard.running, "the dashboard timer stopped with its watcher");
});
