/**
 * The pages' committed scripts are what their TypeScript sources bundle to
 * (run `deno task bundle` after editing static/src/ or the client), and those
 * sources type-check against the real `@microsoft/signalr` and the DOM.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { BUNDLE_DIR, bundledWith, bundlePages, PAGE_SCRIPTS } from "../../scripts/bundle.ts";

/** Another Deno may bundle differently: compare only with the Deno that built the files. */
const builtWith = bundledWith(Deno.readTextFileSync(join(BUNDLE_DIR, "chat.js")));
const skipReason = builtWith === Deno.version.deno ? undefined : `The page bundles were built ` +
  `with Deno ${builtWith}, this is ${Deno.version.deno}: the staleness check is skipped ` +
  "(`deno task bundle` rebuilds them).";
if (skipReason !== undefined) console.warn(skipReason);

Deno.test({
  name: "bundles: static/js holds exactly what static/src bundles to",
  ignore: skipReason !== undefined,
  fn: async () => {
    const outDir = await Deno.makeTempDir({ prefix: "switchboard-bundles-test-" });
    try {
      await bundlePages(outDir);
      for (const name of PAGE_SCRIPTS) {
        const fresh = await Deno.readTextFile(join(outDir, `${name}.js`));
        const committed = await Deno.readTextFile(join(BUNDLE_DIR, `${name}.js`));
        assert.ok(fresh === committed, `static/js/${name}.js is stale: run \`deno task bundle\``);
      }
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  },
});

Deno.test("bundles: the page sources type-check", async () => {
  const { success, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", "static/src/"],
    cwd: new URL("../..", import.meta.url).pathname,
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.ok(success, new TextDecoder().decode(stderr));
});
