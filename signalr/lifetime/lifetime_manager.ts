/**
 * The one interface every send goes through. It alone knows which connections
 * exist and which groups and users they belong to; the in-memory manager is the
 * default, a backplane (Redis) replaces it to span processes.
 *
 * @module
 */
import type { HubConnection } from "../connection.ts";

/** Whom a message is for. */
export type Audience =
  | { readonly kind: "all"; readonly excluded?: readonly string[] }
  | { readonly kind: "connections"; readonly ids: readonly string[] }
  | {
    readonly kind: "groups";
    readonly names: readonly string[];
    readonly excluded?: readonly string[];
  }
  | { readonly kind: "users"; readonly ids: readonly string[] };

/** Tracks connections, groups and users, and delivers invocations to them. */
export interface HubLifetimeManager {
  /** Groups with at least one member on this process. */
  readonly groupCount: number;
  /** A connection finished its handshake. */
  onConnected(connection: HubConnection): Promise<void>;
  /** A connection closed; forget it and its group memberships. */
  onDisconnected(connection: HubConnection): Promise<void>;
  /** Invokes `target(...args)` on every connection in `audience`, serializing once per protocol. */
  send(audience: Audience, target: string, args: readonly unknown[]): Promise<void>;
  /**
   * Invokes `target(...args)` on one connection and resolves with the client's
   * result (a client result). Rejects when the connection does not exist, the
   * client fails or has no handler, or no result comes in time.
   */
  invoke(connectionId: string, target: string, args: readonly unknown[]): Promise<unknown>;
  /** Adds a connection to a group. */
  addToGroup(connectionId: string, group: string): Promise<void>;
  /** Removes a connection from a group. */
  removeFromGroup(connectionId: string, group: string): Promise<void>;
}
