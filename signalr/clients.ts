/**
 * Message targets: `clients.all`, `clients.group(name)`, `clients.caller`, …
 * Each is a thin proxy that hands an {@linkcode Audience} to the lifetime manager.
 *
 * @module
 */
import type { Audience, HubLifetimeManager } from "./lifetime/lifetime_manager.ts";

/** Something messages can be sent to. */
export interface ClientProxy {
  /** Invokes `method(...args)` on every client of this proxy, without waiting for replies. */
  send(method: string, ...args: unknown[]): Promise<void>;
}

/** One connection: messages, and invocations that wait for the client's result. */
export interface SingleClientProxy extends ClientProxy {
  /**
   * Invokes `method(...args)` on the client and resolves with what its handler
   * returns. Rejects if the client throws, has no handler, disconnects, or
   * answers too late (`clientResultTimeoutMs`).
   */
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
}

/** Targets available everywhere, inside and outside hub methods (the hub context). */
export interface HubClients {
  /** Every connection of the hub. */
  readonly all: ClientProxy;
  /** Every connection but the excluded ones. */
  allExcept(excludedConnectionIds: readonly string[]): ClientProxy;
  /** One connection. */
  client(connectionId: string): SingleClientProxy;
  /** Several connections. */
  clients(connectionIds: readonly string[]): ClientProxy;
  /** The members of one group. */
  group(name: string): ClientProxy;
  /** The members of any of several groups, each once. */
  groups(names: readonly string[]): ClientProxy;
  /** The members of a group but the excluded connections. */
  groupExcept(name: string, excludedConnectionIds: readonly string[]): ClientProxy;
  /** Every connection of one user. */
  user(userId: string): ClientProxy;
  /** Every connection of several users. */
  users(userIds: readonly string[]): ClientProxy;
}

/** Targets inside a hub method, relative to the caller. */
export interface HubCallerClients extends HubClients {
  /** The connection that called. */
  readonly caller: SingleClientProxy;
  /** Every connection but the caller. */
  readonly others: ClientProxy;
  /** The members of a group but the caller. */
  othersInGroup(name: string): ClientProxy;
}

/** Adds connections to groups and removes them. */
export interface GroupManager {
  /** Adds a connection to a group; adding twice is harmless. */
  addToGroup(connectionId: string, group: string): Promise<void>;
  /** Removes a connection from a group; removing a non-member is harmless. */
  removeFromGroup(connectionId: string, group: string): Promise<void>;
}

/** What background code uses to reach a hub's clients (.NET's `IHubContext`). */
export interface HubContext {
  /** The hub's message targets. */
  readonly clients: HubClients;
  /** The hub's group manager. */
  readonly groups: GroupManager;
}

function proxy(manager: HubLifetimeManager, audience: Audience): ClientProxy {
  return { send: (method, ...args) => manager.send(audience, method, args) };
}

function singleProxy(manager: HubLifetimeManager, connectionId: string): SingleClientProxy {
  return {
    ...proxy(manager, { kind: "connections", ids: [connectionId] }),
    invoke: <T>(method: string, ...args: unknown[]) =>
      manager.invoke(connectionId, method, args) as Promise<T>,
  };
}

/** Builds the targets of a hub context over a lifetime manager. */
export function createHubClients(manager: HubLifetimeManager): HubClients {
  return {
    all: proxy(manager, { kind: "all" }),
    allExcept: (excluded) => proxy(manager, { kind: "all", excluded: [...excluded] }),
    client: (id) => singleProxy(manager, id),
    clients: (ids) => proxy(manager, { kind: "connections", ids: [...ids] }),
    group: (name) => proxy(manager, { kind: "groups", names: [name] }),
    groups: (names) => proxy(manager, { kind: "groups", names: [...names] }),
    groupExcept: (name, excluded) =>
      proxy(manager, { kind: "groups", names: [name], excluded: [...excluded] }),
    user: (id) => proxy(manager, { kind: "users", ids: [id] }),
    users: (ids) => proxy(manager, { kind: "users", ids: [...ids] }),
  };
}

/**
 * The caller-relative targets of one connection. It holds three references
 * and builds each proxy when asked, so keeping one per connection costs
 * almost nothing.
 */
class CallerClients implements HubCallerClients {
  readonly #manager: HubLifetimeManager;
  readonly #clients: HubClients;
  readonly #callerId: string;

  constructor(manager: HubLifetimeManager, clients: HubClients, callerId: string) {
    this.#manager = manager;
    this.#clients = clients;
    this.#callerId = callerId;
  }

  get all(): ClientProxy {
    return this.#clients.all;
  }
  allExcept(excludedConnectionIds: readonly string[]): ClientProxy {
    return this.#clients.allExcept(excludedConnectionIds);
  }
  client(connectionId: string): SingleClientProxy {
    return this.#clients.client(connectionId);
  }
  clients(connectionIds: readonly string[]): ClientProxy {
    return this.#clients.clients(connectionIds);
  }
  group(name: string): ClientProxy {
    return this.#clients.group(name);
  }
  groups(names: readonly string[]): ClientProxy {
    return this.#clients.groups(names);
  }
  groupExcept(name: string, excludedConnectionIds: readonly string[]): ClientProxy {
    return this.#clients.groupExcept(name, excludedConnectionIds);
  }
  user(userId: string): ClientProxy {
    return this.#clients.user(userId);
  }
  users(userIds: readonly string[]): ClientProxy {
    return this.#clients.users(userIds);
  }
  get caller(): SingleClientProxy {
    return singleProxy(this.#manager, this.#callerId);
  }
  get others(): ClientProxy {
    return proxy(this.#manager, { kind: "all", excluded: [this.#callerId] });
  }
  othersInGroup(name: string): ClientProxy {
    return proxy(this.#manager, { kind: "groups", names: [name], excluded: [this.#callerId] });
  }
}

/** Builds the targets relative to one caller. */
export function createCallerClients(
  manager: HubLifetimeManager,
  clients: HubClients,
  callerId: string,
): HubCallerClients {
  return new CallerClients(manager, clients, callerId);
}

/** Builds a group manager over a lifetime manager. */
export function createGroupManager(manager: HubLifetimeManager): GroupManager {
  return {
    addToGroup: (connectionId, group) => manager.addToGroup(connectionId, group),
    removeFromGroup: (connectionId, group) => manager.removeFromGroup(connectionId, group),
  };
}
