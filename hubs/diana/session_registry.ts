/**
 * The calls in memory: found by session GUID, owned by the user who started
 * them, limited per user and in all, and forgotten a while after they end.
 *
 * @module
 */
import { HubError } from "../../signalr/mod.ts";
import type { CallSession } from "./call_session.ts";

/** Bounds of the registry. */
export interface SessionLimits {
  /** Calls kept in memory, running and ended. @default {1000} */
  readonly maxSessions?: number;
  /** Calls one user may have running at once. @default {3} */
  readonly maxActivePerUser?: number;
  /** How long an ended call (and its scorecard) stays readable, in ms. @default {1800000} */
  readonly keepEndedMs?: number;
  /** How long a call may go without a connection before it is abandoned, in ms. @default {120000} */
  readonly abandonAfterMs?: number;
}

/** What a sweep found. */
export interface Sweep {
  /** Running calls no connection came back for: the caller ends them. */
  readonly abandoned: readonly CallSession[];
  /** Ended calls forgotten just now. */
  readonly removed: readonly string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The session id as a lower-case GUID, or a HubError saying what is wrong.
 *
 * @example
 * ```ts
 * import { parseSessionId } from "./session_registry.ts";
 * parseSessionId("3F2504E0-4F89-41D3-9A0C-0305E82C3301"); // "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
 * ```
 */
export function parseSessionId(value: unknown): string {
  if (typeof value !== "string" || !GUID.test(value)) {
    throw new HubError(
      "The session id must be a GUID such as '3f2504e0-4f89-41d3-9a0c-0305e82c3301'.",
    );
  }
  return value.toLowerCase();
}

/** Calls by session id, in the order they started. */
export class SessionRegistry {
  readonly #sessions = new Map<string, CallSession>();
  readonly #maxSessions: number;
  readonly #maxActivePerUser: number;
  readonly #keepEndedMs: number;
  readonly #abandonAfterMs: number;
  /** Sweeps at most this often: every call sweeps, but scanning every session each time is waste. */
  readonly #sweepEveryMs: number;
  #sweptAt = -Infinity;
  readonly #now: () => number;

  /** A registry with `limits`, reading the time from `now`. */
  constructor(limits: SessionLimits = {}, now: () => number = Date.now) {
    this.#maxSessions = limits.maxSessions ?? 1000;
    this.#maxActivePerUser = limits.maxActivePerUser ?? 3;
    this.#keepEndedMs = limits.keepEndedMs ?? 30 * 60_000;
    this.#abandonAfterMs = limits.abandonAfterMs ?? 2 * 60_000;
    this.#sweepEveryMs = Math.min(1000, this.#keepEndedMs, this.#abandonAfterMs);
    this.#now = now;
  }

  /** How many calls are kept. */
  get size(): number {
    return this.#sessions.size;
  }

  /** The call with this id, whoever owns it. */
  find(id: string): CallSession | undefined {
    return this.#sessions.get(id);
  }

  /** The call with this id if `user` owns it; a HubError if it is unknown or someone else's. */
  owned(id: string, user: string): CallSession {
    const session = this.#sessions.get(id);
    if (!session) {
      throw new HubError(`No session '${id}' exists. Start it with InitiateSession first.`);
    }
    if (session.owner !== user) {
      throw new HubError(`The session '${id}' belongs to another user.`);
    }
    return session;
  }

  /**
   * Adds a new call, making room by forgetting the oldest ended calls, whose
   * ids it returns; a HubError past a limit.
   */
  add(session: CallSession): string[] {
    const running = [...this.#sessions.values()].filter(
      (s) => s.owner === session.owner && s.phase !== "ended",
    ).length;
    if (running >= this.#maxActivePerUser) {
      throw new HubError(
        `You already have ${running} calls in progress. End one before starting another.`,
      );
    }
    const ended = [...this.#sessions.values()].filter((s) => s.phase === "ended");
    const excess = this.#sessions.size + 1 - this.#maxSessions;
    if (excess > ended.length) {
      throw new HubError("Too many calls are in progress. Try again in a few minutes.");
    }
    const forgotten = ended.slice(0, Math.max(0, excess)).map((s) => s.id);
    for (const id of forgotten) this.#sessions.delete(id);
    this.#sessions.set(session.id, session);
    return forgotten;
  }

  /**
   * Forgets ended calls past their keeping time and finds abandoned running
   * ones; finds nothing when the last sweep was less than a second ago.
   */
  sweep(): Sweep {
    const now = this.#now();
    const abandoned: CallSession[] = [];
    const removed: string[] = [];
    if (now - this.#sweptAt < this.#sweepEveryMs) return { abandoned, removed };
    this.#sweptAt = now;
    for (const [id, session] of this.#sessions) {
      if (session.phase === "ended") {
        if (now - session.endedAt! >= this.#keepEndedMs) {
          this.#sessions.delete(id);
          removed.push(id);
        }
      } else if (
        session.detachedAt !== undefined && now - session.detachedAt >= this.#abandonAfterMs
      ) {
        abandoned.push(session);
      }
    }
    return { abandoned, removed };
  }

  /** Every call kept. */
  values(): IterableIterator<CallSession> {
    return this.#sessions.values();
  }

  /** Forgets every call. */
  clear(): void {
    this.#sessions.clear();
  }
}
