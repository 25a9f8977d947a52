/**
 * The one small interface every transport implements. Transports move frames;
 * they never parse hub messages.
 *
 * @module
 */
import type { Frame, TransferFormat } from "../protocol/hub_protocol.ts";
import type { TransportName } from "../options.ts";

/** The transfer formats each transport carries, as negotiate lists them. */
export const TRANSFER_FORMATS: Readonly<Record<TransportName, readonly TransferFormat[]>> = {
  WebSockets: ["Text", "Binary"],
  ServerSentEvents: ["Text"],
  LongPolling: ["Text", "Binary"],
};

/** A transport attached to a connection. */
export interface Transport {
  /** The transport's name as negotiate lists it. */
  readonly name: TransportName;
  /** The transfer formats it can carry. */
  readonly transferFormats: readonly TransferFormat[];
  /** Bytes queued for the client but not yet handed to the network. */
  readonly bufferedAmount: number;
  /** Queues one frame for the client. */
  send(frame: Frame): void;
  /** Ends the transport; the connection learns of it through {@linkcode TransportEvents.closed}. */
  close(): void;
}

/** What a transport reports to the connection it serves. */
export interface TransportEvents {
  /** Data arrived from the client. */
  received(frame: Frame): void;
  /** The transport ended; `error` if it failed. */
  closed(error?: Error): void;
}
