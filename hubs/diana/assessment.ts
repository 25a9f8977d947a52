/**
 * Reads a trainee's line the way a customer hears it: a greeting, empathy,
 * an apology, a question, a concrete solution, an offer to escalate, a
 * goodbye, rudeness. Pure: text in, signals out.
 *
 * @module
 */
import type { Scenario } from "./scenarios/mod.ts";

/** What a trainee's line contains. */
export interface Signals {
  /** Hello, thanks for calling, the agent's name. */
  readonly greeting: boolean;
  /** Acknowledges the customer's feelings or situation. */
  readonly empathy: boolean;
  /** Says sorry. */
  readonly apology: boolean;
  /** Asks the customer something. */
  readonly question: boolean;
  /** Commits to a concrete fix for this scenario's problem. */
  readonly solution: boolean;
  /** Offers a supervisor, manager or another team. */
  readonly escalation: boolean;
  /** Tries to wrap the call up. */
  readonly closing: boolean;
  /** Insults, dismisses or talks down to the customer. */
  readonly rudeness: boolean;
  /** The name the agent gave ("my name is Sam"), if any. */
  readonly agentName?: string;
}

const GREETING =
  /\b(hello|hi|hey|good (morning|afternoon|evening)|thanks? (you )?for (calling|contacting|holding)|welcome to|my name is|you'?re (speaking|through) (to|with))\b/i;
const EMPATHY =
  /\b(i (completely |totally |fully )?understand|i can (only )?(imagine|understand|see (why|how))|that must (be|have been)|i hear you|i get (it|that|why)|that sounds (really |very |so )?(frustrating|stressful|annoying|awful|difficult|worrying|hard)|understandabl[ey]|i'?d (feel|be) the same|i know how|(must be|is|very|really|so) (frustrating|stressful|worrying)|thank you for (your )?(patience|bearing with)|i appreciate (your|you))/i;
const APOLOGY = /\b(sorry|apologi[sz]e|apologies)\b/i;
const QUESTION_START =
  /^(can|could|would|will|may|do|did|does|is|are|have|has|what|when|where|which|who|how|why)\b/i;
const COMMITMENT =
  /\b(i(?:'ll| will| can| have| am going to|'m going to|'ve)|we(?:'ll| will| can| have|'ve| are going to|'re going to)|let me|i'?m (arranging|processing|issuing|sending|booking)|(has|have) been)\b/i;
const ESCALATION =
  /\b(supervisor|manager|escalat\w*|specialist team|senior (colleague|agent)|transfer you|put you through)\b/i;
const CLOSING =
  /\b(anything else|have a (nice|good|great|lovely) (day|evening|weekend)|goodbye|bye|that'?s all (from me|for today))\b/i;
const RUDENESS =
  /\b(stupid|idiot\w*|dumb|moron\w*|shut up|not my (problem|fault|job)|calm down|whatever|deal with it|your (own )?fault|stop (whining|complaining|moaning)|pathetic|get lost|hurry up|damn|crap|bloody|f+u+c+k\w*|shit\w*)\b/i;
const AGENT_NAME = /\b(?:[Mm]y name is|[Mm]y name's|[Tt]his is|I'm|I am)\s+([A-Z][a-z]{1,20})\b/;
const NOT_NAMES = new Set(["Sorry", "Afraid", "Going", "Happy", "Glad", "Here", "Just", "Not"]);

/**
 * What `text` does, read for `scenario`'s problem.
 *
 * @example
 * ```ts
 * import { assess } from "./assessment.ts";
 * import { BILLING_DISPUTE } from "./scenarios/billing_dispute.ts";
 * assess("I'm sorry. I'll refund the second charge today.", BILLING_DISPUTE).solution; // true
 * ```
 */
export function assess(text: string, scenario: Scenario): Signals {
  const line = text.trim().replace(/[’‘]/g, "'");
  const sentences = line.split(/(?<=[.!?])\s+/);
  const name = AGENT_NAME.exec(line)?.[1];
  const rudeness = RUDENESS.test(line);
  return {
    greeting: GREETING.test(line),
    empathy: EMPATHY.test(line),
    apology: APOLOGY.test(line),
    question: sentences.some((s) => s.endsWith("?") || QUESTION_START.test(s) && !s.endsWith(".")),
    solution: !rudeness && COMMITMENT.test(line) && scenario.solution.test(line),
    escalation: ESCALATION.test(line),
    closing: CLOSING.test(line),
    rudeness,
    ...(name && !NOT_NAMES.has(name) ? { agentName: name } : {}),
  };
}
