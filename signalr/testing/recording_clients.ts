/**
 * Fake message targets for unit tests of hubs: every `send` and `invoke` a
 * hub makes is recorded, in order, with the target as the hub named it.
 *
 * @module
 */
import type { ClientProxy, HubCallerClients, SingleClientProxy } from "../clients.ts";

/**
 * Whom a hub sent a message to, written as the hub named it: `"caller"` for
 * `clients.caller`, `{ group: "job-1" }` for `clients.group("job-1")`,
 * `{ groupExcept: "lobby", excluded: ["c1"] }` for
 * `clients.groupExcept("lobby", ["c1"])`, and so on.
 *
 * @example
 * ```ts
 * import type { SendTarget } from "./recording_clients.ts";
 * const targets: SendTarget[] = ["caller", { othersInGroup: "lobby" }, { users: ["ann", "bob"] }];
 * ```
 */
export type SendTarget =
  | "all"
  | "caller"
  | "others"
  | { readonly allExcept: readonly string[] }
  | { readonly client: string }
  | { readonly clients: readonly string[] }
  | { readonly group: string }
  | { readonly groups: readonly string[] }
  | { readonly groupExcept: string; readonly excluded: readonly string[] }
  | { readonly othersInGroup: string }
  | { readonly user: string }
  | { readonly users: readonly string[] };

/**
 * One message a hub sent: `clients.group("job-1").send("JobProgress", 1, 50)`
 * is `{ to: { group: "job-1" }, method: "JobProgress", args: [1, 50] }`.
 *
 * @example
 * ```ts
 * import type { SentMessage } from "./recording_clients.ts";
 * const asked: SentMessage = { to: "caller", method: "Ask", args: ["2+2?"], awaitsResult: true };
 * ```
 */
export interface SentMessage {
  /** The target the hub sent to. */
  readonly to: SendTarget;
  /** The client method, e.g. `"ReceiveMessage"`. */
  readonly method: string;
  /** The arguments, as the hub passed them. */
  readonly args: readonly unknown[];
  /** Present when the hub called `invoke` (a client result), not `send`. */
  readonly awaitsResult?: true;
}

/** What the recording clients report to, and ask for client results. */
export interface ClientsRecorder {
  /** Takes one message the hub sent. */
  record(message: SentMessage): void;
  /** The client's answer to `invoke`, or the rejection it would cause. */
  answer(method: string, args: readonly unknown[]): Promise<unknown>;
}

/**
 * Builds `HubCallerClients` that report every message to `recorder`.
 *
 * @example
 * ```ts
 * import { recordingClients, type SentMessage } from "./recording_clients.ts";
 * const sent: SentMessage[] = [];
 * const clients = recordingClients({
 *   record: (message) => sent.push(message),
 *   answer: () => Promise.resolve(42),
 * });
 * await clients.group("job-1").send("JobProgress", 1, 50);
 * sent[0]; // { to: { group: "job-1" }, method: "JobProgress", args: [1, 50] }
 * ```
 */
export function recordingClients(recorder: ClientsRecorder): HubCallerClients {
  const proxy = (to: SendTarget): ClientProxy => ({
    send(method, ...args) {
      recorder.record({ to, method, args });
      return Promise.resolve();
    },
  });
  const single = (to: SendTarget): SingleClientProxy => ({
    ...proxy(to),
    invoke<T>(method: string, ...args: unknown[]) {
      recorder.record({ to, method, args, awaitsResult: true });
      return recorder.answer(method, args) as Promise<T>;
    },
  });
  return {
    all: proxy("all"),
    caller: single("caller"),
    others: proxy("others"),
    allExcept: (ids) => proxy({ allExcept: [...ids] }),
    client: (id) => single({ client: id }),
    clients: (ids) => proxy({ clients: [...ids] }),
    group: (name) => proxy({ group: name }),
    groups: (names) => proxy({ groups: [...names] }),
    groupExcept: (name, ids) => proxy({ groupExcept: name, excluded: [...ids] }),
    othersInGroup: (name) => proxy({ othersInGroup: name }),
    user: (id) => proxy({ user: id }),
    users: (ids) => proxy({ users: [...ids] }),
  };
}

/**
 * A message as the hub code that sent it reads; `to` or `args` left out show
 * as `<any>` and `…`.
 *
 * @example
 * ```ts
 * import { describeSent } from "./recording_clients.ts";
 * describeSent({ to: { group: "job-1" }, method: "JobProgress", args: [1, 50] });
 * // 'clients.group("job-1").send("JobProgress", 1, 50)'
 * ```
 */
export function describeSent(
  message: { to?: SendTarget; method: string; args?: readonly unknown[]; awaitsResult?: true },
): string {
  const target = message.to === undefined ? "<any>" : describeTarget(message.to);
  const args = message.args === undefined ? ["…"] : message.args.map(show);
  const verb = message.awaitsResult ? "invoke" : "send";
  return `clients.${target}.${verb}(${[show(message.method), ...args].join(", ")})`;
}

function describeTarget(to: SendTarget): string {
  if (typeof to === "string") return to;
  if ("excluded" in to) return `groupExcept(${show(to.groupExcept)}, ${show(to.excluded)})`;
  const [name, value] = Object.entries(to)[0];
  return `${name}(${show(value)})`;
}

function show(value: unknown): string {
  return Deno.inspect(value, { depth: 6, compact: true, breakLength: Infinity, colors: false });
}
