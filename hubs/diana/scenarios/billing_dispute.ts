/**
 * Scenario: a loyal customer was charged twice for one phone bill.
 *
 * @module
 */
import type { Scenario } from "./scenario.ts";

/** Margaret was charged twice for her March bill and wants her money back. */
export const BILLING_DISPUTE: Scenario = {
  id: "billing-dispute",
  title: "Billing dispute",
  summary: "Margaret was charged twice for her March phone bill and wants the money back.",
  persona: {
    name: "Margaret Hale",
    description:
      "You are Margaret Hale, 58, a retired schoolteacher: precise, polite at first, and tired of being passed from one department to the next.",
  },
  problem:
    "Her phone bill of 49.99 was taken from her card twice on the 3rd of March, and a callback promised last week never came.",
  goal: "The duplicate 49.99 refunded, with a confirmation she can keep.",
  startMood: 30,
  solution:
    /\b(refund|reimburs|credit|revers|money back|pay (you|it) back|remove the (second |duplicate |extra )?charge|cancel the (second |duplicate |extra )?(charge|payment))/i,
  details: [
    "My account number is 4471 2290. It's under Margaret Hale.",
    "Both payments went out on the third of March, forty-nine ninety-nine each.",
    "It's the card ending in 0412, the one I always use.",
    "I rang last week already and a young man promised me a callback. Nobody called.",
    "I've been with you for eleven years, for what it's worth.",
  ],
  lines: {
    opening: [
      "Hello? Yes, hi. I'm calling about my phone bill. Again.",
      "Oh, finally, a person. Hello. It's about a charge on my bill.",
      "Hello, yes. I've been on hold for twenty minutes. It's about my bill.",
      "Hi. I hope you can help me, because last time nobody could. It's my bill.",
    ],
    explain: [
      "You've taken my March payment twice. Forty-nine ninety-nine, two times, same day. I want the second one back.",
      "I was charged twice for the same bill. Ninety-nine pounds ninety-eight gone instead of forty-nine ninety-nine, and I'm on a pension.",
      "My bill came out of my card twice on the third. I called about it last week and was promised a callback that never happened.",
      "There are two identical payments for March on my statement. That's your mistake, not mine, and I'd like it fixed today.",
    ],
    doubt: [
      "That's what the last person said. How do I know it will actually happen this time?",
      "Hmm. And when exactly will I see that money? I've heard promises before.",
      "Will I get that in writing? Because last week's promise came to nothing.",
      "Okay, but I need to know it's really done, not just noted somewhere.",
    ],
    push: [
      "So what are you going to do about the double charge?",
      "I just want my forty-nine ninety-nine back. Is that so hard?",
      "Can you see the two payments or not?",
      "I'm still waiting to hear how you'll fix this.",
      "I don't want excuses, I want the duplicate payment refunded.",
    ],
    resolved: [
      "Thank you, {agent}. That's all I wanted. Finally someone sorted it out. Goodbye.",
      "Oh, that's a relief. Thank you for actually fixing it. Have a good day.",
      "Right, a refund and an email confirmation. Thank you, that's perfect. Bye now.",
      "Thank you. You've been very helpful, much better than last time. Goodbye.",
    ],
    escalated: [
      "Fine, put me through to your supervisor then. I hope they can sort it out.",
      "A supervisor? All right. As long as someone finally fixes it. I'll hold.",
      "Okay, transfer me. But please pass on everything I've told you so I don't have to repeat it.",
    ],
    empathy: [
      "Thank you. It's not the money so much as being ignored, you know?",
      "I appreciate that. Eleven years I've been a customer, and this is how it goes.",
    ],
  },
};
