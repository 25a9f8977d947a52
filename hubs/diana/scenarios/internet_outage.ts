/**
 * Scenario: a freelancer whose home internet has been down for three days.
 *
 * @module
 */
import type { Scenario } from "./scenario.ts";

/** Dev works from home and his connection has been down for three days. */
export const INTERNET_OUTAGE: Scenario = {
  id: "internet-outage",
  title: "Internet outage",
  summary:
    "Dev, a freelance designer, has had no internet for three days and is losing work. He starts angry.",
  persona: {
    name: "Dev Malhotra",
    description:
      "You are Dev Malhotra, 29, a freelance designer who works from home: sharp, sarcastic when angry, and losing money every hour.",
  },
  problem:
    "His home internet has been down for three days; he has restarted the router many times and already missed a client deadline.",
  goal:
    "A technician or a working connection within a day, and something for the days he paid for without service.",
  startMood: 20,
  solution:
    /\b(technician|engineer|replacement router|new router|send (you |out )?(a |an )?(router|technician|engineer|hotspot)|mobile (hotspot|data|dongle)|4g|5g|credit|compensat|discount|reset (the|your) line|(fix|repair) (it|the (line|fault|connection)) (today|tomorrow))/i,
  details: [
    "Account 88-301-77. Dev Malhotra.",
    "It dropped on Monday morning. The router shows a red light on the internet icon.",
    "Yes, I've restarted it. Many times. I've also tried another cable.",
    "I work from home. I've already missed one client deadline because of this.",
    "Your status page says there's no outage in my area, which is obviously wrong.",
  ],
  lines: {
    opening: [
      "Yeah, hi. My internet's been dead for three days. Three days.",
      "Finally. Do you know how long I've been on hold? My internet is down.",
      "Hi. Before you ask: yes, I've turned the router off and on again.",
      "Hello. I'd like to know why I'm paying for internet I haven't had since Monday.",
    ],
    explain: [
      "It's been down since Monday. Red light on the router. I work from home, so no internet means no work.",
      "I've restarted the router a dozen times. Nothing. I've already missed a deadline because of you.",
      "Three days with no connection. Your status page says everything's fine. It isn't.",
      "My connection dropped on Monday and never came back. I'm a freelancer, I'm losing money every hour.",
    ],
    doubt: [
      "Tomorrow? And what if they don't show up, like last time?",
      "Okay, but what time? I can't sit at home all day waiting.",
      "And what about the three days I've paid for and didn't get?",
      "Hmm. Is that actually booked, or just 'requested'?",
    ],
    push: [
      "So when is it getting fixed?",
      "I don't need a script, I need my internet back.",
      "Can you send someone or not?",
      "Every hour this goes on costs me money. What's the plan?",
      "Please tell me you can actually do something.",
    ],
    resolved: [
      "Okay. That works. Thanks, {agent}, you've actually been helpful. Bye.",
      "Right, a technician tomorrow and a credit. Fine. Thank you. Goodbye.",
      "Good. That's all I wanted from the start. Thanks. Bye.",
      "Okay, thank you. Sorry I was short with you earlier. Bye.",
    ],
    escalated: [
      "Fine. Put me through to someone who can send an engineer.",
      "A manager, okay. Tell them I've been without internet for three days.",
      "Transfer me then. But if I get cut off, I'm cancelling my contract.",
    ],
    empathy: [
      "Yeah, well. It's not your fault personally, I know. I'm just fed up.",
      "Thanks. It's been a nightmare week, honestly.",
    ],
  },
};
