/**
 * What a hub contract is, and the types both sides derive from one: the
 * arguments and result of each server method, the payload of each client
 * event. Types only; no runtime code, no dependency on the server or on a
 * client library, so browser code and the hubs can share a contract.
 *
 * A contract names its methods and events exactly as they travel on the wire
 * (PascalCase, as clients register them):
 *
 * @example
 * ```ts
 * import type { HubContract, InvokeResult } from "./contract.ts";
 * interface EchoContract extends HubContract {
 *   server: { Echo(text: string): string; Count(to: number): AsyncIterable<number> };
 *   client: { Echoed(text: string, at: string): void };
 * }
 * const reply: InvokeResult<EchoContract["server"], "Echo"> = "hi";
 * ```
 *
 * @module
 */

/**
 * A hub's two sides: `server` holds the methods clients invoke (a method
 * returning `AsyncIterable<T>` is a stream of `T`), `client` the events the
 * hub sends (their return type is ignored).
 */
export interface HubContract {
  /** Methods clients invoke, by wire name. */
  readonly server: object;
  /** Events the hub sends to clients, by wire name. */
  readonly client: object;
}

/** The names in `T` whose members are functions. */
export type MethodName<T> = {
  [K in keyof T & string]: T[K] extends (...args: never[]) => unknown ? K : never;
}[keyof T & string];

/** The argument list of method or event `K` of `T`; distributes over a union of names. */
export type ArgsOf<T, K extends keyof T> = K extends unknown
  ? T[K] extends (...args: infer A) => unknown ? A : never
  : never;

/** The server methods of `S` that stream (return `AsyncIterable<T>`). */
export type StreamMethodName<S> = {
  [K in MethodName<S>]: S[K] extends (...args: never[]) => AsyncIterable<unknown> ? K : never;
}[MethodName<S>];

/** The server methods of `S` that answer once (everything that does not stream). */
export type InvokeMethodName<S> = Exclude<MethodName<S>, StreamMethodName<S>>;

/** What invoking method `K` of `S` resolves with. */
export type InvokeResult<S, K extends keyof S> = S[K] extends (...args: never[]) => infer R
  ? Awaited<R>
  : never;

/** The item type of streaming method `K` of `S`. */
export type StreamItem<S, K extends keyof S> = S[K] extends
  (...args: never[]) => AsyncIterable<infer T> ? T : never;

/**
 * What an event's Observable emits: nothing (`void`) for an event without
 * arguments, the argument itself for an event with one, and the argument
 * list as a tuple for an event with several.
 */
export type EventPayload<E, K extends keyof E> = ArgsOf<E, K> extends [] ? void
  : ArgsOf<E, K> extends [infer Only] ? Only
  : ArgsOf<E, K>;

/** One event as a value: its name followed by its arguments, e.g. `["JobProgress", 3, 50]`. */
export type EventTuple<E> = {
  [K in MethodName<E>]: readonly [K, ...ArgsOf<E, K>];
}[MethodName<E>];
