/**
 * The job types' parameters and work, without a server.
 */
import assert from "node:assert/strict";
import { flakyJob } from "../../../hubs/jobs/types/flaky.ts";
import { JobInputError } from "../../../hubs/jobs/types/job_type.ts";
import { delay } from "../../../hubs/jobs/types/params.ts";
import { REPORT_HEADER, reportJob, reportLines } from "../../../hubs/jobs/types/report.ts";
import { builtInJobTypes } from "../../../hubs/jobs/types/registry.ts";

Deno.test("the registry offers report and flaky", () => {
  assert.deepEqual([...builtInJobTypes().keys()], ["report", "flaky"]);
});

Deno.test("parse fills defaults and refuses what is out of range or unknown", () => {
  assert.deepEqual(reportJob.parse({}), { stepMs: 1000, rows: 100 });
  assert.deepEqual(flakyJob.parse({ stepMs: 10, failAt: 90 }), { stepMs: 10, failAt: 90 });
  for (const bad of [{ stepMs: 9 }, { rows: 10_001 }, { rows: null }, { extra: 1 }]) {
    assert.throws(() => reportJob.parse(bad), JobInputError, JSON.stringify(bad));
  }
});

Deno.test("reportLines is deterministic per seed and row, and totals its rows", () => {
  const all = reportLines(5, 0, 10);
  const halves = [reportLines(5, 0, 4), reportLines(5, 4, 10)];
  assert.deepEqual(all.lines, halves.flatMap((half) => half.lines));
  assert.equal(all.units, halves[0].units + halves[1].units);
  assert.notDeepEqual(reportLines(6, 0, 10).lines, all.lines);
  for (const [i, line] of all.lines.entries()) {
    const cells = line.split(",");
    assert.equal(cells.length, REPORT_HEADER.split(",").length);
    assert.equal(Number(cells[0]), i + 1);
    assert.equal(
      Math.round(Number(cells[3]) * Number(cells[4]) * 100),
      Math.round(Number(cells[5]) * 100),
    );
  }
});

Deno.test("delay rejects with the abort reason at once and leaves no timer behind", async () => {
  const controller = new AbortController();
  const waiting = delay(60_000, controller.signal);
  controller.abort(new Error("canceled"));
  await assert.rejects(waiting, /canceled/);
  await assert.rejects(delay(10, controller.signal), /canceled/);
});
