/**
 * Replies awaited by id: the results of invocations a connection sent its
 * client (client results), and the answers a backplane request waits for
 * from another process. Each wait ends with the reply, an error, or a timeout.
 *
 * @module
 */
import { HubError } from "./hub.ts";

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * The replies waited for, by id.
 *
 * @example
 * ```ts
 * import { PendingResults } from "./client_results.ts";
 * const results = new PendingResults(30_000);
 * const result = results.expect("s0", "The client did not answer 'Ask' in time.");
 * results.settle("s0", { result: 42 });
 * await result; // 42
 * ```
 */
export class PendingResults {
  readonly #timeoutMs: number;
  readonly #pending = new Map<string, Pending>();

  /** @param timeoutMs how long a reply may take */
  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** Waits for the reply to `id`; rejects with `late` when none comes in time. */
  expect(id: string, late: string): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(id, new Error(late)), this.#timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
    });
  }

  /**
   * Settles the wait for `id` with its result or, for an error text, a
   * HubError (the other side's own text, as .NET reports it); false when
   * nothing waits for `id`.
   */
  settle(id: string, reply: { readonly error?: string; readonly result?: unknown }): boolean {
    const pending = this.#take(id);
    if (!pending) return false;
    if (reply.error !== undefined) pending.reject(new HubError(reply.error));
    else pending.resolve(reply.result);
    return true;
  }

  /** Rejects the wait for `id` with `error`, if anything waits for it. */
  fail(id: string, error: Error): void {
    this.#take(id)?.reject(error);
  }

  #take(id: string): Pending | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    return pending;
  }

  /** Rejects every wait: the connection (or process) is gone. */
  rejectAll(error: Error): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
  }
}
