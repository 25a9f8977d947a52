/**
 * A local stand-in for an OpenAI-compatible chat-completions API (the only
 * thing the tests cannot reach from here): it speaks the real wire format —
 * `POST /v1/chat/completions`, server-sent `data:` chunks with
 * `choices[0].delta.content`, `data: [DONE]`, JSON error bodies — and records
 * what it was asked.
 *
 * @module
 */
import { serve, type TestServer } from "../../helpers/server.ts";

/** How the stand-in answers the next requests. */
export type Behaviour =
  | { readonly kind: "stream"; readonly chunks: readonly string[] }
  | { readonly kind: "error"; readonly status: number; readonly body: string }
  | { readonly kind: "error-chunk"; readonly message: string }
  | { readonly kind: "json"; readonly content: string }
  /** Sends `first`, then holds the stream open until the client goes away. */
  | { readonly kind: "hang"; readonly first: string };

/** A request the stand-in received. */
export interface Received {
  readonly path: string;
  readonly authorization: string | null;
  readonly body: Record<string, unknown>;
}

/** The running stand-in. */
export interface StandIn extends TestServer {
  /** The base URL to configure, ending in `/v1`. */
  readonly baseUrl: string;
  readonly received: Received[];
  behave(behaviour: Behaviour): void;
  /** Resolves when a held stream has sent its first chunk. */
  readonly streaming: Promise<void>;
  /** Resolves when a held stream was cancelled by its client. */
  readonly cancelled: Promise<void>;
}

const encoder = new TextEncoder();

/** One `data:` event of a chat-completion stream. */
function chunk(delta: Record<string, unknown>): string {
  const body = {
    id: "chatcmpl-standin",
    object: "chat.completion.chunk",
    created: 1700000000,
    model: "stand-in",
    choices: [{ index: 0, delta, finish_reason: null }],
  };
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** Starts the stand-in on a random loopback port. */
export function startStandIn(): StandIn {
  let behaviour: Behaviour = { kind: "stream", chunks: ["Hello?"] };
  let cancel!: () => void;
  const cancelled = new Promise<void>((resolve) => cancel = resolve);
  let started!: () => void;
  const streaming = new Promise<void>((resolve) => started = resolve);
  const received: Received[] = [];
  const server = serve(async (request) => {
    const path = new URL(request.url).pathname;
    received.push({
      path,
      authorization: request.headers.get("authorization"),
      body: await request.json(),
    });
    if (path !== "/v1/chat/completions") return new Response("Not Found", { status: 404 });
    const sse = { headers: { "content-type": "text/event-stream" } };
    switch (behaviour.kind) {
      case "error":
        return new Response(behaviour.body, {
          status: behaviour.status,
          headers: { "content-type": "application/json" },
        });
      case "json":
        return Response.json({
          choices: [{ index: 0, message: { role: "assistant", content: behaviour.content } }],
        });
      case "error-chunk":
        return new Response(
          chunk({ role: "assistant" }) +
            `data: ${JSON.stringify({ error: { message: behaviour.message } })}\n\n`,
          sse,
        );
      case "stream":
        return new Response(
          [
            chunk({ role: "assistant" }),
            ...behaviour.chunks.map((content) => chunk({ content })),
            "data: [DONE]\n\n",
          ].join(""),
          sse,
        );
      case "hang": {
        const first = behaviour.first;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode(chunk({ content: first })));
            started();
          },
          cancel,
        });
        return new Response(body, sse);
      }
    }
  });
  return {
    ...server,
    baseUrl: `${server.url}/v1`,
    received,
    streaming,
    cancelled,
    behave: (next) => behaviour = next,
  };
}
