/**
 * The durable job store: one SQLite file through `node:sqlite`. Every write
 * is committed before it returns, so a job's state survives the process.
 *
 * @module
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { Job, JobChanges, JobStatus } from "./job.ts";
import type { JobStore, NewJob } from "./job_store.ts";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL,
    progress INTEGER NOT NULL,
    params TEXT NOT NULL,
    result TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
  );
  CREATE INDEX IF NOT EXISTS jobs_by_owner ON jobs (owner, id);
`;

/** Column of each changeable field. */
const COLUMNS: Record<keyof JobChanges, string> = {
  status: "status",
  progress: "progress",
  result: "result",
  error: "error",
  startedAt: "started_at",
  finishedAt: "finished_at",
};

/** A row as SQLite returns it. */
interface JobRow {
  id: number;
  type: string;
  owner: string;
  status: string;
  progress: number;
  params: string;
  result: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/**
 * Jobs in a SQLite file (created if missing, WAL journal).
 *
 * @example
 * ```ts
 * import { SqliteJobStore } from "./sqlite_job_store.ts";
 * const store = new SqliteJobStore(":memory:");
 * store.insert({ type: "report", owner: "ann", params: {}, createdAt: new Date().toISOString() });
 * store.close();
 * ```
 */
export class SqliteJobStore implements JobStore {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #get: StatementSync;
  readonly #list: StatementSync;
  readonly #countUnfinished: StatementSync;
  readonly #unfinished: StatementSync;
  readonly #deleteFinished: StatementSync;
  /** UPDATE statements by the columns they set (a few shapes, prepared once each). */
  readonly #updates = new Map<string, StatementSync>();

  /** Opens (or creates) the database at `path`. */
  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;");
    this.#db.exec(SCHEMA);
    this.#insert = this.#db.prepare(
      `INSERT INTO jobs (type, owner, status, progress, params, created_at)
       VALUES (?, ?, 'queued', 0, ?, ?) RETURNING *`,
    );
    this.#get = this.#db.prepare("SELECT * FROM jobs WHERE id = ?");
    this.#list = this.#db.prepare("SELECT * FROM jobs WHERE owner = ? ORDER BY id DESC LIMIT ?");
    this.#countUnfinished = this.#db.prepare(
      "SELECT count(*) AS n FROM jobs WHERE owner = ? AND status IN ('queued', 'running')",
    );
    this.#unfinished = this.#db.prepare(
      "SELECT id FROM jobs WHERE status IN ('queued', 'running') ORDER BY id",
    );
    this.#deleteFinished = this.#db.prepare(
      `DELETE FROM jobs WHERE status IN ('completed', 'failed') AND finished_at < ?
       RETURNING id`,
    );
  }

  insert(job: NewJob): Job {
    const row = this.#insert.get(job.type, job.owner, JSON.stringify(job.params), job.createdAt);
    return fromRow(row as unknown as JobRow);
  }

  get(id: number): Job | undefined {
    const row = this.#get.get(id);
    return row ? fromRow(row as unknown as JobRow) : undefined;
  }

  listByOwner(owner: string, limit: number): Job[] {
    return this.#list.all(owner, limit).map((row) => fromRow(row as unknown as JobRow));
  }

  countUnfinished(owner: string): number {
    return Number((this.#countUnfinished.get(owner) as { n: number }).n);
  }

  update(id: number, changes: JobChanges): Job {
    const entries = Object.entries(changes) as [keyof JobChanges, unknown][];
    let row;
    if (entries.length === 0) {
      row = this.#get.get(id);
    } else {
      const sets = entries.map(([field]) => `${COLUMNS[field]} = ?`).join(", ");
      let statement = this.#updates.get(sets);
      if (!statement) {
        statement = this.#db.prepare(`UPDATE jobs SET ${sets} WHERE id = ? RETURNING *`);
        this.#updates.set(sets, statement);
      }
      row = statement.get(...entries.map(([field, value]) => toColumn(field, value)), id);
    }
    if (!row) throw new Error(`Job ${id} does not exist.`);
    return fromRow(row as unknown as JobRow);
  }

  failUnfinished(error: string, finishedAt: string): Job[] {
    const ids = this.#unfinished.all().map((row) => Number(row.id));
    return ids.map((id) => this.update(id, { status: "failed", error, finishedAt }));
  }

  deleteFinishedBefore(cutoff: string): number[] {
    return this.#deleteFinished.all(cutoff).map((row) => Number(row.id)).sort((a, b) => a - b);
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

function toColumn(field: keyof JobChanges, value: unknown): SQLInputValue {
  if (value === undefined) return null;
  return field === "result" ? JSON.stringify(value) : value as SQLInputValue;
}

function fromRow(row: JobRow): Job {
  return {
    id: Number(row.id),
    type: row.type,
    owner: row.owner,
    status: row.status as JobStatus,
    progress: Number(row.progress),
    params: JSON.parse(row.params),
    ...(row.result !== null ? { result: JSON.parse(row.result) } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    createdAt: row.created_at,
    ...(row.started_at !== null ? { startedAt: row.started_at } : {}),
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
  };
}
