/**
 * A lifetime manager that spans processes through a publish/subscribe
 * backplane (Redis in production). Each process delivers to its own
 * connections directly and publishes once for the others; group commands and
 * client results travel to the process that holds the connection.
 *
 * @module
 */
import type { HubConnection } from "../connection.ts";
import { PendingResults } from "../client_results.ts";
import { randomId } from "../ids.ts";
import type { HubProtocol } from "../protocol/hub_protocol.ts";
import { MessageType } from "../protocol/messages.ts";
import { SerializedMessage } from "../serialized_message.ts";
import {
  type BackplaneMessage,
  decodeBackplaneMessage,
  encodeBackplaneMessage,
} from "./backplane_protocol.ts";
import type { Audience, HubLifetimeManager } from "./lifetime_manager.ts";
import { MemoryLifetimeManager } from "./memory.ts";

/** A publish/subscribe transport between processes. */
export interface Backplane {
  /**
   * Publishes `payload` on `channel`; resolves with how many subscribers got
   * it, rejects while the backplane is unreachable.
   */
  publish(channel: string, payload: Uint8Array): Promise<number>;
  /** Calls `onMessage` for every payload on `channel` until unsubscribed. */
  subscribe(channel: string, onMessage: (payload: Uint8Array) => void): Promise<void>;
  /** Stops listening on `channel`. */
  unsubscribe(channel: string): Promise<void>;
  /** Whether messages can flow right now. */
  readonly healthy: boolean;
}

/** Settings of a {@linkcode BackplaneLifetimeManager}. */
export interface BackplaneManagerOptions {
  /** Prefix of every channel, unique per hub (e.g. the hub path). */
  readonly channelPrefix: string;
  /** Every protocol the hub speaks: invocations are published serialized in each. */
  readonly protocols: readonly HubProtocol[];
  /** How long group commands and client results wait for the other process, in ms. */
  readonly timeoutMs: number;
  /** Where errors that reach no client go. */
  readonly logError: (message: string, error?: unknown) => void;
}

/** How many recent message ids are kept to drop copies that arrive on several channels. */
const SEEN_CAPACITY = 4096;

/** A lifetime manager whose audiences span every process on the backplane. */
export class BackplaneLifetimeManager implements HubLifetimeManager {
  /** This process's name on the backplane. */
  readonly serverId = randomId();
  readonly #local = new MemoryLifetimeManager();
  readonly #backplane: Backplane;
  readonly #options: BackplaneManagerOptions;
  readonly #subscribed = new Set<string>();
  readonly #pending: PendingResults;
  readonly #seen = new Set<string>();
  readonly #ready: Promise<void>;

  /** Subscribes to the hub's shared channels. */
  constructor(backplane: Backplane, options: BackplaneManagerOptions) {
    this.#backplane = backplane;
    this.#options = options;
    this.#pending = new PendingResults(options.timeoutMs);
    this.#ready = Promise.all([
      this.#ensure(this.#channel("all")),
      this.#ensure(this.#channel("groups")),
      this.#ensure(this.#channel(`server:${this.serverId}`)),
    ]).then(() => {});
  }

  /** Local connections of this process. */
  get connectionCount(): number {
    return this.#local.connectionCount;
  }

  /** Groups with members on this process. */
  get groupCount(): number {
    return this.#local.groupCount;
  }

  /** Whether the backplane is reachable. */
  get healthy(): boolean {
    return this.#backplane.healthy;
  }

  async onConnected(connection: HubConnection): Promise<void> {
    await this.#ready;
    await this.#local.onConnected(connection);
    await this.#ensure(this.#channel(`conn:${connection.connectionId}`));
    const userId = connection.user?.id;
    if (userId !== undefined) await this.#ensure(this.#channel(`user:${userId}`));
  }

  async onDisconnected(connection: HubConnection): Promise<void> {
    const groups = [...connection.groups];
    await this.#local.onDisconnected(connection);
    await this.#release(this.#channel(`conn:${connection.connectionId}`));
    for (const group of groups) {
      if (!this.#local.hasGroup(group)) await this.#release(this.#channel(`group:${group}`));
    }
    const userId = connection.user?.id;
    if (userId !== undefined && !this.#local.hasUser(userId)) {
      await this.#release(this.#channel(`user:${userId}`));
    }
  }

  async send(audience: Audience, target: string, args: readonly unknown[]): Promise<void> {
    await this.#ready;
    const message = new SerializedMessage({
      type: MessageType.Invocation,
      target,
      arguments: args,
    });
    this.#local.deliver(audience, message);
    const channels = this.#channelsFor(audience);
    if (channels.length === 0) return;
    const payload = encodeBackplaneMessage({
      kind: "invocation",
      id: randomId(),
      sender: this.serverId,
      audience,
      target,
      frames: message.framesFor(this.#options.protocols),
    });
    await Promise.all(channels.map((channel) => this.#publish(channel, payload, false)));
  }

  async addToGroup(connectionId: string, group: string): Promise<void> {
    await this.#groupCommand("add", connectionId, group);
  }

  async removeFromGroup(connectionId: string, group: string): Promise<void> {
    await this.#groupCommand("remove", connectionId, group);
  }

  async invoke(connectionId: string, target: string, args: readonly unknown[]): Promise<unknown> {
    const local = this.#local.connection(connectionId);
    if (local) return await local.invoke(target, args);
    await this.#ready;
    const id = randomId();
    const message: BackplaneMessage = {
      kind: "invoke",
      id,
      sender: this.serverId,
      connectionId,
      target,
      args: [...args],
    };
    return await this.#request(id, this.#channel(`conn:${connectionId}`), message, {
      late: `The client did not answer '${target}' in time.`,
      nobody: `Connection '${connectionId}' does not exist.`,
    });
  }

  async #groupCommand(action: "add" | "remove", connectionId: string, group: string) {
    if (this.#local.connection(connectionId)) {
      return await this.#applyGroup(action, connectionId, group);
    }
    await this.#ready;
    const id = randomId();
    await this.#request(
      id,
      this.#channel("groups"),
      { kind: "group", id, sender: this.serverId, action, connectionId, group },
      { late: `No process acknowledged adding or removing connection '${connectionId}' in time.` },
    );
  }

  async #applyGroup(action: "add" | "remove", connectionId: string, group: string) {
    const channel = this.#channel(`group:${group}`);
    if (action === "add") {
      await this.#local.addToGroup(connectionId, group);
      await this.#ensure(channel);
    } else {
      await this.#local.removeFromGroup(connectionId, group);
      if (!this.#local.hasGroup(group)) await this.#release(channel);
    }
  }

  /**
   * Publishes a request and waits for the reply addressed to this process:
   * `late` when none comes in time, `nobody` (if given) at once when no
   * process listens on the channel.
   */
  #request(
    id: string,
    channel: string,
    message: BackplaneMessage,
    errors: { readonly late: string; readonly nobody?: string },
  ): Promise<unknown> {
    const reply = this.#pending.expect(id, errors.late);
    this.#publish(channel, encodeBackplaneMessage(message), true).then((receivers) => {
      if (receivers === 0 && errors.nobody) this.#pending.fail(id, new Error(errors.nobody));
    }, (error: Error) => this.#pending.fail(id, error));
    return reply;
  }

  #receive(payload: Uint8Array): void {
    let message: BackplaneMessage;
    try {
      message = decodeBackplaneMessage(payload);
    } catch (error) {
      this.#options.logError("Dropped an unreadable backplane message", error);
      return;
    }
    switch (message.kind) {
      case "invocation":
        // Sent to several channels this process listens on, it arrives once per channel.
        if (message.sender === this.serverId || this.#seenBefore(message.id)) return;
        this.#local.deliver(
          message.audience,
          new SerializedMessage(
            { type: MessageType.Invocation, target: message.target, arguments: [] },
            message.frames,
          ),
        );
        return;
      case "group":
        if (!this.#local.connection(message.connectionId)) return;
        void this.#applyGroup(message.action, message.connectionId, message.group)
          .then(() => this.#reply(message.sender, { kind: "ack", id: message.id }))
          .catch((error) => this.#options.logError("Applying a group command", error));
        return;
      case "invoke": {
        const connection = this.#local.connection(message.connectionId);
        if (!connection) return;
        void connection.invoke(message.target, message.args).then(
          (result) => this.#reply(message.sender, { kind: "result", id: message.id, result }),
          (error: Error) =>
            this.#reply(message.sender, { kind: "result", id: message.id, error: error.message }),
        );
        return;
      }
      case "ack":
      case "result": {
        this.#pending.settle(message.id, message.kind === "result" ? message : {});
        return;
      }
    }
  }

  async #reply(server: string, message: BackplaneMessage): Promise<void> {
    await this.#publish(this.#channel(`server:${server}`), encodeBackplaneMessage(message), false);
  }

  /** The channels beyond this process that an audience needs. */
  #channelsFor(audience: Audience): string[] {
    switch (audience.kind) {
      case "all":
        return [this.#channel("all")];
      case "connections":
        return audience.ids.filter((id) => !this.#local.connection(id))
          .map((id) => this.#channel(`conn:${id}`));
      case "groups":
        return audience.names.map((name) => this.#channel(`group:${name}`));
      case "users":
        return audience.ids.map((id) => this.#channel(`user:${id}`));
    }
  }

  /**
   * Publishes; while the backplane is down an ordinary send still reached
   * this process's clients, so only requests (`required`) fail.
   */
  async #publish(channel: string, payload: Uint8Array, required: boolean): Promise<number> {
    try {
      return await this.#backplane.publish(channel, payload);
    } catch (error) {
      if (required) throw new Error(`The backplane is unavailable: ${(error as Error).message}`);
      return 0;
    }
  }

  #seenBefore(id: string): boolean {
    if (this.#seen.has(id)) return true;
    this.#seen.add(id);
    if (this.#seen.size > SEEN_CAPACITY) {
      this.#seen.delete(this.#seen.values().next().value!);
    }
    return false;
  }

  async #ensure(channel: string): Promise<void> {
    if (this.#subscribed.has(channel)) return;
    this.#subscribed.add(channel);
    const subscribing = this.#backplane.subscribe(channel, (payload) => this.#receive(payload));
    // While the backplane is down the subscription waits for it; local work goes on.
    if (this.#backplane.healthy) await subscribing;
    else subscribing.catch((error) => this.#options.logError(`Subscribing ${channel}`, error));
  }

  async #release(channel: string): Promise<void> {
    if (!this.#subscribed.delete(channel)) return;
    const unsubscribing = this.#backplane.unsubscribe(channel).catch(() => {});
    // While the backplane is down the command waits for it; leaving a group must not.
    if (this.#backplane.healthy) await unsubscribing;
  }

  #channel(name: string): string {
    return `${this.#options.channelPrefix}:${name}`;
  }
}
