/**
 * TCP for the load clients, pushed to a sink: `Deno.connect` (the leanest
 * reads), or `node:net` when a connection needs its own source address —
 * `Deno.connect` cannot choose one, and one source address has only ~28,000
 * ephemeral ports towards a server.
 *
 * @module
 */
import { connect as netConnect } from "node:net";
import { joinFrames } from "../../signalr/frames.ts";

/** Where a connection's bytes go. */
export interface ByteSink {
  /** Bytes arrived; `chunk` is only valid during the call. */
  data(chunk: Uint8Array): void;
  /** The connection ended; `error` if it failed. */
  closed(error?: Error): void;
}

/** The sending side of a connection. */
export interface ByteStream {
  /** Queues bytes; they are written in order. */
  write(bytes: Uint8Array): void;
  /** Ends the connection. */
  close(): void;
}

/** Opens a TCP connection to `hostname:port`, from `localAddress` when given. */
export function dial(
  hostname: string,
  port: number,
  sink: ByteSink,
  localAddress?: string,
): Promise<ByteStream> {
  return localAddress === undefined
    ? dialDeno(hostname, port, sink)
    : dialNode(hostname, port, sink, localAddress);
}

async function dialDeno(hostname: string, port: number, sink: ByteSink): Promise<ByteStream> {
  const conn = await Deno.connect({ hostname, port });
  conn.setNoDelay(true);
  let queue: Uint8Array[] = [];
  let flushing = false;
  let open = true;
  const flush = async () => {
    flushing = true;
    try {
      while (queue.length > 0 && open) {
        const chunk = queue.length === 1 ? queue[0] : joinFrames(queue) as Uint8Array;
        queue = [];
        for (let offset = 0; offset < chunk.length;) {
          offset += await conn.write(chunk.subarray(offset));
        }
      }
    } catch (error) {
      if (open) end(error as Error);
    } finally {
      flushing = false;
    }
  };
  const end = (error?: Error) => {
    if (!open) return;
    open = false;
    try {
      conn.close();
    } catch { /* already closed */ }
    sink.closed(error);
  };
  void (async () => {
    const buffer = new Uint8Array(READ_BUFFER_SIZE);
    try {
      for (let n = await conn.read(buffer); n !== null && open; n = await conn.read(buffer)) {
        sink.data(buffer.subarray(0, n));
      }
      end();
    } catch (error) {
      end(open ? error as Error : undefined);
    }
  })();
  return {
    write(bytes) {
      if (!open) return;
      queue.push(bytes);
      if (!flushing) void flush();
    },
    close: () => end(),
  };
}

function dialNode(
  host: string,
  port: number,
  sink: ByteSink,
  localAddress: string,
): Promise<ByteStream> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port, localAddress, noDelay: true });
    let connected = false;
    socket.on("connect", () => {
      connected = true;
      resolve({ write: (bytes) => void socket.write(bytes), close: () => socket.destroy() });
    });
    socket.on("data", (chunk: Uint8Array) => sink.data(chunk));
    socket.on("error", (error: Error) => connected ? sink.closed(error) : reject(error));
    socket.on("close", (failed: boolean) => connected && !failed && sink.closed());
  });
}

/** Bytes read at most per read call; a slow reader gets many frames per read. */
const READ_BUFFER_SIZE = 16 * 1024;
