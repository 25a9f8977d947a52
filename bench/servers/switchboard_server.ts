/**
 * Switchboard under test: the bench hub mounted with `mapHub` (default
 * options, so no rate limit) and served by `Deno.serve` in its own process.
 * Prints `{"event":"ready","port":…}` once it listens.
 *
 * Usage: `deno run --allow-net bench/servers/switchboard_server.ts [host]`
 *
 * @module
 */
import { Hub, mapHub } from "../../signalr/mod.ts";

/** The three methods the scenarios call. */
class BenchHub extends Hub {
  /** Adds the caller to `group`. */
  join(group: string): Promise<void> {
    return this.groups.addToGroup(this.context.connectionId, group);
  }

  /** Sends `Tick(sentAt, seq, text)` to every member of `group`. */
  broadcast(group: string, sentAt: number, seq: number, text: string): Promise<void> {
    return this.clients.group(group).send("Tick", sentAt, seq, text);
  }

  /** Returns what it was given. */
  echo(value: unknown): unknown {
    return value;
  }
}

const hub = mapHub("/hubs/bench", () => new BenchHub());

// Exit normally on SIGTERM, so `--cpu-prof` writes its profile.
Deno.addSignalListener("SIGTERM", () => Deno.exit(0));

Deno.serve({
  hostname: Deno.args[0] ?? "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(JSON.stringify({ event: "ready", port })),
}, (request) => hub.fetch(request));
