/**
 * The Diana module: an AI customer that role-plays phone calls with
 * contact-centre trainees, on the notification hub at `/hubs/notification`
 * (the seed's async notification pattern). Offline by default; an
 * OpenAI-compatible model when `llm` is given.
 *
 * @module
 */
import { type HubOptions, mapHub } from "../../signalr/mod.ts";
import type { AppModule } from "../../app.ts";
import type { CustomerBrain } from "./brain.ts";
import { CallService } from "./call_service.ts";
import type { MoodRules } from "./customer_state.ts";
import { LlmBrain, type LlmBrainOptions } from "./llm_brain.ts";
import { NotificationHub } from "./notification_hub.ts";
import { DIANA_HUB_PATH } from "./contract.ts";
import { NotificationService } from "./notification_service.ts";
import { type SessionLimits, SessionRegistry } from "./session_registry.ts";
import { ScriptedBrain } from "./scripted_brain.ts";

export type { Conversation, CustomerBrain, Emotion, Ending, Outcome, Turn } from "./brain.ts";
export { BrainError } from "./brain.ts";
export type { SessionStatus } from "./call_session.ts";
export type { DianaMessage, ErrorEvent, ProcessingEvent } from "./notification_service.ts";
export type { Scorecard } from "./scorecard.ts";
export { LlmBrain, type LlmBrainOptions } from "./llm_brain.ts";
export { ScriptedBrain } from "./scripted_brain.ts";
export { NotificationHub } from "./notification_hub.ts";

/** The hub's path, as in the seed. */
export { DIANA_HUB_PATH } from "./contract.ts";

/** Options of the Diana module. Every field is optional. */
export interface DianaOptions extends SessionLimits {
  /** The offline customer's typical thinking delay, in ms. @default {1200} */
  readonly thinkMs?: number;
  /** Use an OpenAI-compatible chat-completions API instead of the offline customer. */
  readonly llm?: LlmBrainOptions;
  /** Use this brain (tests); wins over `llm` and `thinkMs`. */
  readonly brain?: CustomerBrain;
  /** Silence after Diana's line before she checks the trainee is there, in ms; 0 never. @default {25000} */
  readonly silenceMs?: number;
  /** Makes calls repeatable: each call's seed derives from this and its session id. */
  readonly seed?: number;
  /** Tuning of the customer's mood machine. */
  readonly rules?: MoodRules;
}

/**
 * Mounts the notification hub at `/hubs/notification`.
 *
 * @example
 * ```ts
 * import { dianaModule } from "./mod.ts";
 * const diana = dianaModule({}, { thinkMs: 800 });
 * await diana.close?.();
 * ```
 */
export function dianaModule(hubOptions: HubOptions = {}, options: DianaOptions = {}): AppModule {
  const brain = options.brain ??
    (options.llm ? new LlmBrain(options.llm) : new ScriptedBrain({ thinkMs: options.thinkMs }));
  // mapHub calls the hub factory right away (to discover the hub's methods, on a hub that
  // is never invoked), then once per invocation, by which time the call service exists.
  const holder: { calls?: CallService } = {};
  const endpoint = mapHub(DIANA_HUB_PATH, () => new NotificationHub(holder.calls!), hubOptions);
  const calls = holder.calls = new CallService({
    brain,
    notifier: new NotificationService(endpoint.context, hubOptions.logError),
    registry: new SessionRegistry(options),
    silenceMs: options.silenceMs,
    seed: options.seed,
    rules: options.rules,
    logError: hubOptions.logError,
  });
  return {
    endpoints: [endpoint],
    close: () => Promise.resolve(calls.close()),
  };
}
