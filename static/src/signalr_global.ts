/**
 * Stands in for `@microsoft/signalr` in the page bundles (scripts/bundle.ts
 * maps the package here): every page loads the official browser client once,
 * from /lib/signalr/signalr.min.js, as the global `signalR`, and the bundled
 * typed client uses that one. Exports the values the typed client needs.
 *
 * @module
 */
import type * as SignalR from "@microsoft/signalr";

const signalR = (globalThis as unknown as { signalR?: typeof SignalR }).signalR;
if (!signalR) {
  throw new Error("Load /lib/signalr/signalr.min.js before the page script: it needs `signalR`.");
}

/** The official client's connection builder. */
export const HubConnectionBuilder = signalR.HubConnectionBuilder;
/** The official client's connection states. */
export const HubConnectionState = signalR.HubConnectionState;
/** The official client's log levels. */
export const LogLevel = signalR.LogLevel;
