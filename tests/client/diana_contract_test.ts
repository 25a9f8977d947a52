/**
 * The Diana contract against the notification hub, at the type level: every
 * contract method is a hub method with compatible parameters and results,
 * and every payload type is the server's own.
 */
import assert from "node:assert/strict";
import type { HubContext } from "../../signalr/mod.ts";
import type {
  DianaMessage as ServerDianaMessage,
  ErrorEvent as ServerErrorEvent,
  NotificationHub,
  ProcessingEvent as ServerProcessingEvent,
  Scorecard as ServerScorecard,
  SessionStatus as ServerSessionStatus,
} from "../../hubs/diana/mod.ts";
import type { ScenarioSummary as ServerScenarioSummary } from "../../hubs/diana/scenarios/mod.ts";
import { DIANA_HUB_PATH as SERVER_PATH } from "../../hubs/diana/mod.ts";
import { DIANA_HUB_PATH } from "../../hubs/diana/contract.ts";
import type {
  DianaContract,
  DianaHubContext,
  DianaHubMethods,
  DianaMessage,
  ErrorEvent,
  ProcessingEvent,
  ScenarioSummary,
  Scorecard,
  SessionStatus,
} from "../../hubs/diana/contract.ts";
import type { EventPayload, InvokeResult } from "../../client/mod.ts";
import { assertType, compileOnly, type Equal, type Extends } from "./type_assertions.ts";

Deno.test("diana contract: NotificationHub implements every server method", () => {
  assertType<Extends<NotificationHub, DianaHubMethods>>();
  compileOnly(() => {
    type Renamed = Omit<NotificationHub, "userSpoke"> & { userSaid: NotificationHub["userSpoke"] };
    // @ts-expect-error a hub whose userSpoke was renamed no longer implements the contract
    const _renamed: DianaHubMethods = {} as Renamed;
  });
  assert.equal(DIANA_HUB_PATH, SERVER_PATH);
});

Deno.test("diana contract: every payload is the server's own", () => {
  assertType<Equal<ServerProcessingEvent, ProcessingEvent>>();
  assertType<Equal<ServerDianaMessage, DianaMessage>>();
  assertType<Equal<ServerErrorEvent, ErrorEvent>>();
  assertType<Equal<ServerSessionStatus, SessionStatus>>();
  assertType<Equal<ServerScorecard, Scorecard>>();
  assertType<Equal<ServerScenarioSummary, ScenarioSummary>>();
  assertType<Equal<InvokeResult<DianaContract["server"], "GetStatus">, SessionStatus>>();
  assertType<Equal<EventPayload<DianaContract["client"], "DianaInterrupted">, void>>();
  assertType<Extends<HubContext, DianaHubContext>>();
});
