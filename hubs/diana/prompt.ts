/**
 * Turns a conversation into chat-completion messages: a system prompt with the
 * persona, her problem, goal, facts and current mood, what her next line must
 * do, then the call so far (Diana as the assistant, the trainee as the user).
 * Pure.
 *
 * @module
 */
import type { Conversation, Cue } from "./brain.ts";

/** One chat-completion message. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** What each cue asks of her next line. */
const DIRECTIONS: Readonly<Record<Cue, string>> = {
  opening: "The agent has just picked up. Say hello and, in one sentence, why you are calling.",
  explain: "Explain your problem in two or three sentences.",
  details: "The agent asked a question. Answer it with one of your facts.",
  empathy: "The agent was understanding. Soften a little, but ask what they will do.",
  doubt: "The agent offered a solution. You are not convinced yet: ask for a firm commitment.",
  push: "The agent has not helped yet. Press them for a concrete solution.",
  too_many_questions: "You have answered enough questions. Say so, and ask them to act.",
  premature_close: "The agent is wrapping up but nothing is solved. Object.",
  rude: "The agent was rude. Tell them firmly that you expect respect.",
  silence: "The agent has said nothing for a while. Check whether they are still there.",
  resolved: "Your problem is solved. Thank the agent and say goodbye: this ends the call.",
  escalated:
    "The agent is passing you to someone else. Accept and say goodbye: this ends the call.",
  hang_up_rude:
    "You have had enough of the agent's rudeness. Say you are hanging up: this ends the call.",
  hang_up_silence: "Nobody answers. Say you are hanging up: this ends the call.",
  hang_up_tired:
    "The call is going nowhere. Say you give up and will try another day: this ends the call.",
};

/**
 * The messages for the customer's next line.
 *
 * @example
 * ```ts
 * import { chatMessages } from "./prompt.ts";
 * import { BILLING_DISPUTE } from "./scenarios/billing_dispute.ts";
 * const messages = chatMessages({
 *   scenario: BILLING_DISPUTE, turns: [], cue: "opening", mood: 30, emotion: "frustrated", seed: 1,
 * });
 * // messages[0].role === "system"
 * ```
 */
export function chatMessages(conversation: Conversation): ChatMessage[] {
  const { scenario, mood, emotion, cue } = conversation;
  const system = [
    scenario.persona.description,
    `You are phoning a contact centre. Your problem: ${scenario.problem}`,
    `What you want: ${scenario.goal}`,
    `Facts you can give when asked: ${scenario.details.join(" ")}`,
    conversation.agentName ? `The agent's name is ${conversation.agentName}.` : "",
    "Stay in character as the customer and never mention being an AI or a role-play.",
    "Speak as on the phone: one to three short sentences, no stage directions, no emojis.",
    `Your mood now: ${emotion} (${mood} out of 100).`,
    `Your next line: ${DIRECTIONS[cue]}`,
  ].filter(Boolean).join("\n");
  const messages: ChatMessage[] = [{ role: "system", content: system }];
  for (const turn of conversation.turns) {
    messages.push({
      role: turn.speaker === "customer" ? "assistant" : "user",
      content: turn.text,
    });
  }
  const last = conversation.turns.at(-1);
  if (!last) messages.push({ role: "user", content: "(The agent picks up the phone.)" });
  else if (last.speaker === "customer") {
    messages.push({ role: "user", content: "(The agent says nothing.)" });
  }
  return messages;
}
