/**
 * Client results of one connection: invocations the server sent to the
 * client and whose Completion it awaits.
 *
 * @module
 */
import { HubError } from "./hub.ts";
import type { CompletionMessage } from "./protocol/messages.ts";

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * The results a connection waits for, by invocation id.
 *
 * @example
 * ```ts
 * import { PendingResults } from "./client_results.ts";
 * const results = new PendingResults(30_000);
 * const { invocationId, result } = results.expect("Ask");
 * results.settle({ type: 3, invocationId, result: 42, hasResult: true });
 * await result; // 42
 * ```
 */
export class PendingResults {
  readonly #timeoutMs: number;
  readonly #pending = new Map<string, Pending>();
  #nextId = 0;

  /** @param timeoutMs how long a client may take to answer */
  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** A fresh invocation id, and the result the client will answer it with. */
  expect(target: string): { invocationId: string; result: Promise<unknown> } {
    const invocationId = `s${this.#nextId++}`;
    const result = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(invocationId);
        reject(new Error(`The client did not answer '${target}' in time.`));
      }, this.#timeoutMs);
      this.#pending.set(invocationId, { resolve, reject, timer });
    });
    return { invocationId, result };
  }

  /** Settles the result a Completion answers; false if it answers something else. */
  settle(message: CompletionMessage): boolean {
    const pending = this.#pending.get(message.invocationId);
    if (!pending) return false;
    this.#pending.delete(message.invocationId);
    clearTimeout(pending.timer);
    // The client's own error text, as .NET reports it: a HubException.
    if (message.error !== undefined) pending.reject(new HubError(message.error));
    else pending.resolve(message.result);
    return true;
  }

  /** Rejects every pending result: the connection is gone. */
  rejectAll(error: Error): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
  }
}
