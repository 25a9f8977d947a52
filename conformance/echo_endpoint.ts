/**
 * `/echo`: a raw connection endpoint, no hub protocol, that sends every frame
 * it receives straight back (the functional tests' EchoConnectionHandler).
 * Built from the engine's negotiate and transports, over all three transports.
 *
 * @module
 */
import { randomId } from "../signalr/ids.ts";
import { negotiateResponseBody, requestedNegotiateVersion } from "../signalr/negotiate.ts";
import { NO_CONNECTION, readBody, text } from "../signalr/http_responses.ts";
import type { Transport } from "../signalr/transports/transport.ts";
import { LongPollingTransport } from "../signalr/transports/long_polling.ts";
import { ServerSentEventsTransport } from "../signalr/transports/server_sent_events.ts";
import { upgradeWebSocket, WebSocketTransport } from "../signalr/transports/websocket.ts";

/** The largest echoed request body. */
const MAX_BODY = 1024 * 1024;

/** How long a long poll waits before an empty answer, in ms. */
const POLL_MS = 90_000;

/** An echo endpoint mounted at a path. */
export interface EchoEndpoint {
  /** Answers negotiate and transport requests under the path. */
  fetch(request: Request): Promise<Response>;
  /** Ends every connection. */
  close(): void;
}

/** Mounts the echo endpoint at `path`. */
export function echoEndpoint(path: string): EchoEndpoint {
  const connections = new Map<string, Transport | undefined>();

  const negotiate = (url: URL): Response => {
    const version = requestedNegotiateVersion(url);
    if (typeof version !== "number") return text(400, version.error);
    const token = randomId();
    connections.set(token, undefined);
    return new Response(
      negotiateResponseBody({
        negotiateVersion: version,
        connectionId: version === 0 ? token : randomId(),
        connectionToken: token,
        transports: ["WebSockets", "ServerSentEvents", "LongPolling"],
      }),
      { headers: { "Content-Type": "application/json" } },
    );
  };

  const attach = <T extends Transport>(
    token: string,
    create: (echo: (frame: string | Uint8Array) => void, end: () => void) => T,
  ): T => {
    const transport = create((frame) => transport.send(frame), () => connections.delete(token));
    connections.set(token, transport);
    return transport;
  };

  const transportRequest = async (request: Request, token: string): Promise<Response> => {
    if (!connections.has(token)) return text(404, NO_CONNECTION);
    const current = connections.get(token);
    if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
      return upgradeWebSocket(request, (socket) => {
        attach(
          token,
          (echo, end) => new WebSocketTransport(socket, { received: echo, closed: end }),
        );
      });
    }
    switch (request.method) {
      case "GET":
        if (request.headers.get("accept")?.includes("text/event-stream")) {
          return attach(
            token,
            (_, end) => new ServerSentEventsTransport({ received() {}, closed: end }),
          ).response;
        }
        if (current instanceof LongPollingTransport) return await current.poll();
        attach(token, (_, end) => new LongPollingTransport(POLL_MS, end));
        return new Response(null, { status: 200 });
      case "POST": {
        const body = await readBody(request, MAX_BODY);
        if (!body) return text(413, "Request body too large.");
        if (!current) return text(400, "No transport is open for this connection.");
        current.send(current.name === "ServerSentEvents" ? new TextDecoder().decode(body) : body);
        return text(200, "");
      }
      case "DELETE":
        if (!(current instanceof LongPollingTransport)) return text(400, "Not a long poll.");
        current.delete();
        return text(202, "");
      default:
        return text(405, "Method Not Allowed");
    }
  };

  return {
    async fetch(request) {
      const url = new URL(request.url);
      if (url.pathname === `${path}/negotiate`) return negotiate(url);
      const token = url.searchParams.get("id");
      if (url.pathname !== path || token === null) return text(404, "Not Found");
      return await transportRequest(request, token);
    },
    close() {
      for (const transport of connections.values()) transport?.close();
      connections.clear();
    },
  };
}
