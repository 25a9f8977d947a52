/**
 * Durability: with a data directory, jobs and their files outlive the
 * process; whatever was queued or running when it stopped is failed at the
 * next start with "interrupted by a server restart". Nothing is silently lost.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { INTERRUPTED_BY_RESTART } from "../../../hubs/jobs/mod.ts";
import { call, recordJobEvents, startJobsSite } from "./fixture.ts";

const ANN = { user: "ann" };

Deno.test("jobs and files survive a restart; jobs in flight fail with the restart reason", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "switchboard-jobs-" });
  try {
    const first = startJobsSite({ dataDir, concurrency: 1 });
    let finished: number, running: number, queued: number;
    let report: Uint8Array;
    let result: unknown;
    try {
      const connection = await first.connect("ann");
      const log = recordJobEvents(connection);
      finished = (await call(first, ANN, "POST", "/api/jobs", { type: "report", stepMs: 10 })).body
        .id as number;
      await connection.invoke("SubscribeToJob", finished);
      [, , result] = await log.waitFor("JobCompleted", finished);
      report = new Uint8Array(
        await (await first.api(ANN, "GET", `/files/report-${finished}.csv`)).arrayBuffer(),
      );
      const slow = { type: "report", stepMs: 10_000 };
      running = (await call(first, ANN, "POST", "/api/jobs", slow)).body.id as number;
      queued = (await call(first, ANN, "POST", "/api/jobs", slow)).body.id as number;
      assert.equal((await call(first, ANN, "GET", `/api/jobs/${queued}`)).body.status, "queued");
    } finally {
      await first.close();
    }
    assert.ok((await Deno.stat(join(dataDir, "jobs.sqlite"))).isFile);
    assert.ok((await Deno.stat(join(dataDir, "files", `report-${finished}.csv`))).isFile);

    const second = startJobsSite({ dataDir, concurrency: 1 });
    try {
      const done = await call(second, ANN, "GET", `/api/jobs/${finished}`);
      assert.equal(done.body.status, "completed");
      assert.deepEqual(done.body.result, result);
      const download = await second.api(ANN, "GET", `/files/report-${finished}.csv`);
      assert.equal(download.headers.get("content-type"), "text/csv; charset=utf-8");
      assert.deepEqual(new Uint8Array(await download.arrayBuffer()), report);

      for (const id of [running, queued]) {
        const job = await call(second, ANN, "GET", `/api/jobs/${id}`);
        assert.equal(job.body.status, "failed");
        assert.equal(job.body.error, "interrupted by a server restart");
        assert.ok(job.body.finishedAt);
      }
      const connection = await second.connect("ann");
      const log = recordJobEvents(connection);
      await connection.invoke("SubscribeToJob", running);
      assert.deepEqual(log.events, [
        ["SubscriptionConfirmed", running],
        ["JobFailed", running, INTERRUPTED_BY_RESTART],
      ]);

      const list = (await call(second, ANN, "GET", "/api/jobs")).body as unknown as {
        id: number;
      }[];
      assert.deepEqual(list.map((job) => job.id), [queued, running, finished]);
      const next = await call(second, ANN, "POST", "/api/jobs", { type: "report", stepMs: 10 });
      assert.ok((next.body.id as number) > queued, "ids are never reused");
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
