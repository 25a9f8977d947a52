/**
 * The customer brain on an OpenAI-compatible chat-completions API: streams the
 * line with `stream: true` and reads the server-sent `data:` chunks
 * (`choices[0].delta.content`, ending with `[DONE]`). The call service still
 * decides mood, cue and ending; the model only finds the words.
 *
 * @module
 */
import { BrainError, type Conversation, type CustomerBrain } from "./brain.ts";
import { chatMessages } from "./prompt.ts";
import { sseData } from "./sse.ts";

/** Where and how to reach the model. */
export interface LlmBrainOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:11434/v1`; `/chat/completions` is appended. */
  readonly baseUrl: string;
  /** The model name, e.g. `gpt-4o-mini`. */
  readonly model: string;
  /** Sent as `Authorization: Bearer …` when set. */
  readonly apiKey?: string;
  /** Sampling temperature. @default {0.8} */
  readonly temperature?: number;
  /** The most tokens per line. @default {160} */
  readonly maxTokens?: number;
  /** Give up on a line that takes longer, in ms. @default {30000} */
  readonly timeoutMs?: number;
}

/** The longest error text from the API shown to the trainee. */
const MAX_ERROR_TEXT = 300;

/**
 * Diana's lines from a language model.
 *
 * @example
 * ```ts
 * import { LlmBrain } from "./llm_brain.ts";
 * const brain = new LlmBrain({ baseUrl: "http://127.0.0.1:11434/v1", model: "llama3.2" });
 * ```
 */
export class LlmBrain implements CustomerBrain {
  readonly #url: string;
  readonly #options: LlmBrainOptions;

  /** A brain that asks `options.model` at `options.baseUrl`. */
  constructor(options: LlmBrainOptions) {
    this.#url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
    this.#options = options;
  }

  /** Streams the model's line; throws a {@linkcode BrainError} when the API fails. */
  async *reply(conversation: Conversation, signal: AbortSignal): AsyncIterable<string> {
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new BrainError("The language model took too long to answer.")),
      this.#options.timeoutMs ?? 30_000,
    );
    const aborted = AbortSignal.any([signal, timeout.signal]);
    try {
      const response = await this.#request(conversation, aborted);
      if (!response.ok) throw new BrainError(await describeFailure(response));
      if (!response.headers.get("content-type")?.includes("text/event-stream")) {
        yield contentOf(await response.json(), "message");
        return;
      }
      for await (const data of sseData(response.body!)) {
        if (data === "[DONE]") return;
        const content = contentOf(parseChunk(data), "delta");
        if (content) yield content;
      }
    } catch (error) {
      throw timeout.signal.aborted && !signal.aborted ? timeout.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  }

  async #request(conversation: Conversation, signal: AbortSignal): Promise<Response> {
    const { apiKey, model, temperature = 0.8, maxTokens = 160 } = this.#options;
    try {
      return await fetch(this.#url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify({
          model,
          stream: true,
          temperature,
          max_tokens: maxTokens,
          messages: chatMessages(conversation),
        }),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new BrainError(`The language model could not be reached: ${(error as Error).message}`);
    }
  }
}

/** The text of one chunk (`delta`) or of a whole answer (`message`). */
function contentOf(body: unknown, field: "delta" | "message"): string {
  const error = (body as { error?: { message?: unknown } })?.error;
  if (error) throw new BrainError(`The language model failed: ${textOf(error.message)}`);
  const choice = (body as { choices?: Record<string, { content?: unknown }>[] })?.choices?.[0];
  const content = choice?.[field]?.content;
  return typeof content === "string" ? content : "";
}

function parseChunk(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new BrainError("The language model sent a chunk that is not JSON.");
  }
}

/** "The language model answered 500: …", with the API's own error message when it has one. */
async function describeFailure(response: Response): Promise<string> {
  const body = await response.text().catch(() => "");
  let detail = body;
  try {
    const message = JSON.parse(body)?.error?.message;
    if (typeof message === "string") detail = message;
  } catch {
    // Not JSON: the text itself.
  }
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  return `The language model answered ${status}${detail ? `: ${textOf(detail)}` : "."}`;
}

function textOf(value: unknown): string {
  return String(value ?? "unknown error").trim().slice(0, MAX_ERROR_TEXT);
}
