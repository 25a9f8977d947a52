/**
 * Small helpers job types share: parameter checks and an abortable delay.
 *
 * @module
 */
import { JobInputError } from "./job_type.ts";

/** The range and default of an integer parameter. */
export interface IntegerRule {
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /** The value must be a multiple of this. */
  readonly step?: number;
}

/** Refuses parameters a job type does not know. */
export function onlyKnown(
  input: Readonly<Record<string, unknown>>,
  known: readonly string[],
): void {
  const unknown = Object.keys(input).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    throw new JobInputError(
      `Unknown parameter ${unknown.map((k) => JSON.stringify(k)).join(", ")}; ` +
        `this job type takes ${known.join(", ")}.`,
    );
  }
}

/**
 * The integer parameter `name`, or its default when absent.
 *
 * @example
 * ```ts
 * import { integer } from "./params.ts";
 * integer({ stepMs: 50 }, "stepMs", { min: 10, max: 10_000, default: 1000 }); // 50
 * ```
 */
export function integer(
  input: Readonly<Record<string, unknown>>,
  name: string,
  rule: IntegerRule,
): number {
  const value = input[name];
  if (value === undefined) return rule.default;
  const step = rule.step ?? 1;
  if (
    typeof value !== "number" || !Number.isInteger(value) || value < rule.min ||
    value > rule.max || value % step !== 0
  ) {
    const multiple = step === 1 ? "" : `, a multiple of ${step}`;
    throw new JobInputError(
      `${name} must be an integer from ${rule.min} to ${rule.max}${multiple}.`,
    );
  }
  return value;
}

/** The delay between progress steps, in ms, that every job type accepts. */
export const STEP_MS: IntegerRule = { min: 10, max: 10_000, default: 1000 };

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
