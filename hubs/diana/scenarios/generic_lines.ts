/**
 * Lines any customer may say, by cue, and the short interjections that open a
 * line in a given mood. Scenario lines are mixed with these for variety.
 *
 * @module
 */
import type { Cue, Emotion } from "../brain.ts";

/** Generic lines by cue; `{agent}` stands for the agent's name. */
export const GENERIC_LINES: Readonly<Partial<Record<Cue, readonly string[]>>> = {
  empathy: [
    "Thank you. It's nice to hear someone actually gets it.",
    "Okay. I appreciate that, I really do. But what happens now?",
    "Thanks. Sorry if I sound short, it's been a long week.",
    "Well, at least you're listening. That's more than last time.",
    "Thank you, {agent}. So can you actually sort it out?",
  ],
  details: [
    "Sure, hang on. Let me check.",
    "Yes, I have that here somewhere.",
  ],
  too_many_questions: [
    "I've answered a lot of questions now. When do we get to the part where you fix it?",
    "Sorry, but how many more questions are there? I just want this solved.",
    "I already told you all of that. Can you please just do something?",
    "Do you really need all this? I've been on the phone long enough.",
  ],
  premature_close: [
    "Wait, hold on. Nothing's been fixed yet!",
    "Hang on, are you trying to get rid of me? My problem isn't solved.",
    "Excuse me? We're not done. You haven't done anything yet.",
    "No, no, don't hang up on me. What about my problem?",
  ],
  rude: [
    "Excuse me? There's no need to talk to me like that.",
    "Wow. I'm the customer here, you know. Don't speak to me that way.",
    "I'm sorry, what did you just say? I'd like a bit of respect, please.",
    "That's really uncalled for. I'm trying to stay polite here.",
  ],
  hang_up_rude: [
    "You know what? I'm done. I'll be making a formal complaint about this call. Goodbye.",
    "Unbelievable. I'm not putting up with this. I'm hanging up.",
    "That's it, I'm taking my business elsewhere. Goodbye.",
    "I won't be spoken to like that. I'm ending this call and writing to your manager.",
  ],
  silence: [
    "Hello? Are you still there?",
    "Hello? Did I lose you?",
    "Um, hello? Can you hear me?",
    "Are you there? I can't hear anything.",
    "Hello? I'm still waiting.",
  ],
  hang_up_silence: [
    "Hello? ... Right, I'm hanging up. I'll call back when someone's actually there.",
    "I don't have time for this. If you can hear me, I'm hanging up now.",
    "Nobody's there. Typical. Goodbye.",
  ],
  hang_up_tired: [
    "I've been on the phone far too long and we're getting nowhere. I'll try another day.",
    "This is going in circles. I'm going to hang up and put it in writing instead.",
    "Forget it. I've wasted enough of my afternoon on this. Goodbye.",
  ],
};

/** Interjections that may open a line, by emotion. */
export const LEADS: Readonly<Record<Emotion, readonly string[]>> = {
  angry: ["Look.", "Honestly?", "Listen.", "Seriously."],
  frustrated: ["Right.", "Well.", "Okay, look.", "Hmm."],
  concerned: ["Okay.", "Hmm.", "Right."],
  calm: ["Okay.", "Right.", "Sure."],
  happy: ["Oh, good.", "Great.", "Lovely."],
};
