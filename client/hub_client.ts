/**
 * The typed hub client: the official `HubConnection` underneath, its calls
 * typed by a hub contract, its events and connection state as RxJS
 * Observables (the seeds' bridge pattern), and group re-joining after every
 * reconnect.
 *
 * @module
 */
import { type HubConnection, HubConnectionState } from "@microsoft/signalr";
import { BehaviorSubject, distinctUntilChanged, Observable, Subject } from "rxjs";
import type {
  ArgsOf,
  EventPayload,
  HubContract,
  InvokeMethodName,
  InvokeResult,
  MethodName,
  StreamItem,
  StreamMethodName,
} from "./contract.ts";
import { buildConnection, type HubClientOptions } from "./options.ts";

/**
 * Where the connection is. `connected` means usable: after a (re)connect it
 * is published once every `rejoin` action has run.
 */
export type ConnectionState = "disconnected" | "connecting" | "connected" | "reconnecting";

/**
 * A hub connection typed by contract `C`.
 *
 * @example
 * ```ts
 * import { hubClient } from "./hub_client.ts";
 * interface Echo {
 *   server: { Echo(text: string): string };
 *   client: { Echoed(text: string): void };
 * }
 * const echo = hubClient<Echo>("http://127.0.0.1:8000/hubs/echo");
 * echo.state$.subscribe((state) => console.log(state));
 * echo.on("Echoed").subscribe((text) => console.log(text));
 * // await echo.start(); const reply: string = await echo.invoke("Echo", "hi");
 * ```
 */
export class HubClient<C extends HubContract> {
  /** The official connection underneath, for what this class does not cover. */
  readonly connection: HubConnection;
  /** The connection state now and on every change. */
  readonly state$: Observable<ConnectionState>;
  /**
   * Emits each time the connection closes for good: after `stop()`, once
   * reconnect retries run out, or on a drop without automatic reconnect;
   * with the error the official client gives, if any.
   */
  readonly closed$: Observable<Error | undefined>;
  /** Emits what a `rejoin` action threw. */
  readonly errors$: Observable<unknown>;

  readonly #state = new BehaviorSubject<ConnectionState>("disconnected");
  readonly #closed = new Subject<Error | undefined>();
  readonly #errors = new Subject<unknown>();
  readonly #rejoins = new Set<() => unknown>();
  /** Counts closes: a (re)connect that finished after a close must not claim `connected`. */
  #closes = 0;

  /** Wraps an official connection; `hubClient(url, options)` builds one for you. */
  constructor(connection: HubConnection) {
    this.connection = connection;
    this.state$ = this.#state.pipe(distinctUntilChanged());
    this.closed$ = this.#closed.asObservable();
    this.errors$ = this.#errors.asObservable();
    connection.onreconnecting(() => this.#state.next("reconnecting"));
    connection.onreconnected(() => void this.#connected());
    connection.onclose((error) => {
      this.#closes++;
      this.#state.next("disconnected");
      this.#closed.next(error);
    });
  }

  /** The connection state now. */
  get state(): ConnectionState {
    return this.#state.value;
  }

  /**
   * Connects, then runs every `rejoin` action; rejects if the connection
   * cannot be made, or is not disconnected (the state stays as it is then).
   */
  async start(): Promise<void> {
    // The official client rejects with its own explanation.
    if (this.connection.state !== HubConnectionState.Disconnected) return this.connection.start();
    this.#state.next("connecting");
    try {
      await this.connection.start();
    } catch (error) {
      this.#state.next("disconnected");
      throw error;
    }
    await this.#connected();
  }

  /** Closes the connection; no reconnect follows. */
  async stop(): Promise<void> {
    await this.connection.stop();
  }

  /** Invokes server method `method` and resolves with its result. */
  invoke<K extends InvokeMethodName<C["server"]>>(
    method: K,
    ...args: ArgsOf<C["server"], K>
  ): Promise<InvokeResult<C["server"], K>> {
    return this.connection.invoke(method, ...args);
  }

  /** Invokes server method `method` without waiting for it to run. */
  send<K extends InvokeMethodName<C["server"]>>(
    method: K,
    ...args: ArgsOf<C["server"], K>
  ): Promise<void> {
    return this.connection.send(method, ...args);
  }

  /**
   * The items of streaming server method `method`: it is invoked on each
   * subscription; unsubscribing before the end cancels it on the server.
   */
  stream<K extends StreamMethodName<C["server"]>>(
    method: K,
    ...args: ArgsOf<C["server"], K>
  ): Observable<StreamItem<C["server"], K>> {
    return new Observable((subscriber) => {
      let ended = false;
      const items = this.connection.stream<StreamItem<C["server"], K>>(method, ...args);
      const subscription = items.subscribe({
        next: (item) => subscriber.next(item),
        error: (error) => {
          ended = true;
          subscriber.error(error);
        },
        complete: () => {
          ended = true;
          subscriber.complete();
        },
      });
      // Cancel on the server only a stream that is still running.
      return () => {
        if (!ended) subscription.dispose();
      };
    });
  }

  /**
   * Event `event` as an Observable: each subscription registers a handler on
   * the connection and unsubscribing removes it. Emits the argument of a
   * one-argument event, the argument tuple of a longer one, nothing of an
   * event without arguments (see `EventPayload`).
   */
  on<K extends MethodName<C["client"]>>(event: K): Observable<EventPayload<C["client"], K>> {
    type Payload = EventPayload<C["client"], K>;
    return new Observable<Payload>((subscriber) => {
      const handler = (...args: unknown[]) => {
        const payload = args.length === 0 ? undefined : args.length === 1 ? args[0] : args;
        subscriber.next(payload as Payload);
      };
      this.connection.on(event, handler);
      return () => this.connection.off(event, handler);
    });
  }

  /**
   * Runs `action` after every (re)connect from now on (a `start()`, or an
   * automatic reconnect), before the state turns `connected`: the server
   * forgets a connection's groups, so this is where to join them again.
   * Not run at once. Returns a function that removes it; its errors go to
   * `errors$`.
   *
   * @example
   * ```ts
   * import { hubClient } from "./hub_client.ts";
   * import type { ChatContract } from "../hubs/chat/contract.ts";
   * const chat = hubClient<ChatContract>("http://127.0.0.1:8000/hubs/chat");
   * const stopRejoining = chat.rejoin(() => chat.invoke("JoinRoom", "Ann", "lobby"));
   * stopRejoining();
   * ```
   */
  rejoin(action: () => unknown): () => void {
    // A fresh entry: a function registered twice runs twice, and each removal removes one.
    const entry = () => action();
    this.#rejoins.add(entry);
    return () => this.#rejoins.delete(entry);
  }

  async #connected(): Promise<void> {
    const closes = this.#closes;
    await Promise.all([...this.#rejoins].map(async (action) => {
      try {
        await action();
      } catch (error) {
        this.#errors.next(error);
      }
    }));
    const stillUp = this.connection.state === HubConnectionState.Connected;
    if (stillUp && closes === this.#closes) this.#state.next("connected");
  }
}

/**
 * A {@linkcode HubClient} for contract `C` on a new official connection to
 * `url` (not started yet).
 *
 * @example
 * ```ts
 * import { hubClient } from "./hub_client.ts";
 * import type { JobContract } from "../hubs/jobs/contract.ts";
 * const jobs = hubClient<JobContract>("http://127.0.0.1:8000/hubs/job", {
 *   accessTokenFactory: () => "a bearer token",
 *   reconnect: [0, 2000, 5000, 10000],
 * });
 * ```
 */
export function hubClient<C extends HubContract>(
  url: string,
  options: HubClientOptions = {},
): HubClient<C> {
  return new HubClient<C>(buildConnection(url, options));
}
