/**
 * The runner's child processes (servers and load workers): spawned with the
 * file limit raised to its hard maximum, spoken to in JSON lines, measured
 * through `/proc` (resident memory, CPU time), and stopped by their pid.
 *
 * @module
 */
import { lines } from "./load/lines.ts";

/** The repository root, where every child runs. */
export const ROOT = new URL("../", import.meta.url).pathname;

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`, 100 on Linux). */
const CLOCK_TICKS = 100;

/** A running child process that speaks JSON lines. */
export class Child {
  readonly name: string;
  readonly #process: Deno.ChildProcess;
  readonly #lines: AsyncGenerator<string>;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #stderr: Promise<string>;
  #exited = false;

  private constructor(name: string, process: Deno.ChildProcess) {
    this.name = name;
    this.#process = process;
    this.#lines = lines(process.stdout);
    this.#writer = process.stdin.getWriter();
    this.#stderr = new Response(process.stderr).text();
    void process.status.then(() => this.#exited = true);
  }

  /**
   * Starts `command args…` in the repository root, with `ulimit -n` raised to
   * the hard limit (many sockets) and stdin, stdout and stderr piped.
   */
  static spawn(name: string, command: string, args: readonly string[]): Child {
    const process = new Deno.Command("sh", {
      args: ["-c", 'ulimit -n "$(ulimit -Hn)" && exec "$0" "$@"', command, ...args],
      cwd: ROOT,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    return new Child(name, process);
  }

  /** The process id. */
  get pid(): number {
    return this.#process.pid;
  }

  /** Waits for the next JSON line whose `event` is `event`; fails on an `error` event or exit. */
  async next<T = Record<string, unknown>>(event: string): Promise<T> {
    for (;;) {
      const { value, done } = await this.#lines.next();
      if (done) {
        const stderr = (await this.#stderr).trim().split("\n").slice(-5).join("\n");
        throw new Error(`${this.name} exited before "${event}": ${stderr}`);
      }
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(value);
      } catch {
        continue; // Not one of ours: a library's log line.
      }
      if (message.event === event) return message as T;
      if (message.event === "error") throw new Error(`${this.name}: ${message.message}`);
    }
  }

  /** Sends one JSON line. */
  async send(message: Record<string, unknown>): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  }

  /** Resident memory in bytes (`VmRSS`). */
  async rss(): Promise<number> {
    const status = await Deno.readTextFile(`/proc/${this.pid}/status`);
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? NaN);
    return kb * 1024;
  }

  /** CPU time used so far by every thread, in seconds: in user space and in the kernel. */
  async cpuSeconds(): Promise<{ user: number; system: number }> {
    const stat = await Deno.readTextFile(`/proc/${this.pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { user: Number(fields[11]) / CLOCK_TICKS, system: Number(fields[12]) / CLOCK_TICKS };
  }

  /** Stops the process (SIGTERM, then SIGKILL after `graceMs`) and waits for it. */
  async stop(graceMs = 2_000): Promise<void> {
    await this.#writer.close().catch(() => {});
    if (!this.#exited) {
      try {
        this.#process.kill("SIGTERM");
      } catch { /* exited meanwhile */ }
    }
    const timer = setTimeout(() => {
      if (!this.#exited) this.#process.kill("SIGKILL");
    }, graceMs);
    await this.#process.status;
    clearTimeout(timer);
    await this.#stderr;
    await this.#lines.return(undefined);
  }

  /** Closes stdin so the process can finish by itself, then waits `graceMs` before stopping it. */
  async finish(graceMs = 5_000): Promise<void> {
    await this.#writer.close().catch(() => {});
    const timer = setTimeout(() => {
      if (!this.#exited) this.#process.kill("SIGTERM");
    }, graceMs);
    await this.#process.status;
    clearTimeout(timer);
    await this.stop();
  }
}
