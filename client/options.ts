/**
 * How a typed hub client connects: the options, and the official
 * `HubConnectionBuilder` calls they stand for.
 *
 * @module
 */
import {
  type HttpTransportType,
  type HubConnection,
  HubConnectionBuilder,
  type IHttpConnectionOptions,
  type IHubProtocol,
  type ILogger,
  type IRetryPolicy,
  LogLevel,
} from "@microsoft/signalr";

/** Options of {@linkcode buildConnection} and `hubClient`. Every field is optional. */
export interface HubClientOptions {
  /**
   * Returns the bearer token, called before every (re)connect: a sign-in or
   * sign-out applies from the next one. WebSockets carry it in the
   * `access_token` query parameter, the other transports in a header.
   */
  readonly accessTokenFactory?: () => string | Promise<string>;
  /**
   * Automatic reconnect: the delays in ms before each attempt (`[2000, 5000,
   * 10000]` tries three times, then gives up), a retry policy, or `false` for
   * none. @default {[0, 2000, 10000, 30000]}
   */
  readonly reconnect?: readonly number[] | IRetryPolicy | false;
  /** How much the official client logs, or where. @default {LogLevel.Warning} */
  readonly logger?: LogLevel | ILogger;
  /** Which transports may be used. @default {every transport, best first} */
  readonly transport?: HttpTransportType;
  /** The hub protocol, e.g. MessagePack from `@microsoft/signalr-protocol-msgpack`. @default {JSON} */
  readonly protocol?: IHubProtocol;
  /** Resend what a brief drop lost, when the server allows it. @default {false} */
  readonly statefulReconnect?: boolean;
  /** Any other option of the official client's `withUrl`. */
  readonly http?: Omit<IHttpConnectionOptions, "accessTokenFactory" | "logger" | "transport">;
}

/**
 * An official `HubConnection` to `url` built from `options`.
 *
 * @example
 * ```ts
 * import { buildConnection } from "./options.ts";
 * const connection = buildConnection("http://127.0.0.1:8000/hubs/chat", {
 *   reconnect: [0, 1000, 5000],
 * });
 * ```
 */
export function buildConnection(url: string, options: HubClientOptions = {}): HubConnection {
  const http: IHttpConnectionOptions = { ...options.http };
  if (options.accessTokenFactory) http.accessTokenFactory = options.accessTokenFactory;
  if (options.transport !== undefined) http.transport = options.transport;
  const builder = new HubConnectionBuilder()
    .withUrl(url, http)
    .configureLogging(options.logger ?? LogLevel.Warning);
  withReconnect(builder, options.reconnect);
  if (options.protocol) builder.withHubProtocol(options.protocol);
  if (options.statefulReconnect) builder.withStatefulReconnect();
  return builder.build();
}

function withReconnect(builder: HubConnectionBuilder, reconnect: HubClientOptions["reconnect"]) {
  if (reconnect === undefined) builder.withAutomaticReconnect();
  else if (reconnect === false) return; // a drop closes the connection
  else if ("nextRetryDelayInMilliseconds" in reconnect) builder.withAutomaticReconnect(reconnect);
  else builder.withAutomaticReconnect([...reconnect]);
}
