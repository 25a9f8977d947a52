/**
 * A real `redis-server` for backplane tests, on a random loopback port, that
 * a test can stop and start again to simulate an outage.
 *
 * @module
 */
import { freePort } from "./server.ts";

/** Path of Debian's Redis server. */
export const REDIS_SERVER = "/usr/bin/redis-server";

/** Why Redis tests cannot run here, or `undefined` when they can. */
export function redisMissingReason(): string | undefined {
  try {
    Deno.statSync(REDIS_SERVER);
    return undefined;
  } catch {
    return `${REDIS_SERVER} is missing: install Debian's redis-server (.ci/run does) to run the backplane tests.`;
  }
}

/** A running Redis server. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (an outage). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

async function waitForPort(port: number, up: boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const open = await Deno.connect({ hostname: "127.0.0.1", port }).then(
      (conn) => (conn.close(), true),
      () => false,
    );
    if (open === up) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not ${up ? "start" : "stop"}`);
}

/** Starts `redis-server` without persistence on 127.0.0.1 at a free port. */
export async function startRedis(): Promise<TestRedis> {
  const port = freePort();
  let process: Deno.ChildProcess | undefined;
  const start = async () => {
    process = new Deno.Command(REDIS_SERVER, {
      args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      stdout: "null",
      stderr: "null",
    }).spawn();
    await waitForPort(port, true);
  };
  const stop = async () => {
    if (!process) return;
    process.kill("SIGKILL");
    await process.status;
    process = undefined;
    await waitForPort(port, false);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
