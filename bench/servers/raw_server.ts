/**
 * The floor: `Deno.serve` and `Deno.upgradeWebSocket` doing the bench hub's
 * work with nothing else — the same JSON records as SignalR's JSON protocol
 * (a handshake answered with `{}`, Invocations in, Ticks and Completions out),
 * groups as sets of sockets, each Tick serialized once per broadcast. No
 * keep-alive, timeouts, send-buffer limits or error texts: what any real
 * server adds is what the comparison shows.
 *
 * Usage: `deno run --allow-net bench/servers/raw_server.ts [host]`
 *
 * @module
 */

const SEPARATOR = "\x1e";
const groups = new Map<string, Set<WebSocket>>();

interface Invocation {
  readonly type: number;
  readonly invocationId?: string;
  readonly target: string;
  readonly arguments: unknown[];
}

function complete(socket: WebSocket, invocationId: string | undefined, result?: unknown): void {
  if (invocationId === undefined) return;
  socket.send(JSON.stringify({ type: 3, invocationId, result: result ?? null }) + SEPARATOR);
}

function invoke(socket: WebSocket, message: Invocation, joined: Set<string>): void {
  const args = message.arguments;
  switch (message.target) {
    case "Join": {
      const name = args[0] as string;
      let members = groups.get(name);
      if (!members) groups.set(name, members = new Set());
      members.add(socket);
      joined.add(name);
      return complete(socket, message.invocationId);
    }
    case "Broadcast": {
      const frame = JSON.stringify({ type: 1, target: "Tick", arguments: args.slice(1) }) +
        SEPARATOR;
      for (const member of groups.get(args[0] as string) ?? []) member.send(frame);
      return complete(socket, message.invocationId);
    }
    case "Echo":
      return complete(socket, message.invocationId, args[0]);
  }
}

function serve(socket: WebSocket): void {
  const joined = new Set<string>();
  let handshaken = false;
  socket.onmessage = (event) => {
    const records = (event.data as string).split(SEPARATOR);
    records.pop();
    for (const record of records) {
      if (!handshaken) {
        handshaken = true;
        socket.send("{}" + SEPARATOR);
        continue;
      }
      const message = JSON.parse(record) as Invocation;
      if (message.type === 1) invoke(socket, message, joined);
    }
  };
  socket.onclose = () => {
    for (const name of joined) {
      const members = groups.get(name)!;
      members.delete(socket);
      if (members.size === 0) groups.delete(name);
    }
  };
}

// Exit normally on SIGTERM, so `--cpu-prof` writes its profile.
Deno.addSignalListener("SIGTERM", () => Deno.exit(0));

Deno.serve({
  hostname: Deno.args[0] ?? "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(JSON.stringify({ event: "ready", port })),
}, (request) => {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return new Response("WebSocket only", { status: 400 });
  }
  const { socket, response } = Deno.upgradeWebSocket(request, { idleTimeout: 0 });
  serve(socket);
  return response;
});
