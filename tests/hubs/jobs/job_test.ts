/**
 * The pure parts: the events that bring a late subscriber up to date, who
 * may see a job, and sizes for people.
 */
import assert from "node:assert/strict";
import { canAccess, type Job, jobGroup, stateEvents } from "../../../hubs/jobs/job.ts";
import { formatSize } from "../../../hubs/jobs/job_runner.ts";

const JOB: Job = {
  id: 7,
  type: "report",
  owner: "ann",
  status: "queued",
  progress: 0,
  params: {},
  createdAt: "2025-01-01T00:00:00.000Z",
};

Deno.test("stateEvents: nothing while queued, then started, progress, completed or failed", () => {
  const result = { id: 7, filename: "report-7.csv", size: "1 B", url: "/files/report-7.csv" };
  const table: [Partial<Job>, unknown[][]][] = [
    [{ status: "queued" }, []],
    [{ status: "running", progress: 0 }, [["JobStarted", 7]]],
    [{ status: "running", progress: 30 }, [["JobStarted", 7], ["JobProgress", 7, 30]]],
    [{ status: "completed", progress: 100, result }, [["JobCompleted", 7, result]]],
    [{ status: "failed", error: "canceled" }, [["JobFailed", 7, "canceled"]]],
  ];
  for (const [changes, events] of table) {
    assert.deepEqual(stateEvents({ ...JOB, ...changes }), events, JSON.stringify(changes));
  }
});

Deno.test("canAccess: the owner and admins, nobody else", () => {
  assert.equal(canAccess({ id: "ann" }, JOB), true);
  assert.equal(canAccess({ id: "bob", roles: ["User"] }, JOB), false);
  assert.equal(canAccess({ id: "root", roles: ["Admin"] }, JOB), true);
  assert.equal(canAccess(undefined, JOB), false);
});

Deno.test("jobGroup is the seed's job-{id}", () => {
  assert.equal(jobGroup(42), "job-42");
});

Deno.test("formatSize: bytes, KB and MB with one decimal", () => {
  assert.equal(formatSize(0), "0 B");
  assert.equal(formatSize(1023), "1023 B");
  assert.equal(formatSize(1536), "1.5 KB");
  assert.equal(formatSize(2.5 * 1024 * 1024), "2.5 MB");
});
