/**
 * The trainee's scorecard at the end of a call: duration, turns, empathy,
 * resolution, the customer's mood curve, an overall score and coaching tips.
 * Pure: the call's record in, the scorecard out.
 *
 * @module
 */
import type { Ending } from "./brain.ts";
import type { CustomerState } from "./customer_state.ts";
import type { Scorecard } from "./contract.ts";

/** The scorecard is the contract's. */
export type { Scorecard } from "./contract.ts";

/** Whether the customer's problem was dealt with. */
export type Resolution = Scorecard["resolution"];

/** What a scorecard is made from. */
export interface CallRecord {
  readonly ending: Ending;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly customer: CustomerState;
  readonly customerTurns: number;
  readonly interruptions: number;
  readonly moodCurve: readonly number[];
}

/** Empathy score by the number of empathic lines: none, one, two, three or more. */
const EMPATHY_BY_COUNT = [0, 60, 85, 100];

/**
 * Scores a finished call.
 *
 * @example
 * ```ts
 * import { scoreCall } from "./scorecard.ts";
 * import { openingState } from "./customer_state.ts";
 * import { BILLING_DISPUTE } from "./scenarios/billing_dispute.ts";
 * const card = scoreCall({
 *   ending: { outcome: "ended_by_trainee", reason: "The trainee ended the call." },
 *   startedAt: 0, endedAt: 60_000, customer: openingState(BILLING_DISPUTE),
 *   customerTurns: 1, interruptions: 0, moodCurve: [30],
 * });
 * // card.resolution === "unresolved"
 * ```
 */
export function scoreCall(record: CallRecord): Scorecard {
  const { customer, ending, moodCurve } = record;
  const resolution: Resolution = ending.outcome === "resolved"
    ? "resolved"
    : ending.outcome === "escalated"
    ? "escalated"
    : "unresolved";
  const empathy = Math.max(
    0,
    EMPATHY_BY_COUNT[Math.min(customer.empathyShown, EMPATHY_BY_COUNT.length - 1)] -
      30 * customer.rudeness,
  );
  const startMood = moodCurve[0] ?? customer.mood;
  const moodGain = Math.max(0, Math.min(25, customer.mood - startMood));
  const score = clamp(
    (resolution === "resolved" ? 40 : resolution === "escalated" ? 20 : 0) +
      empathy * 0.25 +
      (customer.greeted ? 10 : 0) +
      moodGain -
      15 * customer.rudeness -
      5 * customer.totalSilences -
      2 * record.interruptions,
  );
  return {
    outcome: ending.outcome,
    reason: ending.reason,
    resolution,
    durationMs: Math.max(0, record.endedAt - record.startedAt),
    turns: customer.agentTurns,
    customerTurns: record.customerTurns,
    empathy,
    greeted: customer.greeted,
    interruptions: record.interruptions,
    silences: customer.totalSilences,
    rudeness: customer.rudeness,
    moodCurve: [...moodCurve],
    score: Math.round(score),
    tips: tipsFor(customer, resolution, record.interruptions),
  };
}

function tipsFor(customer: CustomerState, resolution: Resolution, interruptions: number): string[] {
  const tips: string[] = [];
  if (!customer.greeted) tips.push("Open with a greeting and your name.");
  if (customer.empathyShown === 0) {
    tips.push("Acknowledge how the customer feels before you try to fix things.");
  }
  if (resolution === "unresolved") {
    tips.push("Offer a concrete solution: say what you will do, and when.");
  }
  if (resolution === "escalated") tips.push("Try to solve the problem yourself before escalating.");
  if (customer.rudeness > 0) tips.push("Stay courteous, even when the customer is difficult.");
  if (customer.totalSilences > 0) tips.push("Keep the customer informed; avoid long silences.");
  if (interruptions > 1) tips.push("Let the customer finish speaking before you answer.");
  return tips;
}

function clamp(value: number): number {
  return Math.max(0, Math.min(100, value));
}
