/**
 * Where the files jobs produce are kept: in memory for tests, or in a
 * directory (under the data directory) that survives restarts.
 *
 * @module
 */
import { join } from "node:path";

/** The content type of each file extension jobs may produce. */
export const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  txt: "text/plain; charset=utf-8",
} as const;

/** An extension jobs may produce. */
export type FileExtension = keyof typeof CONTENT_TYPES;

/**
 * File names the stores accept: `{type}-{id}.{ext}`, nothing that could leave
 * the directory. Groups: type, job id, extension.
 */
export const FILE_NAME = /^([a-z][a-z0-9_]*)-([1-9][0-9]{0,15})\.(csv|txt)$/;

/** Keeps the bytes of job files by name (see {@linkcode FILE_NAME}). */
export interface FileStore {
  /** Saves a file, replacing one of the same name. */
  write(name: string, bytes: Uint8Array): Promise<void>;
  /** The file's bytes, or `undefined` when there is none. */
  read(name: string): Promise<Uint8Array<ArrayBuffer> | undefined>;
  /** Deletes every file of the jobs with these ids. */
  deleteForJobs(ids: ReadonlySet<number>): Promise<void>;
}

/** Whether `name` is a file of one of the jobs `ids`. */
function belongsTo(name: string, ids: ReadonlySet<number>): boolean {
  const match = FILE_NAME.exec(name);
  return match !== null && ids.has(Number(match[2]));
}

/** Files in a map. */
export class MemoryFileStore implements FileStore {
  readonly #files = new Map<string, Uint8Array<ArrayBuffer>>();

  write(name: string, bytes: Uint8Array): Promise<void> {
    return Promise.try(() => void this.#files.set(checkName(name), bytes.slice()));
  }

  read(name: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    return Promise.try(() => this.#files.get(checkName(name))?.slice());
  }

  deleteForJobs(ids: ReadonlySet<number>): Promise<void> {
    for (const name of this.#files.keys()) if (belongsTo(name, ids)) this.#files.delete(name);
    return Promise.resolve();
  }
}

/**
 * Files in a directory (created if missing). A file is written under a
 * temporary name and renamed, so a crash never leaves half a file behind.
 *
 * @example
 * ```ts
 * import { DirectoryFileStore } from "./file_store.ts";
 * const dir = await Deno.makeTempDir();
 * const files = new DirectoryFileStore(dir);
 * await files.write("report-1.csv", new TextEncoder().encode("a,b\n"));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class DirectoryFileStore implements FileStore {
  readonly #dir: string;

  /** Keeps files in `dir`. */
  constructor(dir: string) {
    this.#dir = dir;
    Deno.mkdirSync(dir, { recursive: true });
  }

  async write(name: string, bytes: Uint8Array): Promise<void> {
    const path = join(this.#dir, checkName(name));
    const partial = `${path}.partial`;
    await Deno.writeFile(partial, bytes);
    await Deno.rename(partial, path);
  }

  async read(name: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
    try {
      return await Deno.readFile(join(this.#dir, checkName(name)));
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
  }

  async deleteForJobs(ids: ReadonlySet<number>): Promise<void> {
    if (ids.size === 0) return;
    for await (const entry of Deno.readDir(this.#dir)) {
      if (!entry.isFile || !belongsTo(entry.name, ids)) continue;
      await Deno.remove(join(this.#dir, entry.name)).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
    }
  }
}

function checkName(name: string): string {
  if (!FILE_NAME.test(name)) throw new Error(`Not a job file name: ${JSON.stringify(name)}`);
  return name;
}
