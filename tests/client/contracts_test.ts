/**
 * The chat and job contracts against their hubs, at the type level: every
 * contract method is a hub method with compatible parameters, the payload
 * types are the hub's own, the typed message targets fit the engine's, and a
 * deliberate mismatch does not compile (the `@ts-expect-error` lines).
 * `deno test` type-checks this file; the tests only state what was checked.
 */
import assert from "node:assert/strict";
import type { HubCallerClients, HubContext } from "../../signalr/mod.ts";
import type { ChatHub, ChatMessage as HubChatMessage } from "../../hubs/chat/chat_hub.ts";
import type { JobHub } from "../../hubs/jobs/job_hub.ts";
import type { Job as StoredJob, JobStatus as StoredJobStatus } from "../../hubs/jobs/job.ts";
import type { SavedFile } from "../../hubs/jobs/types/job_type.ts";
import { CHAT_HUB_PATH } from "../../hubs/chat/contract.ts";
import type {
  ChatCallerClients,
  ChatContract,
  ChatHubMethods,
  ChatMessage,
} from "../../hubs/chat/contract.ts";
import { JOB_HUB_PATH } from "../../hubs/jobs/contract.ts";
import type {
  FileResult,
  Job,
  JobCallerClients,
  JobContract,
  JobEventTuple,
  JobHubContext,
  JobHubMethods,
  JobStatus,
} from "../../hubs/jobs/contract.ts";
import type { EventPayload, HubClient, InvokeResult } from "../../client/mod.ts";
import { assertType, compileOnly, type Equal, type Extends } from "./type_assertions.ts";

Deno.test("chat contract: ChatHub implements every server method with compatible parameters", () => {
  assertType<Extends<ChatHub, ChatHubMethods>>();
  assertType<
    Equal<keyof ChatHubMethods, "sendMessage" | "joinRoom" | "leaveRoom" | "userTyping">
  >();
  compileOnly(() => {
    type Renamed = Omit<ChatHub, "joinRoom"> & { joinChannel: ChatHub["joinRoom"] };
    type Retyped = Omit<ChatHub, "joinRoom"> & { joinRoom(user: number, room: string): void };
    type Longer = Omit<ChatHub, "userTyping"> & {
      userTyping(u: string, r: string, x: string): void;
    };
    // @ts-expect-error a hub whose joinRoom was renamed no longer implements the contract
    const _renamed: ChatHubMethods = {} as Renamed;
    // @ts-expect-error nor does one whose joinRoom takes a number for the user
    const _retyped: ChatHubMethods = {} as Retyped;
    // @ts-expect-error nor one wanting an argument the contract does not send
    const _longer: ChatHubMethods = {} as Longer;
  });
  assert.equal(CHAT_HUB_PATH, "/hubs/chat");
});

Deno.test("chat contract: the hub's ChatMessage is the contract's", () => {
  assertType<Equal<HubChatMessage, ChatMessage>>();
  assertType<Equal<EventPayload<ChatContract["client"], "ReceiveMessage">, ChatMessage>>();
  assertType<Equal<EventPayload<ChatContract["client"], "UserJoined">, [string, string]>>();
});

Deno.test("chat contract: the typed targets fit the engine's and refuse foreign events", () => {
  assertType<Extends<ChatCallerClients, HubCallerClients>>();
  compileOnly(() => {
    const clients = {} as ChatCallerClients;
    const message = {} as ChatMessage;
    clients.othersInGroup("lobby").send("ReceiveMessage", message);
    clients.group("lobby").send("UserJoined", "Ann", "lobby");
    // @ts-expect-error an event the contract does not name
    clients.caller.send("MessageReceived", message);
    // @ts-expect-error UserJoined carries the room too
    clients.group("lobby").send("UserJoined", "Ann");
    // @ts-expect-error ReceiveMessage carries a ChatMessage, not its text
    clients.others.send("ReceiveMessage", "hello");
  });
});

Deno.test("chat contract: a typed client accepts exactly the contract's calls", () => {
  compileOnly(() => {
    const chat = {} as HubClient<ChatContract>;
    const sent: Promise<void> = chat.invoke("SendMessage", "Ann", "Hello", "lobby");
    chat.on("MessageSent").subscribe((message: ChatMessage) => message.timestamp);
    // @ts-expect-error SendMessage wants the room as well
    chat.invoke("SendMessage", "Ann", "Hello");
    // @ts-expect-error the hub has no such method
    chat.invoke("SendMessages", "Ann", "Hello", "lobby");
    // @ts-expect-error events are not methods
    chat.send("ReceiveMessage", {} as ChatMessage);
    // @ts-expect-error the hub sends no such event
    chat.on("MessageReceived");
    // @ts-expect-error no chat method streams
    chat.stream("JoinRoom", "Ann", "lobby");
    void sent;
  });
});

Deno.test("job contract: JobHub implements every server method with compatible parameters", () => {
  assertType<Extends<JobHub, JobHubMethods>>();
  assertType<
    Equal<
      keyof JobHubMethods,
      "subscribeToJob" | "unsubscribeFromJob" | "broadcastSystemNotification"
    >
  >();
  compileOnly(() => {
    type Retyped = Omit<JobHub, "subscribeToJob"> & { subscribeToJob(job: { id: number }): void };
    // @ts-expect-error a job id is a number: a hub taking an object no longer fits
    const _retyped: JobHubMethods = {} as Retyped;
  });
  assert.equal(JOB_HUB_PATH, "/hubs/job");
});

Deno.test("job contract: the REST job and the file result are the server's", () => {
  assertType<Equal<StoredJob, Job>>();
  assertType<Equal<StoredJobStatus, JobStatus>>();
  assertType<Equal<Omit<FileResult, "id">, SavedFile>>();
});

Deno.test("job contract: the typed targets and context fit the engine's", () => {
  assertType<Extends<JobCallerClients, HubCallerClients>>();
  assertType<Extends<HubContext, JobHubContext>>();
  assertType<Extends<["JobProgress", 3, 50], JobEventTuple>>();
  assertType<Equal<Extends<["JobProgress", 3, "50"], JobEventTuple>, false>>();
  assertType<Equal<EventPayload<JobContract["client"], "JobProgress">, [number, number]>>();
  assertType<Equal<InvokeResult<JobContract["server"], "SubscribeToJob">, void>>();
  compileOnly(() => {
    const context = {} as JobHubContext;
    context.clients.group("job-1").send("JobProgress", 1, 50);
    // @ts-expect-error JobFailed carries the error text
    context.clients.group("job-1").send("JobFailed", 1);
  });
});
