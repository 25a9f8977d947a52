/**
 * Jobs end to end over REST and the job hub with the official client:
 * progress in order, the report file, late subscribers, cancel, failures and
 * the concurrency limit.
 */
import assert from "node:assert/strict";
import { CANCELED } from "../../../hubs/jobs/mod.ts";
import { formatSize } from "../../../hubs/jobs/job_runner.ts";
import { flakyError } from "../../../hubs/jobs/types/flaky.ts";
import { REPORT_HEADER } from "../../../hubs/jobs/types/report.ts";
import { call, type JobsSite, recordJobEvents, startJobsSite } from "./fixture.ts";

const ANN = { user: "ann" };
const BOB = { user: "bob" };

/** Starts a job as `caller` and returns its id (asserting the 202 answer). */
async function startJob(site: JobsSite, caller: typeof ANN, body: object): Promise<number> {
  const { status, body: job, headers } = await call(site, caller, "POST", "/api/jobs", body);
  assert.equal(status, 202, JSON.stringify(job));
  assert.equal(headers.get("location"), `/api/jobs/${job.id}`);
  return job.id as number;
}

async function withSite(
  options: Parameters<typeof startJobsSite>[0],
  fn: (site: JobsSite) => Promise<void>,
) {
  const site = startJobsSite(options);
  try {
    await fn(site);
  } finally {
    await site.close();
  }
}

Deno.test(
  "a report's subscriber gets JobStarted, JobProgress 0, 10, …, 100 in order, then JobCompleted with a downloadable CSV",
  () =>
    withSite({ concurrency: 1 }, async (site) => {
      const ann = recordJobEvents(await site.connect("ann"));
      const blocker = await startJob(site, ANN, { type: "report", stepMs: 10_000 });
      const created = await call(site, ANN, "POST", "/api/jobs", {
        type: "report",
        stepMs: 10,
        rows: 25,
      });
      assert.equal(created.body.status, "queued");
      assert.equal(created.body.owner, "ann");
      assert.equal(created.body.progress, 0);
      assert.deepEqual(created.body.params, { stepMs: 10, rows: 25 });
      assert.ok(Date.parse(created.body.createdAt as string) > 0);
      const id = created.body.id as number;

      const connection = await site.connect("ann");
      const log = recordJobEvents(connection);
      await connection.invoke("SubscribeToJob", id);
      await call(site, ANN, "DELETE", `/api/jobs/${blocker}`);
      const [, , result] = await log.waitFor("JobCompleted", id);

      const expectedResult = {
        id,
        filename: `report-${id}.csv`,
        size: (result as { size: string }).size,
        url: `/files/report-${id}.csv`,
      };
      assert.deepEqual(log.of(id), [
        ["SubscriptionConfirmed", id],
        ["JobStarted", id],
        ...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((p) => ["JobProgress", id, p]),
        ["JobCompleted", id, expectedResult],
      ]);
      assert.deepEqual(ann.of(id), [], "only subscribers hear about a job");

      const download = await site.api(ANN, "GET", `/files/report-${id}.csv`);
      assert.equal(download.status, 200);
      assert.equal(download.headers.get("content-type"), "text/csv; charset=utf-8");
      assert.match(download.headers.get("content-disposition")!, /attachment; filename="report-/);
      const bytes = new Uint8Array(await download.arrayBuffer());
      assert.equal(expectedResult.size, formatSize(bytes.length));
      const lines = new TextDecoder().decode(bytes).trimEnd().split("\r\n");
      assert.equal(lines[0], REPORT_HEADER);
      assert.equal(lines.length, 1 + 25 + 1);
      const rows = lines.slice(1, -1).map((line) => line.split(","));
      assert.deepEqual(rows.map((row) => Number(row[0])), [...Array(25).keys()].map((i) => i + 1));
      const units = rows.reduce((sum, row) => sum + Number(row[3]), 0);
      const cents = rows.reduce((sum, row) => sum + Math.round(Number(row[5]) * 100), 0);
      const total = lines.at(-1)!.split(",");
      assert.equal(total[0], "total");
      assert.equal(Number(total[3]), units);
      assert.equal(Math.round(Number(total[5]) * 100), cents);

      const stored = await call(site, ANN, "GET", `/api/jobs/${id}`);
      assert.equal(stored.body.status, "completed");
      assert.equal(stored.body.progress, 100);
      assert.deepEqual(stored.body.result, expectedResult);
      assert.ok(stored.body.startedAt && stored.body.finishedAt);
    }),
);

Deno.test("a job's file is only for its owner: 404 for others, 401 without a token", () =>
  withSite({}, async (site) => {
    const connection = await site.connect("ann");
    const log = recordJobEvents(connection);
    const id = await startJob(site, ANN, { type: "report", stepMs: 10, rows: 3 });
    await connection.invoke("SubscribeToJob", id);
    await log.waitFor("JobCompleted", id);
    const path = `/files/report-${id}.csv`;
    for (const [caller, status] of [[BOB, 404], [undefined, 401], [ANN, 200]] as const) {
      const response = await site.api(caller, "GET", path);
      await response.body?.cancel();
      assert.equal(response.status, status);
    }
    for (const other of [`/files/report-${id + 1}.csv`, `/files/flaky-${id}.csv`, "/files/x.csv"]) {
      assert.equal((await call(site, ANN, "GET", other)).status, 404);
    }
  }));

Deno.test("a late subscriber learns the state at once: running, completed or failed", () =>
  withSite({ concurrency: 1 }, async (site) => {
    const early = await site.connect("ann");
    const earlyLog = recordJobEvents(early);
    const done = await startJob(site, ANN, { type: "report", stepMs: 10, rows: 2 });
    await early.invoke("SubscribeToJob", done);
    const [, , result] = await earlyLog.waitFor("JobCompleted", done);
    const running = await startJob(site, ANN, { type: "report", stepMs: 10_000 });
    const queued = await startJob(site, ANN, { type: "report", stepMs: 10 });
    await call(site, ANN, "DELETE", `/api/jobs/${queued}`);

    const late = await site.connect("ann");
    const lateLog = recordJobEvents(late);
    for (const id of [done, running, queued]) await late.invoke("SubscribeToJob", id);
    assert.deepEqual(lateLog.events, [
      ["SubscriptionConfirmed", done],
      ["JobCompleted", done, result],
      ["SubscriptionConfirmed", running],
      ["JobStarted", running],
      ["SubscriptionConfirmed", queued],
      ["JobFailed", queued, CANCELED],
    ]);
    await call(site, ANN, "DELETE", `/api/jobs/${running}`);
  }));

Deno.test("a subscriber who arrives mid-run gets the current progress, then the rest in order", () =>
  withSite({}, async (site) => {
    const early = await site.connect("ann");
    const earlyLog = recordJobEvents(early);
    const id = await startJob(site, ANN, { type: "report", stepMs: 10, rows: 10 });
    await early.invoke("SubscribeToJob", id);
    await earlyLog.waitFor("JobProgress", id);
    const late = await site.connect("ann");
    const lateLog = recordJobEvents(late);
    await late.invoke("SubscribeToJob", id);
    await lateLog.waitFor("JobCompleted", id);
    const names = lateLog.of(id).map(([name]) => name);
    assert.equal(names[0], "SubscriptionConfirmed");
    assert.equal(names.at(-1), "JobCompleted");
    const progress = lateLog.of(id).filter(([name]) => name === "JobProgress").map((e) => e[2]);
    if (names.length > 2) {
      // It arrived while the job ran: JobStarted and the progress so far, then each step once.
      assert.equal(names[1], "JobStarted");
      assert.ok((progress[0] as number) > 0);
      assert.deepEqual(progress, [...progress].sort((a, b) => (a as number) - (b as number)));
      assert.equal(new Set(progress).size, progress.length);
      assert.equal(progress.at(-1), 100);
    }
  }));

Deno.test("DELETE cancels a running or queued job: subscribers get JobFailed(id, 'canceled')", () =>
  withSite({ concurrency: 1 }, async (site) => {
    const connection = await site.connect("ann");
    const log = recordJobEvents(connection);
    const running = await startJob(site, ANN, { type: "report", stepMs: 10_000 });
    const queued = await startJob(site, ANN, { type: "flaky", stepMs: 10_000 });
    await connection.invoke("SubscribeToJob", running);
    await connection.invoke("SubscribeToJob", queued);

    const canceledQueued = await call(site, ANN, "DELETE", `/api/jobs/${queued}`);
    assert.equal(canceledQueued.status, 200);
    assert.equal(canceledQueued.body.status, "failed");
    assert.equal(canceledQueued.body.error, CANCELED);
    const canceledRunning = await call(site, ANN, "DELETE", `/api/jobs/${running}`);
    assert.equal(canceledRunning.body.status, "failed");
    assert.equal(canceledRunning.body.error, CANCELED);

    assert.deepEqual(await log.waitFor("JobFailed", running), ["JobFailed", running, CANCELED]);
    assert.deepEqual(log.of(queued), [
      ["SubscriptionConfirmed", queued],
      ["JobFailed", queued, CANCELED],
    ]);
    assert.equal(log.of(queued).length + log.of(running).length, 5, "nothing after JobFailed");

    const again = await call(site, ANN, "DELETE", `/api/jobs/${running}`);
    assert.equal(again.status, 409);
    assert.equal(again.body.title, "The job has already finished.");
  }));

Deno.test("a flaky job fails part-way: JobFailed with its error, progress kept", () =>
  withSite({}, async (site) => {
    const connection = await site.connect("ann");
    const log = recordJobEvents(connection);
    const id = await startJob(site, ANN, { type: "flaky", stepMs: 10, failAt: 40 });
    await connection.invoke("SubscribeToJob", id);
    assert.deepEqual(await log.waitFor("JobFailed", id), ["JobFailed", id, flakyError(40)]);
    assert.ok(log.of(id).every(([name, , p]) => name !== "JobProgress" || (p as number) < 40));
    const job = await call(site, ANN, "GET", `/api/jobs/${id}`);
    assert.equal(job.body.status, "failed");
    assert.equal(job.body.error, "The upstream service stopped answering at 40 %.");
    assert.equal(job.body.progress, 30);
    assert.equal(job.body.result, undefined);
  }));

Deno.test("with a concurrency of 1 the next job stays queued until the one before ends", () =>
  withSite({ concurrency: 1 }, async (site) => {
    const connection = await site.connect("ann");
    const log = recordJobEvents(connection);
    const first = await startJob(site, ANN, { type: "report", stepMs: 10_000 });
    const second = await startJob(site, ANN, { type: "report", stepMs: 10, rows: 2 });
    const third = await startJob(site, ANN, { type: "flaky", stepMs: 10, failAt: 10 });
    for (const id of [first, second, third]) await connection.invoke("SubscribeToJob", id);
    const statuses = async () =>
      (await call(site, ANN, "GET", "/api/jobs")).body as unknown as { status: string }[];
    assert.deepEqual((await statuses()).map((job) => job.status), ["queued", "queued", "running"]);

    await call(site, ANN, "DELETE", `/api/jobs/${first}`);
    await log.waitFor("JobFailed", third);
    const order = log.events
      .filter(([name]) => name !== "SubscriptionConfirmed" && name !== "JobProgress")
      .map(([name, id]) => `${name} ${id}`);
    assert.deepEqual(order, [
      `JobStarted ${first}`,
      `JobFailed ${first}`,
      `JobStarted ${second}`,
      `JobCompleted ${second}`,
      `JobStarted ${third}`,
      `JobFailed ${third}`,
    ]);
  }));
