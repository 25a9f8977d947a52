/**
 * The in-memory lifetime manager: one process, maps from ids to connections.
 *
 * @module
 */
import type { HubConnection } from "../connection.ts";
import { MessageType } from "../protocol/messages.ts";
import { SerializedMessage } from "../serialized_message.ts";
import type { Audience, HubLifetimeManager } from "./lifetime_manager.ts";

/**
 * Keeps connections, groups and users in maps. Group and user sets are kept
 * small: a set is removed when it empties.
 */
export class MemoryLifetimeManager implements HubLifetimeManager {
  readonly #connections = new Map<string, HubConnection>();
  readonly #groups = new Map<string, Set<HubConnection>>();
  readonly #users = new Map<string, Set<HubConnection>>();

  /** How many connections are live. */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** How many groups have at least one member. */
  get groupCount(): number {
    return this.#groups.size;
  }

  onConnected(connection: HubConnection): Promise<void> {
    this.#connections.set(connection.connectionId, connection);
    const userId = connection.user?.id;
    if (userId !== undefined) addTo(this.#users, userId, connection);
    return Promise.resolve();
  }

  onDisconnected(connection: HubConnection): Promise<void> {
    this.#connections.delete(connection.connectionId);
    for (const group of connection.groups) removeFrom(this.#groups, group, connection);
    connection.groups.clear();
    const userId = connection.user?.id;
    if (userId !== undefined) removeFrom(this.#users, userId, connection);
    return Promise.resolve();
  }

  send(audience: Audience, target: string, args: readonly unknown[]): Promise<void> {
    this.deliver(
      audience,
      new SerializedMessage({ type: MessageType.Invocation, target, arguments: args }),
    );
    return Promise.resolve();
  }

  /** Writes an already serialized message to the local connections `audience` names. */
  deliver(audience: Audience, message: SerializedMessage): void {
    for (const connection of this.#resolve(audience)) connection.write(message);
  }

  /** The local connection with this id, if any. */
  connection(connectionId: string): HubConnection | undefined {
    return this.#connections.get(connectionId);
  }

  /** Whether any local connection is in `group`. */
  hasGroup(group: string): boolean {
    return this.#groups.has(group);
  }

  /** Whether any local connection belongs to `userId`. */
  hasUser(userId: string): boolean {
    return this.#users.has(userId);
  }

  invoke(connectionId: string, target: string, args: readonly unknown[]): Promise<unknown> {
    const connection = this.#connections.get(connectionId);
    if (!connection) {
      return Promise.reject(new Error(`Connection '${connectionId}' does not exist.`));
    }
    return connection.invoke(target, args);
  }

  addToGroup(connectionId: string, group: string): Promise<void> {
    const connection = this.#connections.get(connectionId);
    if (connection && !connection.groups.has(group)) {
      connection.groups.add(group);
      addTo(this.#groups, group, connection);
    }
    return Promise.resolve();
  }

  removeFromGroup(connectionId: string, group: string): Promise<void> {
    const connection = this.#connections.get(connectionId);
    if (connection?.groups.delete(group)) removeFrom(this.#groups, group, connection);
    return Promise.resolve();
  }

  /** The live connections an audience names, each once. */
  #resolve(audience: Audience): Iterable<HubConnection> {
    switch (audience.kind) {
      case "all":
        return except(this.#connections.values(), audience.excluded);
      case "connections":
        return this.#byIds(audience.ids);
      case "groups":
        return except(union(this.#groups, audience.names), audience.excluded);
      case "users":
        return union(this.#users, audience.ids);
    }
  }

  /** The live connections with these ids, each once. */
  #byIds(ids: readonly string[]): HubConnection[] {
    if (ids.length === 1) {
      const connection = this.#connections.get(ids[0]);
      return connection ? [connection] : [];
    }
    const found: HubConnection[] = [];
    for (const id of new Set(ids)) {
      const connection = this.#connections.get(id);
      if (connection) found.push(connection);
    }
    return found;
  }
}

function addTo(index: Map<string, Set<HubConnection>>, key: string, connection: HubConnection) {
  let set = index.get(key);
  if (!set) index.set(key, set = new Set());
  set.add(connection);
}

function removeFrom(
  index: Map<string, Set<HubConnection>>,
  key: string,
  connection: HubConnection,
) {
  const set = index.get(key);
  if (set?.delete(connection) && set.size === 0) index.delete(key);
}

/** The members of the sets `keys` name, each once, in the order first met. */
function union(
  index: Map<string, Set<HubConnection>>,
  keys: readonly string[],
): Iterable<HubConnection> {
  if (keys.length === 1) return index.get(keys[0]) ?? [];
  const seen = new Set<HubConnection>();
  for (const key of keys) {
    for (const connection of index.get(key) ?? []) seen.add(connection);
  }
  return seen;
}

/** `connections` without the excluded ids; the iterable itself when none are excluded. */
function except(
  connections: Iterable<HubConnection>,
  excluded?: readonly string[],
): Iterable<HubConnection> {
  if (!excluded?.length) return connections;
  return withoutIds(connections, new Set(excluded));
}

function* withoutIds(connections: Iterable<HubConnection>, skip: ReadonlySet<string>) {
  for (const connection of connections) {
    if (!skip.has(connection.connectionId)) yield connection;
  }
}
