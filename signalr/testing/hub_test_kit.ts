/**
 * Unit tests of hubs without a server: a kit gives hub instances a recording
 * context (clients, groups, caller), invokes methods as the engine does, and
 * asserts what was sent.
 *
 * @module
 */
import { AssertionError } from "node:assert";
import { isDeepStrictEqual } from "node:util";
import { isAuthorized, ruleOf } from "../auth/authorization.ts";
import type { HubCallerClients, HubContext } from "../clients.ts";
import { type Hub, HubError, type HubUser } from "../hub.ts";
import { discoverHubMethods } from "../hub_methods.ts";
import type { TransportName } from "../options.ts";
import {
  describeSent,
  recordingClients,
  type SendTarget,
  type SentMessage,
} from "./recording_clients.ts";
import { RecordingGroups } from "./recording_groups.ts";

/** How a kit's caller starts out; each is a field of the kit, changeable later. */
export interface HubTestKitOptions {
  /** The caller's connection id. @default {"connection-1"} */
  connectionId?: string;
  /** The signed-in user; unset for an anonymous caller. */
  user?: HubUser;
  /** Headers of the request that opened the connection. */
  headers?: HeadersInit;
  /** URL of that request. @default {"http://127.0.0.1/hub"} */
  url?: string;
  /** The transport's name. @default {"WebSockets"} */
  transport?: TransportName;
  /** The invocation's `signal`. @default the connection's, aborted by `context.abort()` */
  signal?: AbortSignal;
}

/**
 * The SignalR names of a hub's invocable methods, as declared or capitalized:
 * `"sendMessage"` or `"SendMessage"`. (The engine matches any case.)
 *
 * @example
 * ```ts
 * import { Hub } from "../hub.ts";
 * import type { HubMethodName } from "./hub_test_kit.ts";
 * class ChatHub extends Hub { sendMessage(_text: string) {} }
 * const name: HubMethodName<ChatHub> = "SendMessage";
 * ```
 */
export type HubMethodName<H extends Hub> = {
  [K in keyof H]: K extends keyof Hub | `_${string}` ? never
    : K extends string ? H[K] extends (...args: never[]) => unknown ? K | Capitalize<K> : never
    : never;
}[keyof H];

/** The resolved result of the method a SignalR name reaches (an async generator as is). */
export type HubMethodResult<H extends Hub, M extends string> = (
  M extends keyof H ? H[M] : Uncapitalize<M> extends keyof H ? H[Uncapitalize<M>] : never
) extends (...args: never[]) => infer R ? Awaited<R> : never;

/** What {@linkcode HubTestKit.assertSent} looks for; `to` and `args` left out match anything. */
export interface ExpectedMessage {
  readonly to?: SendTarget;
  readonly method: string;
  readonly args?: readonly unknown[];
}

/** A `waitForSent` still waiting. */
interface Waiter {
  readonly expected: ExpectedMessage;
  readonly resolve: (message: SentMessage) => void;
}

/** One connection's state: lives as long as the kit. */
interface FakeConnection {
  readonly items: Map<unknown, unknown>;
  readonly closed: AbortController;
}

/**
 * A caller for hub unit tests. `attach` wires a hub instance to the kit;
 * `invoke` calls a method by its SignalR name as the engine does. What hubs
 * send lands in `sent`, group changes in `groups`; `clientResults` answers
 * `invoke` on `clients.caller` and `clients.client(id)`; `hubContext`
 * stands in for the endpoint's context that background services send
 * through, recorded the same way. Switch
 * `connectionId` to act as another connection: each has its own `items`, all
 * share the groups.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hub } from "../hub.ts";
 * import { HubTestKit } from "./hub_test_kit.ts";
 * class RoomHub extends Hub {
 *   async join(room: string) {
 *     await this.groups.addToGroup(this.context.connectionId, room);
 *     await this.clients.othersInGroup(room).send("Joined", this.context.user?.id);
 *   }
 * }
 * const kit = new HubTestKit({ user: { id: "ann" } });
 * await kit.invoke(new RoomHub(), "Join", "lobby");
 * assert.ok(kit.groups.has("lobby"));
 * kit.assertSent({ to: { othersInGroup: "lobby" }, method: "Joined", args: ["ann"] });
 * ```
 */
export class HubTestKit {
  /** The caller's connection id. */
  connectionId: string;
  /** The caller's user; `undefined` for an anonymous caller. */
  user: HubUser | undefined;
  /** The request that opened the caller's connection. */
  request: { headers: Headers; url: string };
  /** The caller's transport name. */
  transport: TransportName;
  /** The invocation's `signal`; unset: the connection's. */
  signal: AbortSignal | undefined;
  /**
   * What clients answer to `invoke(method, ...args)`, by method name (matched
   * case-insensitively): a value, or a function of the arguments. A function
   * that throws, or a method not set, rejects as the official client makes
   * the engine reject (a `HubError`).
   */
  readonly clientResults: Map<string, unknown> = new Map();
  /** The hubs' group manager: every change, and who is in which group. */
  readonly groups: RecordingGroups;
  /** A hub context (as `HubEndpoint.context`) for background services, recorded like hubs. */
  readonly hubContext: HubContext;
  readonly #sent: SentMessage[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #connections = new Map<string, FakeConnection>();
  readonly #clients: HubCallerClients;

  /** A kit whose caller starts as `options` say. */
  constructor(options: HubTestKitOptions = {}) {
    this.connectionId = options.connectionId ?? "connection-1";
    this.user = options.user;
    this.request = {
      headers: new Headers(options.headers),
      url: options.url ?? "http://127.0.0.1/hub",
    };
    this.transport = options.transport ?? "WebSockets";
    this.signal = options.signal;
    this.groups = new RecordingGroups(() => this.connectionId);
    this.#clients = recordingClients({
      record: (message) => this.#record(message),
      answer: (method, args) => this.#answer(method, args),
    });
    this.hubContext = { clients: this.#clients, groups: this.groups };
  }

  /** Every message hubs sent through this kit, in order. */
  get sent(): readonly SentMessage[] {
    return this.#sent;
  }

  /** The caller's connection items (`context.items`). */
  get items(): Map<unknown, unknown> {
    return this.#connection().items;
  }

  /** Whether hub code closed the caller's connection with `context.abort()`. */
  get aborted(): boolean {
    return this.#connection().closed.signal.aborted;
  }

  /**
   * Gives `hub` the kit's current caller, clients, groups and signal, and
   * returns it: call its methods directly, lifecycle ones included.
   */
  attach<H extends Hub>(hub: H): H {
    const connection = this.#connection();
    hub.context = {
      connectionId: this.connectionId,
      user: this.user,
      userIdentifier: this.user?.id,
      items: connection.items,
      request: this.request,
      transport: this.transport,
      connectionAborted: connection.closed.signal,
      abort: () => connection.closed.abort(),
    };
    hub.clients = this.#clients;
    hub.groups = this.groups;
    hub.signal = this.signal ?? connection.closed.signal;
    return hub;
  }

  /**
   * Calls `method` on `hub` as the engine would for the kit's caller: found
   * case-insensitively, the argument count checked, `@authorize` rules (the
   * hub's and the method's) checked against `user`. A refusal rejects with the
   * engine's error text, e.g. "Failed to invoke 'X' because user is
   * unauthorized"; an error the method throws rejects unchanged. A streaming
   * method resolves with its async iterable.
   */
  async invoke<H extends Hub, M extends HubMethodName<H>>(
    hub: H,
    method: M,
    ...args: unknown[]
  ): Promise<HubMethodResult<H, M>> {
    const hubRule = ruleOf(hub.constructor);
    if (hubRule && !(await isAuthorized(this.user, hubRule))) {
      throw new Error(
        this.user
          ? "Failed to connect: the user does not satisfy the hub's rule (negotiate answers 403)."
          : "Failed to connect: the hub requires a signed-in user (negotiate answers 401).",
      );
    }
    const found = discoverHubMethods(hub).get(method.toLowerCase());
    const failed = `Failed to invoke '${method}' due to an error on the server.`;
    if (!found) throw new Error(`${failed} HubException: Method does not exist.`);
    if (args.length !== found.parameterCount) {
      throw new Error(
        `${failed} InvalidDataException: Invocation provides ${args.length} argument(s) but target expects ${found.parameterCount}.`,
      );
    }
    if (found.rule && !(await isAuthorized(this.user, found.rule))) {
      throw new Error(`Failed to invoke '${method}' because user is unauthorized`);
    }
    return await found.invoke(this.attach(hub), args) as HubMethodResult<H, M>;
  }

  /**
   * Asserts that some message matched `expected` and returns the first that
   * did; the failure lists every message that was sent.
   */
  assertSent(expected: ExpectedMessage): SentMessage {
    const found = this.#sent.find((sent) => matches(sent, expected));
    if (found) return found;
    const lines = this.#sent.map((sent, i) => `\n  ${i + 1}. ${describeSent(sent)}`);
    const what = lines.length ? `:${lines.join("")}` : " nothing.";
    throw new AssertionError({
      message: `Expected ${describeSent(expected)}, but the hub sent${what}`,
    });
  }

  /**
   * Resolves with the first message matching `expected`, sent already or
   * later: for what background work sends after a method has returned. If no
   * such message ever comes, Deno reports the test's promise as never resolved.
   */
  waitForSent(expected: ExpectedMessage): Promise<SentMessage> {
    const found = this.#sent.find((sent) => matches(sent, expected));
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.#waiters.push({ expected, resolve }));
  }

  /** Forgets the messages sent so far (after arranging a test, before acting). */
  clearSent(): void {
    this.#sent.length = 0;
  }

  #record(message: SentMessage): void {
    this.#sent.push(message);
    const woken = this.#waiters.filter((waiter) => matches(message, waiter.expected));
    for (const waiter of woken) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  }

  #connection(): FakeConnection {
    let connection = this.#connections.get(this.connectionId);
    if (!connection) {
      connection = { items: new Map(), closed: new AbortController() };
      this.#connections.set(this.connectionId, connection);
    }
    return connection;
  }

  async #answer(method: string, args: readonly unknown[]): Promise<unknown> {
    const key = [...this.clientResults.keys()].find((name) =>
      name.toLowerCase() === method.toLowerCase()
    );
    if (key === undefined) throw new HubError("Client didn't provide a result.");
    const result = this.clientResults.get(key);
    if (typeof result !== "function") return result;
    try {
      return await result(...args);
    } catch (error) {
      throw new HubError(`${error}`);
    }
  }
}

function matches(sent: SentMessage, expected: ExpectedMessage): boolean {
  return sent.method === expected.method &&
    (expected.to === undefined || isDeepStrictEqual(sent.to, expected.to)) &&
    (expected.args === undefined || isDeepStrictEqual(sent.args, expected.args));
}
