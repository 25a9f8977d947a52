/**
 * The hubs send through their contracts' typed targets, so a wrong event
 * name or payload in hub code fails `deno check` there: the chat and job
 * hubs declare typed `clients`, the job notifications take the typed
 * context, and the late subscriber's state events are contract events.
 */
import type { ChatHub } from "../../hubs/chat/chat_hub.ts";
import type { JobHub } from "../../hubs/jobs/job_hub.ts";
import type { JobEvent } from "../../hubs/jobs/job.ts";
import type { hubJobNotifications } from "../../hubs/jobs/job_notifications.ts";
import type { ChatCallerClients } from "../../hubs/chat/contract.ts";
import type { JobCallerClients, JobEventTuple, JobHubContext } from "../../hubs/jobs/contract.ts";
import { assertType, type Equal } from "./type_assertions.ts";

Deno.test("hub sends: the chat hub's clients send only chat events", () => {
  assertType<Equal<ChatHub["clients"], ChatCallerClients>>();
});

Deno.test("hub sends: the job hub's clients and notifications send only job events", () => {
  assertType<Equal<JobHub["clients"], JobCallerClients>>();
  assertType<Equal<Parameters<typeof hubJobNotifications>[0], JobHubContext>>();
  assertType<Equal<JobEvent, JobEventTuple>>();
});
