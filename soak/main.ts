/**
 * `deno task soak`: churns connections against an in-process server for
 * minutes, printing the settled heap and RSS after every round (a leak shows
 * as a climb), then checks the hub is back to zero connections and groups and
 * the heap near its baseline. Exits 1 if not.
 *
 * Environment: `SOAK_SECONDS` (default 180), `SOAK_WORKERS` sessions at once
 * (default 16), `SOAK_HEAP_BOUND_MIB` allowed heap growth (default 16).
 *
 * @module
 */
import { churn, type ChurnReport } from "./churn.ts";
import { drained, mib, settledHeap, startSoakLab } from "./lab.ts";

const seconds = Number(Deno.env.get("SOAK_SECONDS") ?? 180);
const workers = Number(Deno.env.get("SOAK_WORKERS") ?? 16);
const heapBound = Number(Deno.env.get("SOAK_HEAP_BOUND_MIB") ?? 16) * 2 ** 20;
/** One round's length: the heap is sampled between rounds. */
const ROUND_MS = 15_000;
/** Closed long-polling connections linger this long for a last poll (the engine's LINGER_MS, plus margin). */
const LINGER_WAIT_MS = 6_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const total: ChurnReport = { sessions: {}, messages: 0, failures: 0, reasons: [] };

function add(report: ChurnReport): void {
  for (const [kind, n] of Object.entries(report.sessions)) {
    total.sessions[kind] = (total.sessions[kind] ?? 0) + n;
  }
  total.messages += report.messages;
  total.failures += report.failures;
  total.reasons.push(...report.reasons.slice(0, 5 - total.reasons.length));
}

const lab = await startSoakLab();
let failed = false;
try {
  console.log(`Soak: ${seconds} s, ${workers} sessions at once, against ${lab.url}`);
  await churn({ url: lab.url, durationMs: 5_000, workers, side: lab.scrape });
  await drained(lab.chat);
  await sleep(LINGER_WAIT_MS);
  const baseline = settledHeap();
  const baselineRss = Deno.memoryUsage().rss;
  console.log(`baseline after warm-up: heap ${mib(baseline)}, rss ${mib(baselineRss)}`);

  const startedAt = Date.now();
  while (Date.now() - startedAt < seconds * 1000) {
    const left = seconds * 1000 - (Date.now() - startedAt);
    add(
      await churn({
        url: lab.url,
        durationMs: Math.min(ROUND_MS, left),
        workers,
        side: lab.scrape,
      }),
    );
    const sessions = Object.values(total.sessions).reduce((sum, n) => sum + n, 0);
    console.log(
      `${
        String(Math.round((Date.now() - startedAt) / 1000)).padStart(4)
      } s: ${sessions} sessions, ` +
        `${total.messages} messages, ${total.failures} failed; open ${lab.chat.connectionCount}; ` +
        `heap ${mib(settledHeap())}, rss ${mib(Deno.memoryUsage().rss)}`,
    );
  }

  const empty = await drained(lab.chat);
  await sleep(LINGER_WAIT_MS);
  const after = settledHeap();
  const { connections, groups } = lab.chat.stats;
  console.log(`sessions by kind: ${JSON.stringify(total.sessions)}`);
  console.log(
    `after: ${lab.chat.connectionCount} connections, ${
      JSON.stringify(connections)
    } by transport, ` +
      `${groups} groups; heap ${mib(after)} (baseline ${mib(baseline)}, ` +
      `growth ${mib(after - baseline)}), rss ${mib(Deno.memoryUsage().rss)} (baseline ${
        mib(baselineRss)
      })`,
  );
  const problems = [
    ...(total.failures > 0
      ? [`${total.failures} sessions failed: ${total.reasons.join("; ")}`]
      : []),
    ...(!empty || Object.keys(connections).length > 0
      ? ["connections did not return to zero"]
      : []),
    ...(groups > 0 ? [`${groups} groups are left`] : []),
    ...(after - baseline > heapBound ? [`the heap grew more than ${mib(heapBound)}`] : []),
  ];
  for (const problem of problems) console.log(`FAIL  ${problem}`);
  if (problems.length === 0) console.log("ok    back to baseline");
  failed = problems.length > 0;
} finally {
  await lab.close();
}
if (failed) Deno.exit(1);
