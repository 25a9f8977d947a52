/**
 * The `report` job: builds a sales report as CSV in ten chunks, announcing
 * progress 0, 10, …, 100 (one step every `stepMs`), then saves it as
 * `report-{id}.csv` and completes with `{ id, filename, size, url }`.
 *
 * Parameters: `stepMs` (10–10000, default 1000), `rows` (1–10000, default 100).
 *
 * @module
 */
import type { JobType } from "./job_type.ts";
import { delay, integer, onlyKnown, STEP_MS } from "./params.ts";

/** A report's validated parameters. */
export interface ReportParams {
  readonly stepMs: number;
  readonly rows: number;
}

/** The report's column names, its first line. */
export const REPORT_HEADER = "row,region,product,units,unit_price,amount";

const REGIONS = ["North", "South", "East", "West"];
const PRODUCTS = ["Widgets", "Gadgets", "Gizmos", "Sprockets"];

/**
 * Rows `from` (inclusive) to `to` (exclusive) of report `seed`'s data as CSV
 * lines, with their unit and cent totals. Deterministic: the same seed and
 * row always give the same line.
 */
export function reportLines(
  seed: number,
  from: number,
  to: number,
): { lines: string[]; units: number; cents: number } {
  const lines: string[] = [];
  let units = 0;
  let cents = 0;
  for (let row = from; row < to; row++) {
    const random = mulberry32(seed * 100_003 + row);
    const region = REGIONS[Math.floor(random() * REGIONS.length)];
    const product = PRODUCTS[Math.floor(random() * PRODUCTS.length)];
    const count = 1 + Math.floor(random() * 50);
    const priceCents = 199 + Math.floor(random() * 9_800);
    units += count;
    cents += count * priceCents;
    lines.push(
      `${row + 1},${region},${product},${count},${money(priceCents)},${money(count * priceCents)}`,
    );
  }
  return { lines, units, cents };
}

/** The report job type. */
export const reportJob: JobType<ReportParams> = {
  name: "report",
  parse(input) {
    onlyKnown(input, ["stepMs", "rows"]);
    return {
      stepMs: integer(input, "stepMs", STEP_MS),
      rows: integer(input, "rows", { min: 1, max: 10_000, default: 100 }),
    };
  },
  async run({ stepMs, rows }, job) {
    const lines = [REPORT_HEADER];
    let units = 0;
    let cents = 0;
    for (let percent = 0; percent <= 100; percent += 10) {
      await delay(stepMs, job.signal);
      if (percent > 0) {
        const chunk = reportLines(
          job.id,
          chunkStart(rows, percent - 10),
          chunkStart(rows, percent),
        );
        lines.push(...chunk.lines);
        units += chunk.units;
        cents += chunk.cents;
      }
      await job.progress(percent);
    }
    lines.push(`total,,,${units},,${money(cents)}`);
    const file = await job.saveFile("csv", new TextEncoder().encode(lines.join("\r\n") + "\r\n"));
    return { id: job.id, ...file };
  },
};

function chunkStart(rows: number, percent: number): number {
  return Math.floor(rows * percent / 100);
}

function money(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

/** A tiny seeded pseudo-random generator (Mulberry32). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
