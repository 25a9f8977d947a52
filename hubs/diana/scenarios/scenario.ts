/**
 * What a training scenario is: a customer persona with a problem, a goal, a
 * starting mood, the facts she gives when asked, what counts as a concrete
 * solution, and her own lines for the cues that depend on her story.
 *
 * @module
 */
import type { Cue } from "../brain.ts";
import type { ScenarioSummary } from "../contract.ts";

/** A scenario as clients see it is the contract's. */
export type { ScenarioSummary } from "../contract.ts";

/** The cues whose lines every scenario writes itself; the others have generic lines too. */
export type StoryCue = "opening" | "explain" | "doubt" | "push" | "resolved" | "escalated";

/** A customer and her problem. */
export interface Scenario {
  /** Stable id, e.g. `"billing-dispute"`. */
  readonly id: string;
  /** Short title for the page. */
  readonly title: string;
  /** One sentence for the trainee: what the call is about. */
  readonly summary: string;
  /** Who calls. */
  readonly persona: { readonly name: string; readonly description: string };
  /** Her problem, in the third person (for the LLM prompt). */
  readonly problem: string;
  /** What she wants from the call. */
  readonly goal: string;
  /** Her mood when the call starts, 0 to 100. */
  readonly startMood: number;
  /** What makes a trainee's line a concrete solution to her problem. */
  readonly solution: RegExp;
  /** Facts she gives, one per question, in order. */
  readonly details: readonly string[];
  /** Her own lines by cue; `{agent}` stands for the agent's name. */
  readonly lines:
    & Readonly<Record<StoryCue, readonly string[]>>
    & Partial<Record<Cue, readonly string[]>>;
}

/** The part of a scenario a client may see. */
export function summarize(scenario: Scenario): ScenarioSummary {
  return {
    id: scenario.id,
    title: scenario.title,
    summary: scenario.summary,
    customer: scenario.persona.name,
  };
}
