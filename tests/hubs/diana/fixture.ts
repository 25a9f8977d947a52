/**
 * Test fixture for the Diana hub: the module served on a random loopback
 * port behind JWT authentication, official clients that record every Diana
 * event in order, and a fake brain whose lines the test releases by hand.
 *
 * @module
 */
import * as signalR from "@microsoft/signalr";
import {
  type Conversation,
  type CustomerBrain,
  dianaModule,
  type DianaOptions,
} from "../../../hubs/diana/mod.ts";
import { type HubEndpoint, jwtBearer } from "../../../signalr/mod.ts";
import { SECRET, tokenFor } from "../../helpers/tokens.ts";
import { connectTo, serve } from "../../helpers/server.ts";

/** The server → client events of the contract. */
export const DIANA_EVENTS = [
  "ProcessingStarted",
  "DianaStartsSpeaking",
  "DianaInterrupted",
  "Error",
];

/** One recorded event: its name and payload (`undefined` for DianaInterrupted). */
export interface DianaEvent {
  readonly name: string;
  readonly payload: Record<string, unknown> | undefined;
}

/** An official client signed in as one user, recording Diana's events. */
export class Trainee {
  /** Every event received, in order. */
  readonly events: DianaEvent[] = [];
  readonly connection: signalR.HubConnection;
  #taken = 0;
  #waiter: (() => void) | undefined;

  constructor(connection: signalR.HubConnection) {
    this.connection = connection;
    for (const name of DIANA_EVENTS) {
      connection.on(name, (payload?: Record<string, unknown>) => {
        this.events.push({ name, payload });
        this.#waiter?.();
      });
    }
  }

  /** Invokes a hub method. */
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    return this.connection.invoke<T>(method, ...args);
  }

  /**
   * The next event not taken yet, which must be `name`; fails on another
   * event or when none comes within `timeoutMs`.
   */
  async next(name: string, timeoutMs = 5000): Promise<Record<string, unknown> | undefined> {
    const event = await this.#nextEvent(timeoutMs, name);
    if (event.name !== name) {
      throw new Error(`Expected ${name}, got ${event.name} ${JSON.stringify(event.payload)}`);
    }
    return event.payload;
  }

  /** The events not taken yet (after a round trip, every event sent before has arrived). */
  async rest(): Promise<DianaEvent[]> {
    await this.invoke("ListScenarios");
    const rest = this.events.slice(this.#taken);
    this.#taken = this.events.length;
    return rest;
  }

  /** Takes `ProcessingStarted` then `DianaStartsSpeaking`; returns Diana's message. */
  async answer(): Promise<Record<string, unknown>> {
    await this.next("ProcessingStarted");
    return (await this.next("DianaStartsSpeaking"))!;
  }

  stop(): Promise<void> {
    return this.connection.stop();
  }

  #nextEvent(timeoutMs: number, name: string): Promise<DianaEvent> {
    if (this.#taken < this.events.length) return Promise.resolve(this.events[this.#taken++]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(new Error(`No ${name} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = () => {
        clearTimeout(timer);
        this.#waiter = undefined;
        resolve(this.events[this.#taken++]);
      };
    });
  }
}

/** What a Diana test gets. */
export interface DianaSite {
  readonly url: string;
  readonly endpoint: HubEndpoint;
  /** Connects an official client as `user`. */
  connect(user: string): Promise<Trainee>;
}

/**
 * Serves the Diana module with `options` (offline brain, no thinking delay and
 * no silence check unless told), runs `body`, and closes every client and the
 * server.
 */
export async function withDiana(
  options: DianaOptions,
  body: (site: DianaSite) => Promise<void>,
): Promise<void> {
  const module = dianaModule(
    { authenticate: jwtBearer({ algorithm: "HS256", key: SECRET }), logError: () => {} },
    { thinkMs: 0, silenceMs: 0, seed: 7, ...options },
  );
  const [endpoint] = module.endpoints;
  const server = serve((request) => endpoint.fetch(request), async () => {
    await endpoint.close();
    await module.close?.();
  });
  const trainees: Trainee[] = [];
  try {
    await body({
      url: server.url,
      endpoint,
      async connect(user) {
        const connection = await connectTo(`${server.url}/hubs/notification`, {
          accessTokenFactory: () => tokenFor(user),
        });
        const trainee = new Trainee(connection);
        trainees.push(trainee);
        return trainee;
      },
    });
  } finally {
    await Promise.all(trainees.map((trainee) => trainee.stop()));
    await server.close();
  }
}

/** One line the fake brain was asked for. */
export interface FakeLine {
  readonly conversation: Conversation;
  readonly signal: AbortSignal;
  /** Streams a chunk of the line. */
  push(chunk: string): void;
  /** Ends the line (after an optional last chunk), even if it was aborted. */
  finish(chunk?: string): void;
  /** Makes the line fail. */
  fail(error: Error): void;
  /** Resolves once the call service stopped reading the line. */
  readonly done: Promise<void>;
}

/**
 * A brain whose lines the test writes: it ignores its abort signal on
 * purpose, so only the call service's turn counter can keep a stale line
 * from being delivered.
 */
export class FakeBrain implements CustomerBrain {
  readonly lines: FakeLine[] = [];
  readonly #waiting = new Map<number, (line: FakeLine) => void>();

  /** The `index`-th line asked for (0 is the greeting), once it is. */
  line(index: number): Promise<FakeLine> {
    if (index < this.lines.length) return Promise.resolve(this.lines[index]);
    return new Promise((resolve) => this.#waiting.set(index, resolve));
  }

  async *reply(conversation: Conversation, signal: AbortSignal): AsyncIterable<string> {
    const queue: (string | Error | null)[] = [];
    let wake: (() => void) | undefined;
    let finished!: () => void;
    const line: FakeLine = {
      conversation,
      signal,
      push: (chunk) => (queue.push(chunk), wake?.()),
      finish: (chunk) => (chunk !== undefined && queue.push(chunk), queue.push(null), wake?.()),
      fail: (error) => (queue.push(error), wake?.()),
      done: new Promise((resolve) => finished = resolve),
    };
    this.lines.push(line);
    this.#waiting.get(this.lines.length - 1)?.(line);
    try {
      while (true) {
        if (queue.length === 0) await new Promise<void>((resolve) => wake = resolve);
        const item = queue.shift()!;
        if (item === null) return;
        if (item instanceof Error) throw item;
        yield item;
      }
    } finally {
      finished();
    }
  }
}

/** A fresh session GUID. */
export function newSessionId(): string {
  return crypto.randomUUID();
}
