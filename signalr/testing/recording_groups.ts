/**
 * A fake group manager for unit tests of hubs: records every change and
 * tracks who is in which group.
 *
 * @module
 */
import type { GroupManager } from "../clients.ts";

/** One call a hub made to its group manager. */
export interface GroupChange {
  /** `addToGroup` or `removeFromGroup`. */
  readonly action: "add" | "remove";
  readonly connectionId: string;
  readonly group: string;
}

/**
 * The group manager a test kit gives its hubs. Adding twice and removing a
 * non-member are harmless, as in the engine; both are still recorded.
 *
 * @example
 * ```ts
 * import { RecordingGroups } from "./recording_groups.ts";
 * const groups = new RecordingGroups(() => "c1");
 * await groups.addToGroup("c1", "job-1");
 * groups.has("job-1"); // true: "c1" is the default connection
 * groups.of("c1"); // ["job-1"]
 * groups.history; // [{ action: "add", connectionId: "c1", group: "job-1" }]
 * ```
 */
export class RecordingGroups implements GroupManager {
  readonly #history: GroupChange[] = [];
  readonly #groups = new Map<string, Set<string>>();
  readonly #current: () => string;

  /** @param current the connection id `has` and `of` use when given none */
  constructor(current: () => string) {
    this.#current = current;
  }

  /** Every `addToGroup` and `removeFromGroup` call so far, in order. */
  get history(): readonly GroupChange[] {
    return this.#history;
  }

  /** Adds a connection to a group and records the call. */
  addToGroup(connectionId: string, group: string): Promise<void> {
    this.#history.push({ action: "add", connectionId, group });
    const members = this.#groups.get(group) ?? new Set();
    this.#groups.set(group, members.add(connectionId));
    return Promise.resolve();
  }

  /** Removes a connection from a group and records the call. */
  removeFromGroup(connectionId: string, group: string): Promise<void> {
    this.#history.push({ action: "remove", connectionId, group });
    const members = this.#groups.get(group);
    members?.delete(connectionId);
    if (members?.size === 0) this.#groups.delete(group);
    return Promise.resolve();
  }

  /** Whether a connection (by default the kit's caller) is in `group`. */
  has(group: string, connectionId: string = this.#current()): boolean {
    return this.#groups.get(group)?.has(connectionId) ?? false;
  }

  /** The groups a connection (by default the kit's caller) is in, sorted by name. */
  of(connectionId: string = this.#current()): string[] {
    return [...this.#groups.keys()].filter((group) => this.has(group, connectionId)).sort();
  }
}
