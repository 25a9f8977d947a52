/**
 * Durability when the process dies without a chance to clean up: a server
 * in a child process is killed (SIGKILL) while one job runs and another
 * waits; a new server on the same data directory keeps the finished job and
 * its file and fails the other two with "interrupted by a server restart".
 */
import assert from "node:assert/strict";
import { INTERRUPTED_BY_RESTART } from "../../../hubs/jobs/mod.ts";
import { connectTo } from "../../helpers/server.ts";
import { tokenFor } from "../../helpers/tokens.ts";
import { call, recordJobEvents, startJobsSite } from "./fixture.ts";

const ANN = { user: "ann" };

/** Starts `serve_jobs.ts` on `dataDir`; resolves with the child and its URL. */
async function spawnServer(dataDir: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./serve_jobs.ts", import.meta.url).pathname, dataDir],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  while (!output.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("The server exited before it listened.");
    output += value;
  }
  return { child, reader, url: `http://127.0.0.1:${output.trim()}` };
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/api/jobs`, {
    method: "POST",
    headers: { Authorization: `Bearer ${await tokenFor("ann")}` },
    body: JSON.stringify(body),
  });
  return await response.json();
}

async function get(url: string, path: string): Promise<Response> {
  return await fetch(`${url}${path}`, {
    headers: { Authorization: `Bearer ${await tokenFor("ann")}` },
  });
}

Deno.test("a killed server loses nothing: in-flight jobs fail with the restart reason", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "switchboard-crash-" });
  try {
    const { child, reader, url } = await spawnServer(dataDir);
    let finished: Record<string, unknown>;
    let running: Record<string, unknown>;
    let queued: Record<string, unknown>;
    let file: string;
    try {
      const connection = await connectTo(`${url}/hubs/job`, {
        accessTokenFactory: () => tokenFor("ann"),
      });
      try {
        const log = recordJobEvents(connection);
        finished = await post(url, { type: "report", stepMs: 10, rows: 5 });
        await connection.invoke("SubscribeToJob", finished.id);
        await log.waitFor("JobCompleted", finished.id as number);
      } finally {
        await connection.stop();
      }
      finished = await (await get(url, `/api/jobs/${finished.id}`)).json();
      file = await (await get(url, `/files/report-${finished.id}.csv`)).text();
      // The child runs one job at a time: the first is running, the second waits.
      running = await post(url, { type: "report", stepMs: 10_000 });
      queued = await post(url, { type: "flaky", stepMs: 10_000 });
      assert.equal(running.status, "running");
      assert.equal(queued.status, "queued");
    } finally {
      child.kill("SIGKILL");
      await child.status;
      await reader.cancel();
    }
    assert.equal(finished.status, "completed");

    const site = startJobsSite({ dataDir });
    try {
      assert.deepEqual((await call(site, ANN, "GET", `/api/jobs/${finished.id}`)).body, finished);
      const download = await site.api(ANN, "GET", `/files/report-${finished.id}.csv`);
      assert.equal(await download.text(), file);
      for (const job of [running, queued]) {
        const { body } = await call(site, ANN, "GET", `/api/jobs/${job.id}`);
        assert.equal(body.status, "failed");
        assert.equal(body.error, INTERRUPTED_BY_RESTART);
      }
    } finally {
      await site.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
