/**
 * The `flaky` job: makes progress like a report, then fails part-way with a
 * clear error, to show `JobFailed`.
 *
 * Parameters: `stepMs` (10–10000, default 1000), `failAt` (10–90 in steps of
 * 10, default 40): the percentage it fails at, never reached.
 *
 * @module
 */
import type { JobType } from "./job_type.ts";
import { delay, integer, onlyKnown, STEP_MS } from "./params.ts";

/** A flaky job's validated parameters. */
export interface FlakyParams {
  readonly stepMs: number;
  readonly failAt: number;
}

/** The error a flaky job fails with at `percent`. */
export function flakyError(percent: number): string {
  return `The upstream service stopped answering at ${percent} %.`;
}

/** The flaky job type. */
export const flakyJob: JobType<FlakyParams> = {
  name: "flaky",
  parse(input) {
    onlyKnown(input, ["stepMs", "failAt"]);
    return {
      stepMs: integer(input, "stepMs", STEP_MS),
      failAt: integer(input, "failAt", { min: 10, max: 90, default: 40, step: 10 }),
    };
  },
  async run({ stepMs, failAt }, job) {
    for (let percent = 0; percent < failAt; percent += 10) {
      await delay(stepMs, job.signal);
      await job.progress(percent);
    }
    await delay(stepMs, job.signal);
    throw new Error(flakyError(failAt));
  },
};
