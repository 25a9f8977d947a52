/**
 * The benchmark's smoke run (`deno task bench --quick`'s sizes): every
 * scenario completes against every server. It asserts what happened, never
 * how fast: timings and ratios belong to the full run on a quiet machine.
 * Skipped, with the reason printed, when node cannot run the Socket.IO server
 * (node missing, or its packages cannot be installed from the npm registry).
 */
import assert from "node:assert/strict";
import { QUICK } from "../bench/config.ts";
import { markdownSummary, textTable, verdicts } from "../bench/report.ts";
import { runBenchmarks } from "../bench/runner.ts";
import { SERVERS } from "../bench/servers.ts";
import { ensureSocketIoServer } from "../bench/servers/install.ts";

async function socketIoMissingReason(): Promise<string | undefined> {
  try {
    const node = await new Deno.Command("node", { args: ["--version"] }).output();
    if (!node.success) return "node --version failed";
  } catch {
    return "node is not on PATH, so the Socket.IO server cannot run";
  }
  try {
    await ensureSocketIoServer();
  } catch (error) {
    return `the Socket.IO server's packages cannot be installed: ${(error as Error).message}`;
  }
  return undefined;
}

const skipReason = await socketIoMissingReason();
if (skipReason) console.warn(`Skipping the benchmark smoke run: ${skipReason}`);

Deno.test({
  name: "bench --quick: broadcast, echo and connections complete against every server",
  ignore: skipReason !== undefined,
  async fn() {
    const run = await runBenchmarks({ sizes: QUICK, quick: true, log: () => {} });
    assert.deepEqual(run.errors, {});
    const { broadcast, echo, connections } = QUICK;
    for (const { name } of SERVERS) {
      const result = run.results[name];
      assert.equal(result.broadcast?.groupSize, broadcast.groupSize, name);
      for (const phase of [result.broadcast.peak, result.broadcast.halfPeak]) {
        assert.ok(phase.deliveriesPerSecond > 0, `${name}: no Tick arrived`);
        assert.equal(phase.dropped, 0, `${name}: connections dropped while broadcasting`);
      }
      assert.equal(result.echo?.clients, echo.clients, name);
      assert.ok(result.echo.invocationsPerSecond > 0, `${name}: no Echo completed`);
      assert.equal(result.echo.dropped, 0, `${name}: connections dropped while echoing`);
      assert.equal(result.connections?.connections, connections.target, name);
      assert.equal(result.connections.dropped, 0, `${name}: idle connections dropped`);
    }
    // The report renders every part of a complete run.
    assert.match(textTable(run), /broadcast deliveries\/s/);
    assert.ok(verdicts(run).every((v) => v.holds !== undefined));
    assert.match(markdownSummary(run, "bench/results/x.json"), /Targets:/);
  },
});
