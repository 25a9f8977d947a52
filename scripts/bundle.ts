/**
 * Bundles the demo pages' TypeScript (static/src/{session,chat,jobs,diana}.ts)
 * into the browser scripts the server serves (static/js/*.js) with
 * `deno bundle`: one self-contained IIFE each, rxjs and the typed client
 * inside, the official client taken from the page's global `signalR`
 * (static/src/signalr_global.ts stands in for `@microsoft/signalr`). The
 * bundles are committed, so `dev`, `start` and `compile` need no build step;
 * `deno task bundle` rebuilds them, and a test fails when they are stale
 * (compared with the Deno that built them, named in their first line).
 *
 * Usage: `deno task bundle [--out-dir DIR]`
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import denoConfig from "../deno.json" with { type: "json" };

/** The page scripts, by name: static/src/NAME.ts becomes NAME.js. */
export const PAGE_SCRIPTS = ["session", "chat", "jobs", "diana"] as const;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SOURCE_DIR = new URL("../static/src/", import.meta.url);

/** Where the bundles are served from. */
export const BUNDLE_DIR = join(ROOT, "static", "js");

/**
 * Bundles every page script into `outDir` and returns the files written.
 *
 * @example
 * ```ts
 * import { bundlePages } from "./bundle.ts";
 * const outDir = await Deno.makeTempDir();
 * await bundlePages(outDir);
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function bundlePages(outDir: string): Promise<string[]> {
  const scratch = await Deno.makeTempDir({ prefix: "switchboard-bundle-" });
  try {
    const importMap = join(scratch, "import_map.json");
    await Deno.writeTextFile(importMap, JSON.stringify({ imports: browserImports() }));
    const entries = PAGE_SCRIPTS.map((name) => fileURLToPath(new URL(`${name}.ts`, SOURCE_DIR)));
    const { success, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "bundle",
        "--quiet",
        "--platform=browser",
        "--format=iife",
        `--import-map=${importMap}`,
        `--outdir=${scratch}`,
        ...entries,
      ],
      cwd: ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!success) throw new Error(`deno bundle failed:\n${new TextDecoder().decode(stderr)}`);
    return await Promise.all(PAGE_SCRIPTS.map(async (name) => {
      const code = portable(await Deno.readTextFile(join(scratch, `${name}.js`)));
      const file = join(outDir, `${name}.js`);
      await Deno.writeTextFile(file, banner(name) + code);
      return file;
    }));
  } finally {
    await Deno.remove(scratch, { recursive: true });
  }
}

/** The project's imports, with `@microsoft/signalr` taken from the page's global client. */
function browserImports(): Record<string, string> {
  return {
    ...denoConfig.imports,
    "@microsoft/signalr": new URL("signalr_global.ts", SOURCE_DIR).href,
  };
}

/**
 * The bundle with esbuild's module markers (`// path/of/module.js`) naming
 * npm packages from `node_modules/` wherever that folder really is (a symlink
 * would otherwise leak its target into the output).
 */
function portable(code: string): string {
  return code.replace(/^(\s*\/\/ )\S*?(node_modules\/\.deno\/\S+)$/gm, "$1$2");
}

/** The first line of every bundle: where it comes from, and the Deno that bundled it. */
function banner(name: string): string {
  return `// Built from static/src/${name}.ts by \`deno task bundle\` (Deno ${Deno.version.deno}): ` +
    "edit the source, not this file.\n";
}

/** The Deno version named in a bundle's first line, if any. */
export function bundledWith(code: string): string | undefined {
  return /^\/\/ Built from .* \(Deno ([^)]+)\)/.exec(code)?.[1];
}

if (import.meta.main) {
  const at = Deno.args.indexOf("--out-dir");
  const outDir = at === -1 ? BUNDLE_DIR : Deno.args[at + 1];
  for (const file of await bundlePages(outDir)) console.log(`Wrote ${file}`);
}
