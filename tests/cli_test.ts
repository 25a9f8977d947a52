import assert from "node:assert/strict";
import { ENVIRONMENT, helpText, parseCommandLine } from "../cli.ts";

Deno.test("parseCommandLine reads --port, --host and --dev in both spellings", () => {
  assert.deepEqual(parseCommandLine([]), {
    kind: "serve",
    port: undefined,
    host: undefined,
    dev: false,
  });
  assert.deepEqual(parseCommandLine(["--port", "9000", "--host=0.0.0.0", "--dev"]), {
    kind: "serve",
    port: 9000,
    host: "0.0.0.0",
    dev: true,
  });
  assert.deepEqual(parseCommandLine(["--port=1"]).kind, "serve");
});

Deno.test("parseCommandLine: --help and --version win", () => {
  assert.deepEqual(parseCommandLine(["--port", "1", "--help"]), { kind: "help" });
  assert.deepEqual(parseCommandLine(["-h"]), { kind: "help" });
  assert.deepEqual(parseCommandLine(["--version"]), { kind: "version" });
  assert.deepEqual(parseCommandLine(["-V"]), { kind: "version" });
});

Deno.test("parseCommandLine refuses unknown flags and bad values clearly", () => {
  assert.throws(() => parseCommandLine(["--bogus"]), /Unknown option --bogus\. Try --help\./);
  assert.throws(() => parseCommandLine(["--port"]), /--port needs a value\./);
  assert.throws(() => parseCommandLine(["--port", "http"]), /--port http is not a port\./);
  assert.throws(() => parseCommandLine(["--port", "70000"]), /not a port/);
});

Deno.test("the help lists every flag and every environment variable with its default", () => {
  const help = helpText("1.2.3");
  assert.match(help, /Switchboard 1\.2\.3/);
  for (const flag of ["--port", "--host", "--dev", "--version", "--help"]) {
    assert.ok(help.includes(flag), flag);
  }
  for (const [name, fallback] of ENVIRONMENT) {
    assert.match(help, new RegExp(`${name} .*\\(default: ${fallback.replace(/[()]/g, "\\$&")}\\)`));
  }
});

Deno.test("main.ts answers --version and --help, and refuses a bad flag with exit code 2", async () => {
  const run = (...args: string[]) =>
    new Deno.Command(Deno.execPath(), { args: ["run", "-A", "main.ts", ...args] }).output();
  const version = await run("--version");
  assert.equal(version.code, 0);
  assert.match(new TextDecoder().decode(version.stdout), /^switchboard \d+\.\d+\.\d+/);
  const help = await run("--help");
  assert.equal(help.code, 0);
  assert.match(new TextDecoder().decode(help.stdout), /Usage: switchboard/);
  const bad = await run("--nope");
  assert.equal(bad.code, 2);
  assert.match(new TextDecoder().decode(bad.stderr), /Unknown option --nope/);
});
