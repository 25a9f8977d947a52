/**
 * `deno task compile`: builds standalone `switchboard` executables with the
 * demo pages and the official browser client embedded, named with the
 * version and target. Without arguments it builds for this machine; `--all`
 * builds every release target; `--target <t>` (repeatable) picks some.
 *
 * @module
 */
import denoConfig from "../deno.json" with { type: "json" };

/** The release targets. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** What the binary may do: exactly what `deno task start` allows. */
export const PERMISSIONS = ["--allow-net", "--allow-read", "--allow-env", "--allow-write"];

/** The files served at run time, embedded into the binary. */
export const EMBEDDED = ["static", "node_modules/@microsoft/signalr/dist/browser"];

/** The executable's file name for a target. */
export function binaryName(target: string, version = denoConfig.version): string {
  return `switchboard-${version}-${target}${target.includes("windows") ? ".exe" : ""}`;
}

/** The `deno compile` arguments for one target. */
export function compileArgs(target: string, outputDir: string): string[] {
  return [
    "compile",
    ...PERMISSIONS,
    ...EMBEDDED.flatMap((path) => ["--include", path]),
    "--target",
    target,
    "--output",
    `${outputDir}/${binaryName(target)}`,
    "main.ts",
  ];
}

function chosenTargets(args: readonly string[]): string[] {
  if (args.includes("--all")) return [...TARGETS];
  const picked = args.flatMap((arg, i) => args[i - 1] === "--target" ? [arg] : []);
  return picked.length > 0 ? picked : [Deno.build.target];
}

if (import.meta.main) {
  const outputDir = Deno.env.get("OUTPUT_DIR") ?? "dist";
  await new Deno.Command(Deno.execPath(), { args: ["install", "--quiet"] }).output();
  for (const target of chosenTargets(Deno.args)) {
    console.log(`Building ${binaryName(target)}`);
    const { code } = await new Deno.Command(Deno.execPath(), {
      args: compileArgs(target, outputDir),
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (code !== 0) Deno.exit(code);
  }
}
