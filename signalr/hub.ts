/**
 * The base class of every hub, and the error hub code throws to reach the caller.
 *
 * @module
 */
import type { GroupManager, HubCallerClients } from "./clients.ts";

/** Who is behind a connection, as the authentication layer found them. */
export interface HubUser {
  /** The user id that `clients.user(id)` reaches. */
  readonly id: string;
  /** Role names for authorization. */
  readonly roles?: readonly string[];
  /** Every claim the credential carried. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** When the credential expires (ms since the epoch), if it does. */
  readonly expiresAt?: number;
}

/** What a hub knows about the connection that called it. */
export interface HubCallerContext {
  /** The connection's public id. */
  readonly connectionId: string;
  /** The authenticated user, if any. */
  readonly user: HubUser | undefined;
  /** The user id, if any. */
  readonly userIdentifier: string | undefined;
  /** Per-connection storage that lives as long as the connection. */
  readonly items: Map<unknown, unknown>;
  /** The request that opened the connection's transport. */
  readonly request: { readonly headers: Headers; readonly url: string };
  /** The transport in use, e.g. `"WebSockets"`. */
  readonly transport: string;
  /** Aborted when the connection closes. */
  readonly connectionAborted: AbortSignal;
  /** Closes the connection. */
  abort(): void;
}

/**
 * `message` followed by the error's type and text when `include` holds: the
 * way ASP.NET Core adds exception details to what a client is told.
 *
 * @example
 * ```ts
 * import { withErrorDetails } from "./hub.ts";
 * withErrorDetails("Connection closed with an error.", new TypeError("bad"), true);
 * // "Connection closed with an error. TypeError: bad"
 * ```
 */
export function withErrorDetails(message: string, error: unknown, include: boolean): string {
  return include && error instanceof Error ? `${message} ${error.name}: ${error.message}` : message;
}

/**
 * The error a hub method throws to send its message to the caller; any other
 * error reaches the caller only as a generic message (unless detailed errors
 * are on). The equivalent of .NET's `HubException`.
 *
 * @example
 * ```ts
 * import { HubError } from "./hub.ts";
 * throw new HubError("Room name must not be empty.");
 * ```
 */
export class HubError extends Error {
  override name = "HubException";
}

/**
 * Base class of hubs. Every public method of a subclass can be invoked by
 * clients, matched case-insensitively; use `#private` methods (or names that
 * start with `_`) for helpers. A hub instance is created for each invocation,
 * so keep state in services passed to the constructor, not in fields.
 *
 * @example
 * ```ts
 * import { Hub } from "./hub.ts";
 * class EchoHub extends Hub {
 *   async echo(text: string) {
 *     await this.clients.others.send("Echoed", text);
 *     return text;
 *   }
 * }
 * ```
 */
export abstract class Hub {
  /** Who called, through which connection. Set by the engine before each call. */
  context!: HubCallerContext;
  /** Message targets relative to the caller. Set by the engine before each call. */
  clients!: HubCallerClients;
  /** Adds and removes connections to and from groups. */
  groups!: GroupManager;
  /** Aborted when the current invocation is canceled or its connection closes. */
  signal!: AbortSignal;

  /** Called when a connection has completed its handshake. */
  onConnected(): void | Promise<void> {}

  /** Called once a connection has closed; `error` says why, if it failed. */
  onDisconnected(_error?: Error): void | Promise<void> {}
}
