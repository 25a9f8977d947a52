/**
 * The job store contract, run against both stores: in memory and SQLite.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { type JobStore, MemoryJobStore } from "../../../hubs/jobs/job_store.ts";
import { SqliteJobStore } from "../../../hubs/jobs/sqlite_job_store.ts";

const stores: [name: string, open: (dir: string) => JobStore][] = [
  ["MemoryJobStore", () => new MemoryJobStore()],
  ["SqliteJobStore", (dir) => new SqliteJobStore(join(dir, "jobs.sqlite"))],
];

function storeTest(name: string, fn: (store: JobStore) => void): void {
  for (const [storeName, open] of stores) {
    Deno.test(`${storeName}: ${name}`, async () => {
      const dir = await Deno.makeTempDir();
      const store = open(dir);
      try {
        fn(store);
      } finally {
        store.close();
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
}

const AT = "2025-01-02T03:04:05.000Z";

storeTest("insert gives ids 1, 2, … and a queued job at 0 %", (store) => {
  const first = store.insert({ type: "report", owner: "ann", params: { rows: 3 }, createdAt: AT });
  const second = store.insert({ type: "flaky", owner: "bob", params: {}, createdAt: AT });
  assert.deepEqual(first, {
    id: 1,
    type: "report",
    owner: "ann",
    status: "queued",
    progress: 0,
    params: { rows: 3 },
    createdAt: AT,
  });
  assert.equal(second.id, 2);
  assert.deepEqual(store.get(1), first);
  assert.equal(store.get(3), undefined);
});

storeTest("update stores changes (results as JSON) and returns the job", (store) => {
  const { id } = store.insert({ type: "report", owner: "ann", params: {}, createdAt: AT });
  store.update(id, { status: "running", startedAt: AT, progress: 40 });
  const result = { id, filename: "report-1.csv", size: "1.0 KB", url: "/files/report-1.csv" };
  const done = store.update(id, { status: "completed", progress: 100, result, finishedAt: AT });
  assert.deepEqual(done, {
    id,
    type: "report",
    owner: "ann",
    status: "completed",
    progress: 100,
    params: {},
    result,
    createdAt: AT,
    startedAt: AT,
    finishedAt: AT,
  });
  assert.deepEqual(store.get(id), done);
  assert.throws(() => store.update(99, { progress: 1 }), /Job 99 does not exist/);
});

storeTest(
  "listByOwner is newest first and limited; countUnfinished counts queued and running",
  (store) => {
    for (let i = 0; i < 4; i++) {
      store.insert({ type: "report", owner: i % 2 ? "bob" : "ann", params: {}, createdAt: AT });
    }
    assert.deepEqual(store.listByOwner("ann", 10).map((job) => job.id), [3, 1]);
    assert.deepEqual(store.listByOwner("bob", 1).map((job) => job.id), [4]);
    store.update(1, { status: "running" });
    store.update(3, { status: "failed", error: "canceled" });
    assert.equal(store.countUnfinished("ann"), 1);
    assert.equal(store.countUnfinished("bob"), 2);
    assert.equal(store.countUnfinished("cat"), 0);
  },
);

storeTest("failUnfinished fails queued and running jobs only", (store) => {
  for (let i = 0; i < 4; i++) {
    store.insert({ type: "report", owner: "ann", params: {}, createdAt: AT });
  }
  store.update(1, { status: "running", progress: 30 });
  store.update(3, { status: "completed", progress: 100, result: null });
  store.update(4, { status: "failed", error: "boom" });
  const failed = store.failUnfinished("interrupted", AT);
  assert.deepEqual(failed.map((job) => [job.id, job.status, job.error, job.progress]), [
    [1, "failed", "interrupted", 30],
    [2, "failed", "interrupted", 0],
  ]);
  assert.equal(store.get(3)?.status, "completed");
  assert.equal(store.get(4)?.error, "boom");
  assert.deepEqual(store.failUnfinished("again", AT), []);
});

Deno.test("SqliteJobStore keeps jobs across reopening and never reuses an id", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "jobs.sqlite");
    const store = new SqliteJobStore(path);
    store.insert({ type: "report", owner: "ann", params: { stepMs: 10 }, createdAt: AT });
    store.insert({ type: "report", owner: "ann", params: {}, createdAt: AT });
    store.update(1, { status: "completed", result: { ok: true }, progress: 100 });
    store.close();
    const reopened = new SqliteJobStore(path);
    try {
      assert.deepEqual(reopened.get(1)?.result, { ok: true });
      assert.deepEqual(reopened.get(1)?.params, { stepMs: 10 });
      assert.equal(reopened.insert({ type: "x", owner: "a", params: {}, createdAt: AT }).id, 3);
    } finally {
      reopened.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
