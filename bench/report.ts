/**
 * Turns a run's results into the printed tables, the targets verdicts and
 * the summary that goes into BENCHMARKS.md.
 *
 * @module
 */
import type { BenchResults, ServerResults } from "./runner.ts";

interface Metric {
  readonly label: string;
  readonly value: (r: ServerResults) => number | undefined;
  /** Whether ratios between servers are shown (for rates; memory reads as a cost). */
  readonly ratio?: boolean;
}

const METRICS: readonly Metric[] = [
  {
    label: "broadcast deliveries/s",
    value: (r) => r.broadcast?.peak.deliveriesPerSecond,
    ratio: true,
  },
  { label: "broadcast p50 ms (peak)", value: (r) => r.broadcast?.peak.p50Ms },
  { label: "broadcast p99 ms (peak)", value: (r) => r.broadcast?.peak.p99Ms },
  { label: "broadcast p99 ms (half peak)", value: (r) => r.broadcast?.halfPeak.p99Ms },
  { label: "echo invocations/s", value: (r) => r.echo?.invocationsPerSecond, ratio: true },
  { label: "echo p50 ms", value: (r) => r.echo?.p50Ms },
  { label: "echo p99 ms", value: (r) => r.echo?.p99Ms },
  { label: "connections held", value: (r) => r.connections?.connections },
  { label: "connects/s", value: (r) => r.connections?.connectsPerSecond, ratio: true },
  {
    label: "RSS KB/connection",
    value: (r) => r.connections && r.connections.rssPerConnection / 1024,
    ratio: true,
  },
];

const SWITCHBOARD = ["switchboard-json", "switchboard-msgpack"];
const KB = 1024;

function format(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en-US");
  return value.toFixed(2);
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

/** The rows of the results table: metric, each server's value, then the ratios. */
function rows(run: BenchResults): string[][] {
  const servers = Object.keys(run.results);
  const pairs = SWITCHBOARD.filter((s) => s in run.results).flatMap((s) =>
    ["raw-deno", "socketio"].filter((o) => o in run.results).map((o) => [s, o] as const)
  );
  const header = [
    "metric",
    ...servers,
    ...pairs.map(([s, o]) => `${s.replace("switchboard-", "")}/${o.replace("-deno", "")}`),
  ];
  const body = METRICS.map((metric) => [
    metric.label,
    ...servers.map((s) => format(metric.value(run.results[s]))),
    ...pairs.map(([s, o]) => {
      if (!metric.ratio) return "";
      const r = ratio(metric.value(run.results[s]), metric.value(run.results[o]));
      return r === undefined ? "–" : `${r.toFixed(2)}×`;
    }),
  ]);
  return [header, ...body];
}

/** The results as an aligned plain-text table. */
export function textTable(run: BenchResults): string {
  const table = rows(run);
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) =>
    row.map((cell, i) => i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])).join("  ")
  ).join("\n");
}

/** The results as a Markdown table. */
function markdownTable(run: BenchResults): string {
  const table = rows(run);
  const line = (row: string[]) => `| ${row.join(" | ")} |`;
  return [
    line(table[0]),
    line(table[0].map((_, i) => i === 0 ? "---" : "---:")),
    ...table.slice(1).map(line),
  ].join("\n");
}

/** One target of the issue, judged on a run. */
export interface Verdict {
  readonly target: string;
  /** `undefined` when the run has no data for it. */
  readonly holds: boolean | undefined;
  readonly measured: string;
}

/** Judges the performance targets on a run. */
export function verdicts(run: BenchResults): Verdict[] {
  const r = run.results;
  const out: Verdict[] = [];
  const compare = (
    target: string,
    floors: readonly (readonly [string, number])[],
    value: (x: ServerResults) => number | undefined,
  ) => {
    for (const [other, at] of floors) {
      for (const s of SWITCHBOARD) {
        const x = r[s] && r[other] ? ratio(value(r[s]), value(r[other])) : undefined;
        out.push({
          target: `${target}: ${s} ≥ ${at}× ${other}`,
          holds: x === undefined ? undefined : x >= at,
          measured: x === undefined ? "–" : `${x.toFixed(2)}×`,
        });
      }
    }
  };
  compare(
    "broadcast",
    [["raw-deno", 0.8], ["socketio", 2]],
    (x) => x.broadcast?.peak.deliveriesPerSecond,
  );
  compare("echo", [["raw-deno", 0.8], ["socketio", 1.5]], (x) => x.echo?.invocationsPerSecond);
  for (const s of SWITCHBOARD) {
    const p99 = r[s]?.broadcast?.halfPeak.p99Ms;
    out.push({
      target: `broadcast: ${s} p99 < 50 ms at half the peak rate`,
      holds: p99 === undefined ? undefined : p99 < 50,
      measured: p99 === undefined ? "–" : `${p99} ms`,
    });
  }
  for (const s of SWITCHBOARD) {
    const held = r[s]?.connections;
    out.push({
      target: `connections: ${s} holds 50,000 idle connections`,
      holds: held === undefined ? undefined : held.connections >= 50_000 && held.dropped === 0,
      measured: held === undefined
        ? "–"
        : `${held.connections.toLocaleString("en-US")} held${
          held.limitedBy ? ` (N limited: ${held.limitedBy})` : ""
        }`,
    });
    out.push({
      target: `connections: ${s} ≤ 20 KB RSS per idle connection`,
      holds: held === undefined ? undefined : held.rssPerConnection <= 20 * KB,
      measured: held === undefined
        ? "–"
        : `${(held.rssPerConnection / KB).toFixed(1)} KB each at ${
          held.connections.toLocaleString("en-US")
        }`,
    });
  }
  return out;
}

/** The verdicts as text lines. */
export function verdictLines(run: BenchResults): string[] {
  return verdicts(run).map((v) =>
    `${v.holds === undefined ? "  ?" : v.holds ? "yes" : " NO"}  ${v.target}: ${v.measured}`
  );
}

/** The summary that replaces the results section of BENCHMARKS.md. */
export function markdownSummary(run: BenchResults, resultsFile: string): string {
  const machine = Object.entries(run.machine).map(([k, v]) => `${k} ${v}`).join(", ");
  const errors = Object.entries(run.errors).map(([k, v]) => `- ${k}: ${v}`);
  return [
    `Run of ${run.startedAt} (${machine}); raw numbers in \`${resultsFile}\`.`,
    "",
    markdownTable(run),
    "",
    "Targets:",
    "",
    ...verdicts(run).map((v) =>
      `- ${
        v.holds === undefined ? "no data" : v.holds ? "holds" : "**missed**"
      } — ${v.target}: ${v.measured}`
    ),
    ...(errors.length ? ["", "Failed:", "", ...errors] : []),
  ].join("\n");
}
