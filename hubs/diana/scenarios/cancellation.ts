/**
 * Scenario: a customer moving away wants to cancel her gym membership.
 *
 * @module
 */
import type { Scenario } from "./scenario.ts";

/** Priya is moving to another city and wants out of her gym contract without the exit fee. */
export const CANCELLATION: Scenario = {
  id: "cancellation",
  title: "Cancellation",
  summary:
    "Priya is moving away and wants to cancel her gym membership today, without the 60 exit fee.",
  persona: {
    name: "Priya Nair",
    description:
      "You are Priya Nair, 41, a project manager: direct, organised, short on time, and suspicious of sales talk.",
  },
  problem:
    "She moves to another city next month, the website has no way to cancel, and she was told there is a 60 exit fee.",
  goal: "The membership cancelled from the end of this month, with no exit fee.",
  startMood: 40,
  solution:
    /\b(cancel(l?ed|l?ing)? (it|your|the)|process(ed)? (the |your )?cancell?ation|waive|no (exit |cancell?ation )?fee|without (the |any )?(exit |cancell?ation )?fee|transfer (your|the) membership|freeze (your|the) membership)/i,
  details: [
    "My membership number is FL-20931. Name's Priya Nair.",
    "I'm moving to Leeds on the twenty-eighth. There's no branch of yours there.",
    "I've tried the website three times. There's no cancel button anywhere.",
    "Someone at the front desk said there's a sixty pound exit fee. That's not in my contract as far as I can see.",
    "I've been a member for four years, and I've never missed a payment.",
  ],
  lines: {
    opening: [
      "Hi. I'd like to cancel my membership, please.",
      "Hello. Quick one, hopefully: I need to cancel my gym membership.",
      "Hi there. I'm calling to cancel. And please, no sales pitch.",
      "Hello. I want to end my membership, and your website won't let me.",
    ],
    explain: [
      "I'm moving to Leeds next month and you don't have a gym there. I want to cancel from the end of this month.",
      "I'm relocating for work. I've tried to cancel online three times and there's no option, so here I am.",
      "I need to cancel because I'm moving away. And I was told there's an exit fee, which I don't think is fair.",
      "I'm moving cities. I just want to stop the payments at the end of the month without paying sixty pounds for the privilege.",
    ],
    doubt: [
      "And there's definitely no exit fee? I don't want a surprise on my statement.",
      "Hmm. Will I get a confirmation email? I don't want the payments carrying on.",
      "Okay, but what date does it end? I need it to stop this month.",
      "Is that actually done, or does it need someone to approve it?",
    ],
    push: [
      "So can you cancel it or not?",
      "I really don't need an offer, I need a cancellation.",
      "I'm moving. A discount doesn't help me if there's no gym.",
      "What do I need to do to make this stop?",
      "I just need a yes and a date.",
    ],
    resolved: [
      "Great, thank you, {agent}. That was easier than I feared. Bye.",
      "Perfect. Cancelled, no fee, confirmation by email. Thanks, have a good day.",
      "Thank you. That's exactly what I needed. Goodbye.",
      "Brilliant, thanks for not making it difficult. Take care.",
    ],
    escalated: [
      "Fine, transfer me to whoever can actually cancel it.",
      "Okay, the retentions team. But I'm telling them the same thing: I'm cancelling.",
      "All right, put me through. I hope this doesn't take another half hour.",
    ],
    empathy: [
      "Thanks. I've liked the gym, honestly. It's just the move.",
      "I appreciate that. I just want it done cleanly.",
    ],
  },
};
