/**
 * Write coalescing: the frames written to a connection while the server
 * works through what it received are sent together, as one transport send
 * (one WebSocket frame, one SSE event), once that work is done. Several
 * SignalR messages in one frame is what the protocol allows and what ASP.NET
 * Core's pipes do; a burst then costs one system call per connection instead
 * of one per message.
 *
 * @module
 */
import type { Frame } from "./protocol/hub_protocol.ts";
import { joinFrames } from "./frames.ts";

/**
 * The frames waiting for one connection's next send.
 *
 * @example
 * ```ts
 * import { Outbox } from "./outbox.ts";
 * const outbox = new Outbox();
 * outbox.add('{"type":6}\x1e'); // true: it was empty
 * outbox.add('{"type":6}\x1e'); // false
 * outbox.take(); // '{"type":6}\x1e{"type":6}\x1e'
 * outbox.take(); // undefined
 * ```
 */
export class Outbox {
  #frames: Frame | Frame[] | undefined;

  /** Queues a frame; true when the outbox was empty, so the caller schedules a flush. */
  add(frame: Frame): boolean {
    const queued = this.#frames;
    if (queued === undefined) {
      this.#frames = frame;
      return true;
    }
    if (Array.isArray(queued)) queued.push(frame);
    else this.#frames = [queued, frame];
    return false;
  }

  /** Everything queued as one frame, in order; `undefined` when nothing is. Empties the outbox. */
  take(): Frame | undefined {
    const queued = this.#frames;
    this.#frames = undefined;
    return Array.isArray(queued) ? joinFrames(queued) : queued;
  }

  /** Drops what is queued. */
  clear(): void {
    this.#frames = undefined;
  }
}

/** Something with frames to send once the current work is done. */
export interface Flushable {
  /** Sends what was queued; handles its own failures (see {@linkcode scheduleFlush}). */
  flush(): void;
}

let scheduled: Flushable[] = [];

/**
 * Calls `target.flush()` once the work under way (the current task and the
 * microtasks it queued before this call) is done. One microtask serves every
 * connection that waits, however many.
 */
export function scheduleFlush(target: Flushable): void {
  if (scheduled.push(target) === 1) queueMicrotask(flushScheduled);
}

function flushScheduled(): void {
  const targets = scheduled;
  scheduled = [];
  for (const target of targets) {
    try {
      target.flush();
    } catch (error) {
      // A target's own failure must never keep the others' frames from leaving.
      console.error("A connection failed to send its queued messages", error);
    }
  }
}
