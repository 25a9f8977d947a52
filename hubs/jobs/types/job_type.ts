/**
 * The one interface every job type implements, and what a running job may do.
 *
 * @module
 */
import type { FileExtension } from "../file_store.ts";
import type { FileResult } from "../contract.ts";

/** A file a job saved: what its result tells the client (the contract's result, less the job id). */
export type SavedFile = Omit<FileResult, "id">;

/** What a running job is given. */
export interface JobContext {
  /** The job's id. */
  readonly id: number;
  /** Aborted when the job is canceled or the server stops: stop soon after. */
  readonly signal: AbortSignal;
  /** Records and announces progress (0 to 100). */
  progress(percent: number): Promise<void>;
  /** Saves the job's file, named `{type}-{id}.{extension}`. */
  saveFile(extension: FileExtension, bytes: Uint8Array): Promise<SavedFile>;
}

/**
 * A kind of background job: validates its parameters, then runs.
 *
 * @example
 * ```ts
 * import type { JobType } from "./job_type.ts";
 * const noop: JobType<Record<string, never>> = {
 *   name: "noop",
 *   parse: () => ({}),
 *   run: () => Promise.resolve({ done: true }),
 * };
 * ```
 */
export interface JobType<P> {
  /** What `POST /api/jobs` names it in `type`. */
  readonly name: string;
  /** The validated parameters, from the request body without `type`; throws {@linkcode JobInputError}. */
  parse(input: Readonly<Record<string, unknown>>): P;
  /** Does the work and resolves with the result; rejects with an error for people to read. */
  run(params: P, context: JobContext): Promise<unknown>;
}

/** A request's parameters are not valid; the message says why (400). */
export class JobInputError extends Error {
  override name = "JobInputError";
}
