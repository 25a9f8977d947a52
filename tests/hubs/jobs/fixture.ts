/**
 * Test fixture for the jobs module: the real app on a random port with the
 * jobs module (HS256 bearer tokens), REST calls as a user, official client
 * connections, and a recorder of the job events a connection receives.
 *
 * @module
 */
import type * as signalR from "@microsoft/signalr";
import { createApp } from "../../../app.ts";
import { jobsModule, type JobsModuleOptions } from "../../../hubs/jobs/mod.ts";
import { jwtBearer } from "../../../signalr/mod.ts";
import { connectTo, serve } from "../../helpers/server.ts";
import { SECRET, tokenFor } from "../../helpers/tokens.ts";

/** Who makes a request: a user id and role, or nobody. */
export type Caller = { readonly user: string; readonly role?: string } | undefined;

/** A running app with the jobs module. */
export interface JobsSite {
  readonly url: string;
  /** Calls the REST API as `caller`; a `body` object is sent as JSON. */
  api(caller: Caller, method: string, path: string, body?: unknown): Promise<Response>;
  /** An official client connection to `/hubs/job` as `user`. */
  connect(user: string, role?: string): Promise<signalR.HubConnection>;
  /** Stops every connection opened with `connect`, then the app and server. */
  close(): Promise<void>;
}

/** Starts the app with `jobsModule(options)` and JWT bearer authentication. */
export function startJobsSite(options: Omit<JobsModuleOptions, "hubOptions"> = {}): JobsSite {
  const app = createApp([
    jobsModule({
      ...options,
      hubOptions: { authenticate: jwtBearer({ algorithm: "HS256", key: SECRET }) },
    }),
  ]);
  const server = serve(app.hono.fetch, () => app.close());
  const connections: signalR.HubConnection[] = [];
  return {
    url: server.url,
    async api(caller, method, path, body) {
      const headers: Record<string, string> = {};
      if (caller) headers.Authorization = `Bearer ${await tokenFor(caller.user, caller.role)}`;
      if (body !== undefined) headers["Content-Type"] = "application/json";
      return await fetch(`${server.url}${path}`, {
        method,
        headers,
        body: body === undefined
          ? undefined
          : typeof body === "string"
          ? body
          : JSON.stringify(body),
      });
    },
    async connect(user, role = "User") {
      const connection = await connectTo(`${server.url}/hubs/job`, {
        accessTokenFactory: () => tokenFor(user, role),
      });
      connections.push(connection);
      return connection;
    },
    async close() {
      await Promise.all(connections.map((c) => c.stop()));
      await server.close();
    },
  };
}

/** Calls the API and returns the status and JSON body (the body is always read). */
export async function call(
  site: JobsSite,
  caller: Caller,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await site.api(caller, method, path, body);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
}

/** The events of the job hub a client may receive. */
export const JOB_EVENTS = [
  "SubscriptionConfirmed",
  "UnsubscriptionConfirmed",
  "JobStarted",
  "JobProgress",
  "JobCompleted",
  "JobFailed",
] as const;

/** Every job event a connection received, in order, as `[name, ...args]`. */
export interface JobEventLog {
  readonly events: unknown[][];
  /** The events about one job. */
  of(jobId: number): unknown[][];
  /** Resolves once an event matches; fails after 10 s as a safety net, never as an assertion. */
  waitFor(name: string, jobId: number): Promise<unknown[]>;
}

/** Starts recording `connection`'s job events. */
export function recordJobEvents(connection: signalR.HubConnection): JobEventLog {
  const events: unknown[][] = [];
  const waiters = new Set<() => void>();
  for (const name of JOB_EVENTS) {
    connection.on(name, (...args: unknown[]) => {
      events.push([name, ...args]);
      for (const check of [...waiters]) check();
    });
  }
  const find = (name: string, jobId: number) =>
    events.find(([event, id]) => event === name && id === jobId);
  return {
    events,
    of: (jobId) => events.filter(([, id]) => id === jobId),
    waitFor(name, jobId) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = find(name, jobId);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No ${name} for job ${jobId} within 10 s`));
        }, 10_000);
        waiters.add(check);
        check();
      });
    },
  };
}
