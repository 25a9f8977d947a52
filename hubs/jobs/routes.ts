/**
 * The jobs REST routes beside the hub, with the hub's bearer tokens:
 * `POST /api/jobs`, `GET /api/jobs`, `GET /api/jobs/:id`,
 * `DELETE /api/jobs/:id` (cancel) and `GET /files/:name` (a job's file).
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { HubUser } from "../../signalr/mod.ts";
import { canAccess, isFinished, type Job } from "./job.ts";
import type { JobRunner } from "./job_runner.ts";
import type { JobStore } from "./job_store.ts";
import { CONTENT_TYPES, FILE_NAME, type FileStore } from "./file_store.ts";
import { type Authenticate, json, parseId, problem, signedInUser } from "./http.ts";
import { JobInputError } from "./types/job_type.ts";
import type { JobTypes } from "./types/registry.ts";

/** The largest `POST /api/jobs` body accepted, in bytes. */
export const MAX_BODY_BYTES = 4096;

/** The most jobs `GET /api/jobs` lists, newest first. */
export const LIST_LIMIT = 100;

/** What the routes work with. */
export interface JobRoutesOptions {
  readonly store: JobStore;
  readonly files: FileStore;
  readonly runner: JobRunner;
  readonly types: JobTypes;
  /** Tells who is behind a request (the hub options' `authenticate`). */
  readonly authenticate: Authenticate | undefined;
  /** How many of one user's jobs may be queued or running at once. */
  readonly maxActiveJobsPerUser: number;
}

/** Adds the jobs routes to `app`. */
export function mountJobRoutes(app: Hono, options: JobRoutesOptions): void {
  const { store, files, runner, types, authenticate } = options;
  /** Runs `handle` for a signed-in caller; answers 401 otherwise. */
  const withUser =
    (handle: (c: Context, user: HubUser) => Promise<Response> | Response) => async (c: Context) => {
      const user = await signedInUser(c.req.raw, authenticate);
      return user instanceof Response ? user : await handle(c, user);
    };
  /** The job in the path if the caller may see it; 404 otherwise. */
  const visibleJob = (c: Context, user: HubUser): Job | Response => {
    const id = parseId(c.req.param("id") ?? "");
    const job = id === undefined ? undefined : store.get(id);
    if (job && canAccess(user, job)) return job;
    return problem(404, "Not found.", `Job ${c.req.param("id")} was not found.`);
  };

  app.post(
    "/api/jobs",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () =>
        problem(413, "The request body is too large.", `At most ${MAX_BODY_BYTES} bytes.`),
    }),
    withUser(async (c, user) => {
      const request = await readJobRequest(c.req.raw, types);
      if (request instanceof Response) return request;
      if (store.countUnfinished(user.id) >= options.maxActiveJobsPerUser) {
        return problem(
          429,
          "Too many unfinished jobs.",
          `At most ${options.maxActiveJobsPerUser} of your jobs may be queued or running; ` +
            "wait for one to finish or cancel one.",
        );
      }
      const job = store.insert({ ...request, owner: user.id, createdAt: new Date().toISOString() });
      runner.enqueue(job);
      return json(store.get(job.id), 202, { Location: `/api/jobs/${job.id}` });
    }),
  );

  app.get("/api/jobs", withUser((_c, user) => json(store.listByOwner(user.id, LIST_LIMIT))));

  app.get(
    "/api/jobs/:id",
    withUser((c, user) => {
      const job = visibleJob(c, user);
      return job instanceof Response ? job : json(job);
    }),
  );

  app.delete(
    "/api/jobs/:id",
    withUser(async (c, user) => {
      const job = visibleJob(c, user);
      if (job instanceof Response) return job;
      if (isFinished(job)) {
        return problem(409, "The job has already finished.", `Job ${job.id} is ${job.status}.`);
      }
      return json(await runner.cancel(job.id));
    }),
  );

  app.get(
    "/files/:name",
    withUser(async (c, user) => {
      const name = c.req.param("name") ?? "";
      const [, type, id, extension] = FILE_NAME.exec(name) ?? [];
      const job = id === undefined ? undefined : store.get(Number(id));
      const bytes = job && job.type === type && job.status === "completed" && canAccess(user, job)
        ? await files.read(name)
        : undefined;
      if (!bytes) return problem(404, "Not found.", `There is no file ${name}.`);
      return new Response(bytes, {
        headers: {
          "Content-Type": CONTENT_TYPES[extension as keyof typeof CONTENT_TYPES],
          "Content-Disposition": `attachment; filename="${name}"`,
          "Cache-Control": "private, no-store",
          "X-Content-Type-Options": "nosniff",
        },
      });
    }),
  );
}

/** The job type and validated parameters of a `POST /api/jobs` body, or a 400 problem. */
async function readJobRequest(
  request: Request,
  types: JobTypes,
): Promise<{ type: string; params: Record<string, unknown> } | Response> {
  const invalid = (detail: string) => problem(400, "The job request is not valid.", detail);
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return invalid('The body must be a JSON object: { "type": "report", ...parameters }.');
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return invalid('The body must be a JSON object: { "type": "report", ...parameters }.');
  }
  const { type, ...rest } = body as Record<string, unknown>;
  const jobType = typeof type === "string" ? types.get(type) : undefined;
  if (!jobType) {
    const names = [...types.keys()].map((name) => `"${name}"`).join(", ");
    return invalid(`type must be one of ${names}.`);
  }
  try {
    return { type: jobType.name, params: jobType.parse(rest) as Record<string, unknown> };
  } catch (error) {
    if (error instanceof JobInputError) return invalid(error.message);
    throw error;
  }
}
