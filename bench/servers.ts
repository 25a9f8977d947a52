/**
 * The servers under test and how to start each in its own process.
 *
 * @module
 */
import type { ClientKind } from "./load/bench_client.ts";
import { Child } from "./child.ts";
import { ensureSocketIoServer } from "./servers/install.ts";

/** One server under test, with the client that drives it. */
export interface ServerSpec {
  /** The name in the tables, e.g. `switchboard-json`. */
  readonly name: string;
  /** The load client that speaks to it. */
  readonly client: ClientKind;
  /** Starts the process: the command and its arguments (with `profileFlags` for the runtime). */
  readonly command: (profileFlags: readonly string[]) => Promise<[string, string[]]>;
}

const DENO_SERVER_FLAGS = ["run", "--allow-net", "--allow-read", "--allow-env"];

function denoServer(file: string): ServerSpec["command"] {
  return (profileFlags) =>
    Promise.resolve([Deno.execPath(), [...DENO_SERVER_FLAGS, ...profileFlags, file]]);
}

let profileDirectory: string | undefined;

/**
 * Makes every server started from now on write a V8 CPU profile
 * (`--cpu-prof`) into `directory` when it stops.
 */
export function profileServersInto(directory: string): void {
  profileDirectory = directory;
}

/** Every server, in the order the tables list them. */
export const SERVERS: readonly ServerSpec[] = [
  {
    name: "switchboard-json",
    client: "signalr-json",
    command: denoServer("bench/servers/switchboard_server.ts"),
  },
  {
    name: "switchboard-msgpack",
    client: "signalr-msgpack",
    command: denoServer("bench/servers/switchboard_server.ts"),
  },
  { name: "raw-deno", client: "signalr-json", command: denoServer("bench/servers/raw_server.ts") },
  {
    name: "socketio",
    client: "socketio",
    command: async (profileFlags) => {
      await ensureSocketIoServer();
      return ["node", [...profileFlags, "bench/servers/socketio_server.mjs"]];
    },
  },
];

/** A server that is up. */
export interface RunningServer {
  readonly spec: ServerSpec;
  readonly process: Child;
  /** Where clients connect: `http://127.0.0.1:port`. */
  readonly origin: string;
}

/** Starts `spec`'s server and waits until it listens. */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const profileFlags = profileDirectory ? ["--cpu-prof", `--cpu-prof-dir=${profileDirectory}`] : [];
  const [command, args] = await spec.command(profileFlags);
  const process = Child.spawn(spec.name, command, args);
  try {
    const { port } = await process.next<{ port: number }>("ready");
    return { spec, process, origin: `http://127.0.0.1:${port}` };
  } catch (error) {
    await process.stop();
    throw error;
  }
}
