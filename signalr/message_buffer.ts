/**
 * Stateful reconnect bookkeeping for one connection: numbers the messages each
 * side sends, keeps what the client has not acknowledged for replay after a
 * reconnect, and drops what the client sends twice.
 *
 * @module
 */
import type { Frame, HubProtocol } from "./protocol/hub_protocol.ts";
import { type HubMessage, MessageType } from "./protocol/messages.ts";

/** Whether a message type is numbered (and replayed) under stateful reconnect. */
export function isSequenced(message: HubMessage): boolean {
  switch (message.type) {
    case MessageType.Invocation:
    case MessageType.StreamInvocation:
    case MessageType.StreamItem:
    case MessageType.Completion:
    case MessageType.CancelInvocation:
      return true;
    default:
      return false;
  }
}

interface Sent {
  readonly id: number;
  readonly frame: Frame;
}

/**
 * The replay buffer of one connection. Frames beyond `capacity` bytes of
 * unacknowledged data wait, unsent, until acknowledgements make room; when
 * the waiting frames pass `capacity` too, {@linkcode MessageBuffer.write}
 * reports an overflow so the connection can be closed: memory stays bounded.
 *
 * @example
 * ```ts
 * import { MessageBuffer } from "./message_buffer.ts";
 * import { jsonProtocol } from "./protocol/json_protocol.ts";
 * const sent: unknown[] = [];
 * const buffer = new MessageBuffer(jsonProtocol, 100_000, (frame) => sent.push(frame));
 * buffer.write('{"type":1,"target":"A","arguments":[]}\x1e'); // sent as message 1
 * buffer.ack(1); // the client has it: forgotten
 * ```
 */
export class MessageBuffer {
  readonly #protocol: HubProtocol;
  readonly #capacity: number;
  readonly #send: (frame: Frame) => void;
  #unacked: Sent[] = [];
  #unackedBytes = 0;
  #waiting: Frame[] = [];
  #waitingBytes = 0;
  #lastSentId = 0;
  #connected = true;
  #nextReceivingId = 1;
  #latestReceivedId = 0;
  #lastAckedId = 0;
  #awaitingSequence = false;

  /**
   * @param protocol writes the Sequence and Ack messages
   * @param capacity bytes of unacknowledged frames kept for replay
   * @param send puts a frame on the current transport
   */
  constructor(protocol: HubProtocol, capacity: number, send: (frame: Frame) => void) {
    this.#protocol = protocol;
    this.#capacity = capacity;
    this.#send = send;
  }

  /** Sends (or holds) a numbered frame. Returns false when the buffer overflowed. */
  write(frame: Frame): boolean {
    if (this.#waiting.length === 0 && this.#fits(frame)) {
      this.#transmit(frame);
      return true;
    }
    if (this.#waitingBytes + frame.length > this.#capacity && this.#waiting.length > 0) {
      return false;
    }
    this.#waiting.push(frame);
    this.#waitingBytes += frame.length;
    return true;
  }

  /** The client has every message up to `sequenceId`: forget them and send what waited. */
  ack(sequenceId: number): void {
    let dropped = 0;
    while (dropped < this.#unacked.length && this.#unacked[dropped].id <= sequenceId) {
      this.#unackedBytes -= this.#unacked[dropped].frame.length;
      dropped++;
    }
    if (dropped > 0) this.#unacked = this.#unacked.slice(dropped);
    while (this.#waiting.length > 0 && this.#fits(this.#waiting[0])) {
      const frame = this.#waiting.shift()!;
      this.#waitingBytes -= frame.length;
      this.#transmit(frame);
    }
  }

  /** The transport dropped: hold frames, and expect a Sequence message first when it is back. */
  disconnected(): void {
    this.#connected = false;
    this.#awaitingSequence = true;
  }

  /** A new transport is up: announce where our numbering resumes and replay the unacknowledged. */
  reconnected(): void {
    this.#connected = true;
    const sequenceId = this.#unacked[0]?.id ?? this.#lastSentId + 1;
    this.#send(this.#protocol.write({ type: MessageType.Sequence, sequenceId }));
    for (const { frame } of this.#unacked) this.#send(frame);
  }

  /**
   * The client's Sequence message: its next message carries `sequenceId`.
   * Returns false if that skips messages we never received.
   */
  resetSequence(sequenceId: number): boolean {
    this.#awaitingSequence = false;
    if (sequenceId > this.#latestReceivedId + 1) return false;
    this.#nextReceivingId = sequenceId;
    return true;
  }

  /** Counts an incoming numbered message; false for a duplicate (or one before the Sequence). */
  accept(): boolean {
    if (this.#awaitingSequence) return false;
    const id = this.#nextReceivingId++;
    if (id <= this.#latestReceivedId) return false;
    this.#latestReceivedId = id;
    return true;
  }

  /** An Ack to send if messages arrived since the last one, else `undefined`. */
  takeAck(): Frame | undefined {
    if (this.#latestReceivedId === this.#lastAckedId || !this.#connected) return undefined;
    this.#lastAckedId = this.#latestReceivedId;
    return this.#protocol.write({ type: MessageType.Ack, sequenceId: this.#latestReceivedId });
  }

  #fits(frame: Frame): boolean {
    return this.#unacked.length === 0 || this.#unackedBytes + frame.length <= this.#capacity;
  }

  #transmit(frame: Frame): void {
    const id = ++this.#lastSentId;
    this.#unacked.push({ id, frame });
    this.#unackedBytes += frame.length;
    if (this.#connected) this.#send(frame);
  }
}
