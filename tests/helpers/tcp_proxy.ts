/**
 * A loopback TCP proxy for fault tests: it forwards connections to a target
 * port and can cut every live connection at once, as a network failure would.
 *
 * @module
 */

/** A running proxy. */
export interface TcpProxy {
  /** The port clients connect to. */
  readonly port: number;
  /** Closes every forwarded connection abruptly; new connections still work. */
  cut(): void;
  /** Stops listening and cuts every connection. */
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 at a random port that forwards to `targetPort`. */
export function startTcpProxy(targetPort: number): TcpProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const live = new Set<Deno.Conn>();
  const pumps = new Set<Promise<void>>();

  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    try {
      await from.readable.pipeTo(to.writable, { preventClose: false });
    } catch {
      // The other side was cut: that is the point of the proxy.
    }
  };

  const closeQuietly = (conn: Deno.Conn) => {
    try {
      conn.close();
    } catch {
      // Already closed.
    }
  };

  const accepting = (async () => {
    for await (const client of listener) {
      let server: Deno.Conn;
      try {
        server = await Deno.connect({ hostname: "127.0.0.1", port: targetPort });
      } catch {
        closeQuietly(client);
        continue;
      }
      live.add(client);
      live.add(server);
      const pump = Promise.all([pipe(client, server), pipe(server, client)]).then(() => {
        live.delete(client);
        live.delete(server);
      });
      pumps.add(pump);
      void pump.finally(() => pumps.delete(pump));
    }
  })();

  const cut = () => {
    for (const conn of live) closeQuietly(conn);
    live.clear();
  };

  return {
    port: (listener.addr as Deno.NetAddr).port,
    cut,
    async close() {
      listener.close();
      cut();
      await accepting.catch(() => {});
      await Promise.allSettled([...pumps]);
    },
  };
}
