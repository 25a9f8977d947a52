/**
 * Structured logs with LogTape: one JSON object per line on stdout (every
 * level, so a container's log collector reads a single stream; the level is a
 * field), for the engine's swallowed errors and for connection lifecycles.
 * Every line about a connection carries its `hub` and `connectionId` as
 * properties.
 *
 * ```json
 * {"@timestamp":"…","level":"INFO","message":"Connection \"Vx…\" opened on \"/hubs/chat\" over \"WebSockets\" (\"json\")","logger":"switchboard.hub","hub":"/hubs/chat","connectionId":"Vx…","transport":"WebSockets","protocol":"json"}
 * ```
 *
 * @module
 */
import { configureSync, getJsonLinesFormatter, getLogger, type LogLevel } from "@logtape/logtape";
import { HubError, type HubObserver } from "../signalr/mod.ts";

/** The levels `LOG_LEVEL` accepts, quietest last; `warn` is read as `warning`. */
export const LOG_LEVELS: readonly LogLevel[] = [
  "trace",
  "debug",
  "info",
  "warning",
  "error",
  "fatal",
];

/** Options of {@linkcode configureLogging}. */
export interface LoggingOptions {
  /** Receives each JSON line, without its line break. @default {console.log (stdout)} */
  readonly write?: (line: string) => void;
}

/**
 * Sends Switchboard's logs at `level` and above (`LOG_LEVEL`; default `info`)
 * to stdout as JSON lines. Calling it again replaces the configuration.
 * Throws for an unknown level, naming the accepted ones.
 *
 * @example
 * ```ts
 * import { configureLogging } from "./logging.ts";
 * configureLogging(Deno.env.get("LOG_LEVEL"));
 * ```
 */
export function configureLogging(level = "info", options: LoggingOptions = {}): void {
  const lowestLevel = parseLevel(level);
  const write = options.write ?? ((line: string) => console.log(line));
  const format = getJsonLinesFormatter({ properties: "flatten" });
  configureSync({
    reset: true,
    sinks: { stdout: (record) => write(format(record).replace(/\r?\n$/, "")) },
    loggers: [
      { category: ["switchboard"], lowestLevel, sinks: ["stdout"] },
      // LogTape's own diagnostics (a failing sink, …); quiet unless something is wrong.
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["stdout"] },
    ],
  });
}

function parseLevel(text: string): LogLevel {
  const wanted = text.trim().toLowerCase();
  const level = wanted === "warn" ? "warning" : wanted;
  const known = LOG_LEVELS.find((name) => name === level);
  if (known) return known;
  throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}; got "${text}".`);
}

/** LogTape reads `{name}` as a placeholder; engine messages may quote client input. */
function literal(text: string): string {
  return text.replaceAll("{", "{{").replaceAll("}", "}}");
}

/**
 * A `logError` for hub options: the engine's swallowed errors as `error`
 * lines of the `switchboard.engine` category, the error (name, message,
 * stack) in the `error` property.
 *
 * @example
 * ```ts
 * import { engineErrorLogger } from "./logging.ts";
 * import { Hub, mapHub } from "../signalr/mod.ts";
 * const hub = mapHub("/hubs/echo", () => new (class extends Hub {})(), {
 *   logError: engineErrorLogger(),
 * });
 * await hub.close();
 * ```
 */
export function engineErrorLogger(): (message: string, error?: unknown) => void {
  const logger = getLogger(["switchboard", "engine"]);
  return (message, error) => {
    logger.error(literal(message), error === undefined ? {} : { error });
  };
}

/**
 * A `HubObserver` that logs connections opening (`info`) and closing
 * (`info`, with the `reason` when they failed), failed invocations (`info`
 * for a `HubError` the caller was meant to see, `error` otherwise) and, at
 * `debug`, every invocation with its duration. Category `switchboard.hub`.
 *
 * @example
 * ```ts
 * import { loggingObserver } from "./logging.ts";
 * import { Hub, mapHub } from "../signalr/mod.ts";
 * const hub = mapHub("/hubs/echo", () => new (class extends Hub {})(), {
 *   observer: loggingObserver(),
 * });
 * await hub.close();
 * ```
 */
export function loggingObserver(): HubObserver {
  const root = getLogger(["switchboard", "hub"]);
  const about = (hub: string, connectionId: string) => root.with({ hub, connectionId });
  return {
    connected({ hub, connectionId, transport, protocol, userId }) {
      about(hub, connectionId).info(
        "Connection {connectionId} opened on {hub} over {transport} ({protocol})",
        { transport, protocol, ...(userId === undefined ? {} : { userId }) },
      );
    },
    disconnected({ hub, connectionId, transport, error }) {
      const logger = about(hub, connectionId);
      if (error === undefined) {
        logger.info("Connection {connectionId} closed on {hub}", { transport });
      } else {
        logger.info("Connection {connectionId} closed on {hub}: {reason}", {
          transport,
          reason: error.message,
        });
      }
    },
    invoked({ hub, connectionId, method, durationMs, error }) {
      // The common case logs at debug: build nothing when that is off.
      if (error === undefined && !root.isEnabledFor("debug")) return;
      const logger = about(hub, connectionId);
      const duration = Math.round(durationMs * 1000) / 1000;
      if (error === undefined) {
        logger.debug("{method} ran in {durationMs} ms", { method, durationMs: duration });
      } else if (error instanceof HubError) {
        logger.info("{method} refused the caller: {reason}", {
          method,
          durationMs: duration,
          reason: error.message,
        });
      } else {
        logger.error("{method} failed: {reason}", {
          method,
          durationMs: duration,
          reason: error instanceof Error ? error.message : String(error),
          error,
        });
      }
    },
  };
}
