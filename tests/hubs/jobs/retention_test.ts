/**
 * Retention: finished jobs older than the period go, with their files;
 * recent and unfinished jobs stay. Run against both pairs of stores.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  DirectoryFileStore,
  type FileStore,
  MemoryFileStore,
} from "../../../hubs/jobs/file_store.ts";
import { type JobStore, MemoryJobStore } from "../../../hubs/jobs/job_store.ts";
import { JobRetention } from "../../../hubs/jobs/retention.ts";
import { SqliteJobStore } from "../../../hubs/jobs/sqlite_job_store.ts";

const HOUR = 3_600_000;
const NOW = new Date("2026-11-23T12:00:00.000Z");
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();

const pairs: [name: string, open: (dir: string) => { store: JobStore; files: FileStore }][] = [
  ["memory", () => ({ store: new MemoryJobStore(), files: new MemoryFileStore() })],
  ["SQLite and a directory", (dir) => ({
    store: new SqliteJobStore(join(dir, "jobs.sqlite")),
    files: new DirectoryFileStore(join(dir, "files")),
  })],
];

for (const [name, open] of pairs) {
  Deno.test(`retention (${name}): old finished jobs and their files go, the rest stays`, async () => {
    const dir = await Deno.makeTempDir();
    const { store, files } = open(dir);
    try {
      const job = (status: "completed" | "failed" | "running", finishedHoursAgo?: number) => {
        const { id } = store.insert({
          type: "report",
          owner: "ann",
          params: {},
          createdAt: ago(500),
        });
        store.update(id, {
          status,
          startedAt: ago(400),
          ...(finishedHoursAgo === undefined ? {} : { finishedAt: ago(finishedHoursAgo) }),
        });
        return id;
      };
      const oldCompleted = job("completed", 200);
      const oldFailed = job("failed", 169);
      const recent = job("completed", 1);
      const running = job("running");
      const bytes = new TextEncoder().encode("a,b\n");
      await files.write(`report-${oldCompleted}.csv`, bytes);
      await files.write(`report-${recent}.csv`, bytes);

      const retention = new JobRetention({ store, files, retentionMs: 168 * HOUR });
      assert.equal(await retention.sweep(NOW), 2);
      assert.equal(store.get(oldCompleted), undefined);
      assert.equal(store.get(oldFailed), undefined);
      assert.equal(store.get(recent)?.status, "completed");
      assert.equal(store.get(running)?.status, "running");
      assert.equal(await files.read(`report-${oldCompleted}.csv`), undefined);
      assert.deepEqual(await files.read(`report-${recent}.csv`), bytes);

      assert.equal(await retention.sweep(NOW), 0, "a second sweep finds nothing");
      const next = store.insert({ type: "report", owner: "ann", params: {}, createdAt: ago(0) });
      assert.ok(next.id > running, "ids of deleted jobs are not given out again");
      await retention.close();
    } finally {
      store.close();
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("retention: start sweeps at once; close stops the timer (no leak)", async () => {
  const store = new MemoryJobStore();
  const { id } = store.insert({ type: "report", owner: "ann", params: {}, createdAt: ago(500) });
  store.update(id, {
    status: "completed",
    finishedAt: new Date(Date.now() - 2 * HOUR).toISOString(),
  });
  const retention = new JobRetention({ store, files: new MemoryFileStore(), retentionMs: HOUR });
  retention.start();
  await retention.close();
  assert.equal(store.get(id), undefined);
});
