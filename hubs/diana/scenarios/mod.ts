/**
 * The scenarios Diana can play, and how to find one by id.
 *
 * @module
 */
import { BILLING_DISPUTE } from "./billing_dispute.ts";
import { CANCELLATION } from "./cancellation.ts";
import { INTERNET_OUTAGE } from "./internet_outage.ts";
import { LOST_PARCEL } from "./lost_parcel.ts";
import type { Scenario } from "./scenario.ts";

export type { Scenario, ScenarioSummary, StoryCue } from "./scenario.ts";
export { summarize } from "./scenario.ts";

/** Every scenario, in the order the page lists them. */
export const SCENARIOS: readonly Scenario[] = [
  BILLING_DISPUTE,
  LOST_PARCEL,
  CANCELLATION,
  INTERNET_OUTAGE,
];

/** The scenario `InitiateSession(sessionId)` plays. */
export const DEFAULT_SCENARIO_ID = BILLING_DISPUTE.id;

/** The scenario with this id, if any. */
export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.id === id);
}
