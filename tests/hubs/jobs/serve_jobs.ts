/**
 * A child process for the crash test: serves the jobs module with its data
 * in the directory given as the first argument, prints its port, and runs
 * until it is killed.
 *
 * @module
 */
import { createApp } from "../../../app.ts";
import { jobsModule } from "../../../hubs/jobs/mod.ts";
import { jwtBearer } from "../../../signalr/mod.ts";
import { SECRET } from "../../helpers/tokens.ts";

const app = createApp([
  jobsModule({
    dataDir: Deno.args[0],
    concurrency: 1,
    hubOptions: { authenticate: jwtBearer({ algorithm: "HS256", key: SECRET }) },
  }),
]);
Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(port),
}, app.hono.fetch);
