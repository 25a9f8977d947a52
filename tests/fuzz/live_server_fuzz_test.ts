/**
 * The live property with fast-check: a real server fed hostile frames over
 * raw WebSockets stays up, closes at most the connection that sent them (with
 * a protocol error), and keeps serving a healthy connection. A bounded number
 * of cases here; `deno task fuzz` runs more.
 */
import fc from "fast-check";
import { liveProperty, startLiveLab } from "../../fuzz/live.ts";

/** Cases in the normal test run. */
const RUNS = 40;

Deno.test("hostile frames over raw WebSockets close at most their own connection; the hub lives on", async () => {
  const lab = await startLiveLab();
  try {
    await fc.assert(liveProperty(lab), { numRuns: RUNS });
  } finally {
    await lab.close();
  }
});
