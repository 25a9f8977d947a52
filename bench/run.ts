/**
 * `deno task bench`: runs the scenarios against every server, prints the
 * results and their ratios, and — for a full run, not `--quick` nor one
 * limited by `--servers`/`--scenarios` — writes them to
 * `bench/results/<date>.json` and the summary into BENCHMARKS.md.
 *
 * Flags: `--quick` (the smoke sizes; nothing written), `--servers=a,b`,
 * `--scenarios=broadcast,echo,connections`, `--cpu-prof=<dir>` (every server
 * writes a V8 CPU profile there when it stops; open it in Chrome DevTools).
 *
 * @module
 */
import { FULL, QUICK } from "./config.ts";
import { markdownSummary, textTable, verdictLines } from "./report.ts";
import { type BenchResults, runBenchmarks, type ScenarioName, SCENARIOS } from "./runner.ts";
import { ROOT } from "./child.ts";
import { profileServersInto } from "./servers.ts";

const START_MARK = "<!-- results:start -->";
const END_MARK = "<!-- results:end -->";

function flag(name: string): string[] | undefined {
  const given = Deno.args.find((arg) => arg.startsWith(`--${name}=`));
  return given?.slice(name.length + 3).split(",").filter(Boolean);
}

async function write(run: BenchResults): Promise<void> {
  const file = `bench/results/${run.startedAt.slice(0, 10)}.json`;
  await Deno.writeTextFile(`${ROOT}${file}`, JSON.stringify(run, null, 2) + "\n");
  const path = `${ROOT}BENCHMARKS.md`;
  const doc = await Deno.readTextFile(path);
  const start = doc.indexOf(START_MARK);
  const end = doc.indexOf(END_MARK);
  if (start < 0 || end < start) throw new Error(`BENCHMARKS.md lacks the ${START_MARK} markers.`);
  const summary = markdownSummary(run, file);
  await Deno.writeTextFile(
    path,
    `${doc.slice(0, start + START_MARK.length)}\n\n${summary}\n\n${doc.slice(end)}`,
  );
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", path] }).output();
  console.log(`\nWrote ${file} and the summary in BENCHMARKS.md.`);
}

const quick = Deno.args.includes("--quick");
const profileDir = flag("cpu-prof")?.[0];
if (profileDir) profileServersInto(profileDir);
const scenarios = flag("scenarios");
const unknown = scenarios?.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
if (unknown?.length) {
  console.error(`Unknown scenario: ${unknown.join(", ")} (known: ${SCENARIOS.join(", ")})`);
  Deno.exit(2);
}
const run = await runBenchmarks({
  sizes: quick ? QUICK : FULL,
  quick,
  servers: flag("servers"),
  scenarios: scenarios as ScenarioName[] | undefined,
});
console.log(`\n${textTable(run)}\n\n${verdictLines(run).join("\n")}`);
for (const [where, why] of Object.entries(run.errors)) console.log(`FAILED ${where}: ${why}`);
if (!quick && !scenarios && !flag("servers")) await write(run);
if (Object.keys(run.errors).length > 0) Deno.exit(1);
