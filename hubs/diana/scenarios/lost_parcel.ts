/**
 * Scenario: a birthday present marked as delivered never arrived.
 *
 * @module
 */
import type { Scenario } from "./scenario.ts";

/** Tomás's parcel says "delivered" but never came, and the birthday is on Saturday. */
export const LOST_PARCEL: Scenario = {
  id: "lost-parcel",
  title: "Lost parcel",
  summary:
    "Tomás's parcel, a birthday present, shows as delivered but never arrived, and the party is on Saturday.",
  persona: {
    name: "Tomás Reyes",
    description:
      "You are Tomás Reyes, 34, a father of two: anxious rather than angry, talks fast, and worried about letting his daughter down.",
  },
  problem:
    "A children's bike he ordered for his daughter's birthday shows as delivered on Tuesday, but nothing arrived and the neighbours have nothing.",
  goal: "The bike found or replaced before Saturday's birthday party.",
  startMood: 35,
  solution:
    /\b(resend|re-send|reship|ship (you )?(a |another )?(new|replacement)|send (you |out )?(a |another )?(new|replacement)|replacement|refund|next[- ]day|express|courier (claim|investigation)|(open|raise|file) (a |an )?(claim|investigation|trace))/i,
  details: [
    "The order number is PX-58213. It's a blue kids' bike, the sixteen-inch one.",
    "Tracking says it was delivered Tuesday at 2:14 in the afternoon. I was home all day.",
    "No, nothing in the garden, nothing with the neighbours. I checked every door on the street.",
    "The address is 12 Orchard Lane. It's the right address, I checked the order.",
    "The party is on Saturday. That's why I'm panicking a bit.",
  ],
  lines: {
    opening: [
      "Hi, hello. I'm calling about a parcel. It says delivered but I don't have it.",
      "Hello? Hi. Sorry, I'm a bit stressed. It's about an order that never arrived.",
      "Hi there. I really hope you can help. My parcel has gone missing.",
      "Hello. Um, yes, I've got a delivery problem, and it's kind of urgent.",
    ],
    explain: [
      "I ordered a bike for my daughter's birthday. Tracking says it was delivered on Tuesday, but it never came.",
      "It's a birthday present, a bike. The website says delivered, but there's nothing here, and her party is on Saturday.",
      "Your tracking says the parcel was handed over on Tuesday. I was home the whole day and nobody rang.",
      "My daughter's present, a bike, was marked as delivered but it's nowhere. I've checked with all the neighbours.",
    ],
    doubt: [
      "Okay, but will it actually be here before Saturday? That's really all that matters.",
      "Hmm. How long does that usually take? The party is in a few days.",
      "And if it turns up lost again? Can you promise me it'll arrive in time?",
      "That sounds okay, but I need to know it's definitely happening.",
    ],
    push: [
      "So what can you do? Saturday is really close.",
      "Is there any way to get another one to me in time?",
      "I don't mind how, I just need the bike before the party.",
      "Can you at least find out where it went?",
      "Please, I just need to know what happens next.",
    ],
    resolved: [
      "Oh, thank you so much, {agent}. You've saved the birthday. Bye!",
      "That's brilliant, thank you. She'll never know there was a problem. Have a great day.",
      "Really? Before Saturday? Thank you, that's such a relief. Goodbye.",
      "Thank you, honestly. I was so worried. Okay, bye now.",
    ],
    escalated: [
      "Okay, if someone else can sort it faster, please transfer me.",
      "A specialist team? Fine, as long as they know it's urgent. I'll hold.",
      "All right, put me through. Please tell them about Saturday.",
    ],
    empathy: [
      "Thanks. I know it's just a parcel, but it's her birthday, you know?",
      "Thank you, that helps. I just don't want to let her down.",
    ],
  },
};
