/**
 * The examples of the README's "Testing your hubs" section run as they are
 * written: each TypeScript block, its `./` imports taken from the
 * project root, becomes a test file, and `deno test` runs them all.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../../", import.meta.url);

/** The section's TypeScript blocks, with imports rewritten to absolute URLs of the project. */
async function examples(): Promise<string[]> {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const text = readme.split(/^## Testing your hubs$/m)[1]?.split(/^## /m)[0] ?? "";
  return [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(([, code]) =>
    code.replaceAll(/from "\.\/([^"]+)"/g, (_, path) => `from "${new URL(path, ROOT).href}"`)
  );
}

Deno.test('every example of the README\'s "Testing your hubs" passes under deno test --trace-leaks', async () => {
  const codes = await examples();
  assert.equal(codes.length, 3, "a unit test of each hub and an integration test");
  const dir = await Deno.makeTempDir();
  try {
    const files = await Promise.all(codes.map(async (code, index) => {
      const file = `${dir}/example_${index + 1}_test.ts`;
      await Deno.writeTextFile(file, code);
      return file;
    }));
    const config = new URL("deno.json", ROOT).pathname;
    const { code: status, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["test", "-A", "--trace-leaks", "--config", config, ...files],
      env: { NO_COLOR: "1" },
    }).output();
    const output = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
    assert.equal(status, 0, output);
    assert.match(output, /ok \| 3 passed \| 0 failed/, output);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
