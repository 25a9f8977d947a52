/**
 * `deno task fuzz`: every parser property with many more cases than the test
 * run, then the live-server property. Prints cases and time per property;
 * exits 1 with fast-check's report (counterexample, seed, path) on a failure.
 *
 * Environment: `FUZZ_RUNS` cases per parser property (default 100000),
 * `FUZZ_LIVE_RUNS` live cases (default 1000), `FUZZ_SEED` to replay a run.
 *
 * @module
 */
import fc from "fast-check";
import { chunkingProperty, FUZZ_TARGETS, parserProperty, rewriteProperty } from "./properties.ts";
import { liveProperty, startLiveLab } from "./live.ts";

const runs = Number(Deno.env.get("FUZZ_RUNS") ?? 100_000);
const liveRuns = Number(Deno.env.get("FUZZ_LIVE_RUNS") ?? 1_000);
const seedText = Deno.env.get("FUZZ_SEED");
const seed = seedText === undefined ? Date.now() ^ (Math.random() * 2 ** 31) : Number(seedText);

/** Reports one property's result; true when it held. */
function report<T>(name: string, details: fc.RunDetails<T>, startedAt: number): boolean {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  if (!details.failed) {
    console.log(`ok    ${name}: ${details.numRuns} cases in ${seconds} s`);
    return true;
  }
  console.log(`FAIL  ${name} after ${details.numRuns} cases (${seconds} s)`);
  console.log(fc.defaultReportMessage(details));
  return false;
}

console.log(`Fuzzing with seed ${seed} (FUZZ_SEED=${seed} replays it).`);
/** Checks one parser property; true when it held. */
function run<T extends unknown[]>(name: string, property: fc.IProperty<T>): boolean {
  const startedAt = performance.now();
  return report(name, fc.check(property, { numRuns: runs, seed }), startedAt);
}

let held = true;
for (const target of FUZZ_TARGETS) {
  held = run(`${target.name}: ProtocolError or messages`, parserProperty(target)) && held;
  if (target.format === "handshake") continue;
  held = run(`${target.name}: both protocols write what it read`, rewriteProperty(target)) && held;
  held = run(`${target.name}: pieces read as the whole`, chunkingProperty(target)) && held;
}

const lab = await startLiveLab();
try {
  const startedAt = performance.now();
  const details = await fc.check(liveProperty(lab), { numRuns: liveRuns, seed });
  held = report("live server: hostile frames over raw WebSockets", details, startedAt) && held;
  console.log(`      outcomes: ${JSON.stringify(lab.outcomes)}`);
} finally {
  await lab.close();
}
if (!held) Deno.exit(1);
