/**
 * A stream a client uploads to a hub method: items pushed by the dispatcher,
 * read by the method as an async iterable.
 *
 * @module
 */

/**
 * An async iterable fed from outside. `push` resolves once the item fits in
 * the buffer, so a caller that awaits it never lets the buffer grow past
 * `capacity`.
 *
 * @example
 * ```ts
 * import { StreamChannel } from "./stream_channel.ts";
 * const channel = new StreamChannel<string>(10);
 * await channel.push("a");
 * channel.end();
 * for await (const item of channel) console.log(item); // "a"
 * ```
 */
export class StreamChannel<T> implements AsyncIterable<T> {
  readonly #capacity: number;
  readonly #items: T[] = [];
  #ended = false;
  #error: Error | undefined;
  #readerWaiting: (() => void) | undefined;
  #writersWaiting: (() => void)[] = [];

  /** @param capacity how many items may wait for the reader */
  constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** Adds an item; resolves when it is buffered. Items after the end are dropped. */
  async push(item: T): Promise<void> {
    while (!this.#ended && this.#items.length >= this.#capacity) {
      await new Promise<void>((resolve) => this.#writersWaiting.push(resolve));
    }
    if (this.#ended) return;
    this.#items.push(item);
    this.#wakeReader();
  }

  /** Ends the stream, with an error the reader will see if given. */
  end(error?: Error): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#wakeReader();
    this.#wakeWriters();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    while (true) {
      if (this.#items.length > 0) {
        yield this.#items.shift()!;
        this.#wakeWriters();
        continue;
      }
      if (this.#ended) {
        if (this.#error) throw this.#error;
        return;
      }
      await new Promise<void>((resolve) => this.#readerWaiting = resolve);
    }
  }

  #wakeReader(): void {
    const wake = this.#readerWaiting;
    this.#readerWaiting = undefined;
    wake?.();
  }

  #wakeWriters(): void {
    const waiting = this.#writersWaiting;
    this.#writersWaiting = [];
    for (const wake of waiting) wake();
  }
}
