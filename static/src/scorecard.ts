/// <reference lib="dom" />
/**
 * The Diana page's scorecard: outcome, score, resolution, empathy, duration,
 * turns, interruptions, the customer's mood curve and coaching tips.
 * User data only ever reaches the page through textContent.
 *
 * @module
 */
import type { Scorecard } from "../../hubs/diana/contract.ts";
import { byId } from "./page.ts";

/** Fills the page's `#scorecard` with `card` and shows it. */
export function showScorecard(card: Scorecard): void {
  byId("scorecard-outcome").textContent = card.reason;
  const seconds = Math.round(card.durationMs / 1000);
  const values = {
    score: `${card.score} / 100`,
    resolution: card.resolution,
    empathy: `${card.empathy} / 100`,
    duration: `${Math.floor(seconds / 60)} min ${seconds % 60} s`,
    turns: String(card.turns),
    interruptions: String(card.interruptions),
  };
  for (const [name, value] of Object.entries(values)) {
    byId(`scorecard-${name}`).textContent = value;
  }
  const curve = card.moodCurve;
  const step = 300 / Math.max(1, curve.length - 1);
  byId("mood-line").setAttribute("points", curve.map((m, i) => `${i * step},${100 - m}`).join(" "));
  byId("mood-curve").setAttribute("aria-label", `Customer mood: ${curve.join(", ")} out of 100`);
  byId("mood-caption").textContent = `Customer mood: ${curve[0]} → ${curve.at(-1)} (out of 100)`;
  const tips = card.tips.map((tip) =>
    Object.assign(document.createElement("li"), { textContent: tip })
  );
  byId("scorecard-tips").replaceChildren(...tips);
  byId("scorecard").hidden = false;
}
