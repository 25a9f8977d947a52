/**
 * The jobs module: its hub mounted at `/hubs/job`.
 *
 * @module
 */
import { type HubOptions, mapHub } from "../../signalr/mod.ts";
import type { AppModule } from "../../app.ts";
import { JobHub } from "./job_hub.ts";

export { jobGroup, JobHub } from "./job_hub.ts";

/** Mounts the job hub at `/hubs/job`. */
export function jobsModule(options: HubOptions = {}): AppModule {
  return { endpoints: [mapHub("/hubs/job", () => new JobHub(), options)] };
}
