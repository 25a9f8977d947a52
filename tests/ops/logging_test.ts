/**
 * Structured logs: the JSON lines the logging observer and the engine's error
 * logger write while an official client connects, invokes and leaves.
 */
import assert from "node:assert/strict";
import { resetSync } from "@logtape/logtape";
import { Hub, HubError, mapHub } from "../../signalr/mod.ts";
import { configureLogging, engineErrorLogger, loggingObserver } from "../../ops/logging.ts";
import { connectTo, serve } from "../helpers/server.ts";

class EchoHub extends Hub {
  echo(value: unknown) {
    return value;
  }
  fail() {
    throw new Error("a bug");
  }
  refuse() {
    throw new HubError("not allowed {here}");
  }
}

type Line = Record<string, unknown>;

/** Runs `body` with logging at `level` into the returned lines; resets LogTape after. */
async function capture(level: string, body: (lines: Line[]) => Promise<void>): Promise<Line[]> {
  const lines: Line[] = [];
  configureLogging(level, { write: (line) => lines.push(JSON.parse(line)) });
  try {
    await body(lines);
  } finally {
    resetSync();
  }
  return lines;
}

/** Serves an EchoHub that logs, for one official client; returns its connection id. */
async function session(work: (client: Awaited<ReturnType<typeof connectTo>>) => Promise<void>) {
  const endpoint = mapHub("/hubs/echo", () => new EchoHub(), {
    observer: loggingObserver(),
    logError: engineErrorLogger(),
  });
  const server = serve((r) => endpoint.fetch(r), () => endpoint.close());
  const client = await connectTo(`${server.url}/hubs/echo`);
  const id = client.connectionId!;
  try {
    await work(client);
  } finally {
    await client.stop();
    for (let i = 0; i < 100 && endpoint.connectionCount > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await server.close();
  }
  return id;
}

Deno.test("every line about a connection is a JSON object carrying its connectionId and hub", async () => {
  let id = "";
  const lines = await capture("debug", async () => {
    id = await session(async (client) => {
      assert.equal(await client.invoke("Echo", 1), 1);
      await assert.rejects(client.invoke("Fail"));
      await assert.rejects(client.invoke("Refuse"));
    });
  });
  const about = lines.filter((line) => line.logger === "switchboard.hub");
  assert.deepEqual(
    about.map((line) => `${line.level} ${line.method ?? ""}`.trim()),
    ["INFO", "DEBUG echo", "ERROR fail", "INFO refuse", "INFO"],
  );
  for (const line of about) {
    assert.equal(line.connectionId, id, JSON.stringify(line));
    assert.equal(line.hub, "/hubs/echo");
    assert.equal(typeof line["@timestamp"], "string");
  }
  const [opened, , failed, refused, closed] = about;
  assert.equal(
    opened.message,
    `Connection "${id}" opened on "/hubs/echo" over "WebSockets" ("json")`,
  );
  assert.equal(opened.transport, "WebSockets");
  assert.equal(failed.message, '"fail" failed: "a bug"');
  assert.equal((failed.error as Line).message, "a bug");
  assert.equal(typeof (failed.error as Line).stack, "string");
  assert.equal(refused.reason, "not allowed {here}");
  assert.match(String(closed.message), /^Connection ".+" closed on "\/hubs\/echo"$/);
});

Deno.test("an invocation failure is one error line, with its connection id", async () => {
  const lines = await capture("info", async () => {
    await session(async (client) => {
      await assert.rejects(client.invoke("Fail"));
    });
  });
  const errors = lines.filter((line) => line.level === "ERROR");
  assert.equal(errors.length, 1, JSON.stringify(lines));
  assert.equal(errors[0].logger, "switchboard.hub");
  assert.equal(typeof errors[0].connectionId, "string");
  assert.equal((errors[0].error as Line).message, "a bug");
});

Deno.test("the engine's swallowed errors are error lines with the error's name, message and stack", async () => {
  const lines = await capture("info", () => {
    engineErrorLogger()("onDisconnected failed", new TypeError("a bug"));
    return Promise.resolve();
  });
  assert.equal(lines.length, 1, JSON.stringify(lines));
  assert.equal(lines[0].logger, "switchboard.engine");
  assert.equal(lines[0].level, "ERROR");
  assert.equal(lines[0].message, "onDisconnected failed");
  assert.equal((lines[0].error as Line).name, "TypeError");
  assert.equal((lines[0].error as Line).message, "a bug");
  assert.equal(typeof (lines[0].error as Line).stack, "string");
});

Deno.test("LOG_LEVEL filters: at warning, lifecycle lines are left out and failures kept", async () => {
  const lines = await capture("WARN", async () => {
    await session(async (client) => {
      await client.invoke("Echo", 1);
      await assert.rejects(client.invoke("Fail"));
    });
  });
  assert.deepEqual(lines.map((line) => `${line.logger} ${line.level}`), [
    "switchboard.hub ERROR",
  ]);
});

Deno.test("configureLogging names the accepted levels when LOG_LEVEL is unknown", () => {
  assert.throws(
    () => configureLogging("verbose"),
    {
      message: 'LOG_LEVEL must be one of trace, debug, info, warning, error, fatal; got "verbose".',
    },
  );
});
