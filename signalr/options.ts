/**
 * Options of a hub endpoint, with the ASP.NET Core SignalR defaults.
 *
 * @module
 */
import type { HubProtocol } from "./protocol/hub_protocol.ts";
import { jsonProtocol } from "./protocol/json_protocol.ts";
import { messagePackProtocol } from "./protocol/messagepack_protocol.ts";
import type { HubUser } from "./hub.ts";
import type { RateLimit } from "./rate_limiter.ts";
import type { Backplane } from "./lifetime/backplane.ts";
import type { HubObserver } from "./observer.ts";

/** The transports a hub can offer. */
export type TransportName = "WebSockets" | "ServerSentEvents" | "LongPolling";

/** Options of one hub endpoint. Every field is optional. */
export interface HubOptions {
  /** Send a Ping when nothing was sent for this long, in ms. @default {15000} */
  keepAliveIntervalMs?: number;
  /** Close a connection that sent nothing for this long, in ms. @default {30000} */
  clientTimeoutMs?: number;
  /** Close a connection whose handshake has not arrived within this long, in ms. @default {15000} */
  handshakeTimeoutMs?: number;
  /** Forget a negotiated connection no transport has picked up within this long, in ms. @default {15000} */
  negotiateTimeoutMs?: number;
  /** How long a long poll is held open with nothing to send, in ms. @default {90000} */
  longPollTimeoutMs?: number;
  /** The largest message a client may send, in bytes. @default {32768} */
  maximumReceiveMessageSize?: number;
  /** How many invocations of one connection may run at once. @default {1} */
  maximumParallelInvocationsPerClient?: number;
  /** Bytes a transport may hold for a client before a server stream waits for it to drain. @default {65536} */
  transportMaxBufferSize?: number;
  /**
   * Bytes a transport may hold for a client that does not read; past it the
   * connection is closed, so one stalled client never grows the server's
   * memory. @default {1048576}
   */
  maximumSendBufferSize?: number;
  /** Close a connection whose client has read nothing of what waits for it for this long, in ms. @default {10000} */
  sendTimeoutMs?: number;
  /** How many items of a client's upload may wait for the hub method. @default {10} */
  streamBufferCapacity?: number;
  /** How long `client(id).invoke(...)` waits for the client's result, in ms. @default {30000} */
  clientResultTimeoutMs?: number;
  /** Offer stateful reconnect to clients that ask for it in negotiate. @default {false} */
  allowStatefulReconnects?: boolean;
  /** Bytes of unacknowledged messages kept per connection for replay. @default {100000} */
  statefulReconnectBufferSize?: number;
  /** How long a stateful connection whose transport dropped waits for the client, in ms. @default {15000} */
  disconnectTimeoutMs?: number;
  /** Put exception details in the errors clients receive. @default {false} */
  enableDetailedErrors?: boolean;
  /** The hub protocols offered. @default {[jsonProtocol, messagePackProtocol]} */
  protocols?: readonly HubProtocol[];
  /** The transports offered. @default {["WebSockets", "ServerSentEvents", "LongPolling"]} */
  transports?: readonly TransportName[];
  /**
   * Web origins besides the hub's own that may negotiate, use the HTTP
   * transports (CORS, with credentials) and open WebSockets; `*` for any.
   * @default {[]}
   */
  allowedOrigins?: readonly string[];
  /** The most connections one user may hold on this hub; 0 for no limit. @default {0} */
  maximumConnectionsPerUser?: number;
  /** How fast one connection may invoke methods; unset for no limit. */
  invocationRateLimit?: RateLimit;
  /** Close a connection when its user's credential expires. @default {true} */
  closeOnAuthenticationExpiration?: boolean;
  /**
   * Spans the hub across processes: every process with the same backplane and
   * hub path acts as one (see `RedisBackplane`). Unset: this process only.
   */
  backplane?: Backplane;
  /**
   * Finds the user behind a request (negotiate or transport request);
   * `undefined` for an anonymous request. Throwing an `AuthenticationError`
   * (an invalid credential) answers 401. See `jwtBearer`.
   */
  authenticate?: (request: Request) => HubUser | undefined | Promise<HubUser | undefined>;
  /** Told of connections and invocations, for logs and metrics. */
  observer?: HubObserver;
  /** Where the engine reports errors it swallowed so a client never sees them. @default {console.error} */
  logError?: (message: string, error?: unknown) => void;
}

/** {@linkcode HubOptions} with every default filled in. */
export type ResolvedHubOptions =
  & Required<Omit<HubOptions, "authenticate" | "invocationRateLimit" | "backplane" | "observer">>
  & Pick<HubOptions, "authenticate" | "invocationRateLimit" | "backplane" | "observer">;

/** Fills in the defaults. */
export function resolveHubOptions(options: HubOptions = {}): ResolvedHubOptions {
  return {
    keepAliveIntervalMs: 15_000,
    clientTimeoutMs: 30_000,
    handshakeTimeoutMs: 15_000,
    negotiateTimeoutMs: 15_000,
    longPollTimeoutMs: 90_000,
    maximumReceiveMessageSize: 32 * 1024,
    maximumParallelInvocationsPerClient: 1,
    transportMaxBufferSize: 65_536,
    maximumSendBufferSize: 1024 * 1024,
    sendTimeoutMs: 10_000,
    streamBufferCapacity: 10,
    clientResultTimeoutMs: 30_000,
    allowStatefulReconnects: false,
    statefulReconnectBufferSize: 100_000,
    disconnectTimeoutMs: 15_000,
    enableDetailedErrors: false,
    allowedOrigins: [],
    maximumConnectionsPerUser: 0,
    closeOnAuthenticationExpiration: true,
    protocols: [jsonProtocol, messagePackProtocol],
    transports: ["WebSockets", "ServerSentEvents", "LongPolling"],
    logError: (message, error) => console.error(message, error ?? ""),
    ...withoutUndefined(options),
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<
    T
  >;
}
