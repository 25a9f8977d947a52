/**
 * The hub side of a contract: the methods a hub class must have and typed
 * views of the engine's message targets, so a renamed method, a changed
 * parameter or a wrong event payload fails `deno check` in the hub itself.
 * Types only, written without importing the engine, so contracts stay
 * shareable with browser code; the engine's own types are checked against
 * these where a hub uses them (`implements`, `declare clients`).
 *
 * @example
 * ```ts
 * import type { HubCallerClientsOf, HubMethodsOf } from "./hub_typing.ts";
 * interface Server { Echo(text: string): string }
 * interface Events { Echoed(text: string): void }
 * class EchoHub implements HubMethodsOf<Server> {
 *   declare clients: HubCallerClientsOf<Events>;
 *   echo(text: unknown): string {
 *     return String(text);
 *   }
 * }
 * ```
 *
 * @module
 */
import type { ArgsOf, MethodName } from "./contract.ts";

/**
 * The methods a hub class implements for server methods `S`: each PascalCase
 * wire name as a camelCase method (the engine matches names
 * case-insensitively) that accepts the contract's arguments (a hub may take
 * `unknown` and validate) and returns the contract's result, or a promise of
 * it; a streaming method returns its `AsyncIterable`.
 */
export type HubMethodsOf<S> = {
  [K in MethodName<S> as Uncapitalize<K>]: S[K] extends (...args: infer A) => infer R
    ? (...args: A) => R extends AsyncIterable<unknown> ? R : R | Promise<R>
    : never;
};

/** A message target that sends only the events of `E`, with their arguments. */
export interface ClientProxyOf<E> {
  /** Sends event `method` with its arguments to every client of this proxy. */
  send<K extends MethodName<E>>(method: K, ...args: ArgsOf<E, K>): Promise<void>;
}

/** One connection, typed by events `E`; client results stay untyped. */
export interface SingleClientProxyOf<E> extends ClientProxyOf<E> {
  /** Invokes `method` on the client and resolves with its handler's result. */
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
}

/** The engine's `HubClients`, sending only events `E`. */
export interface HubClientsOf<E> {
  /** Every connection of the hub. */
  readonly all: ClientProxyOf<E>;
  /** Every connection but the excluded ones. */
  allExcept(excludedConnectionIds: readonly string[]): ClientProxyOf<E>;
  /** One connection. */
  client(connectionId: string): SingleClientProxyOf<E>;
  /** Several connections. */
  clients(connectionIds: readonly string[]): ClientProxyOf<E>;
  /** The members of one group. */
  group(name: string): ClientProxyOf<E>;
  /** The members of any of several groups, each once. */
  groups(names: readonly string[]): ClientProxyOf<E>;
  /** The members of a group but the excluded connections. */
  groupExcept(name: string, excludedConnectionIds: readonly string[]): ClientProxyOf<E>;
  /** Every connection of one user. */
  user(userId: string): ClientProxyOf<E>;
  /** Every connection of several users. */
  users(userIds: readonly string[]): ClientProxyOf<E>;
}

/** The engine's `HubCallerClients` (a hub's `this.clients`), sending only events `E`. */
export interface HubCallerClientsOf<E> extends HubClientsOf<E> {
  /** The connection that called. */
  readonly caller: SingleClientProxyOf<E>;
  /** Every connection but the caller. */
  readonly others: ClientProxyOf<E>;
  /** The members of a group but the caller. */
  othersInGroup(name: string): ClientProxyOf<E>;
}

/** The engine's `HubContext` (for background code), sending only events `E`. */
export interface HubContextOf<E> {
  /** The hub's message targets. */
  readonly clients: HubClientsOf<E>;
  /** The hub's group manager. */
  readonly groups: {
    addToGroup(connectionId: string, group: string): Promise<void>;
    removeFromGroup(connectionId: string, group: string): Promise<void>;
  };
}
