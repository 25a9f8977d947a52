/**
 * The job types `POST /api/jobs` knows, by name.
 *
 * @module
 */
import { flakyJob } from "./flaky.ts";
import type { JobType } from "./job_type.ts";
import { reportJob } from "./report.ts";

/** Job types by the name a request gives in `type`. */
export type JobTypes = ReadonlyMap<string, JobType<unknown>>;

/**
 * Every job type the app offers: `report` and `flaky`.
 *
 * @example
 * ```ts
 * import { builtInJobTypes } from "./registry.ts";
 * builtInJobTypes().get("report")?.parse({ stepMs: 50 }); // { stepMs: 50, rows: 100 }
 * ```
 */
export function builtInJobTypes(): JobTypes {
  const types = [reportJob, flakyJob] as JobType<unknown>[];
  return new Map(types.map((type) => [type.name, type]));
}
