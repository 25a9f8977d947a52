/**
 * Diana's voice and the trainee's microphone, where the browser has them:
 * speechSynthesis speaks her lines, SpeechRecognition (or its webkit name)
 * turns the trainee's speech into lines. Without them the page works by
 * typing: `speak` then only estimates how long reading the line takes.
 * Exposes `globalThis.dianaVoice` for diana.js.
 */
"use strict";

(() => {
  const synthesis = globalThis.speechSynthesis;
  const Recognition = globalThis.SpeechRecognition ?? globalThis.webkitSpeechRecognition;
  /** Reading time per character, and its bounds, in ms. */
  const MS_PER_CHAR = 60;
  const MIN_MS = 1500;
  const MAX_MS = 9000;

  /**
   * Speaks `text` in a voice coloured by `emotion`; calls `done` once, when she
   * finishes (or when reading the line would have taken that long: browsers
   * without a voice never end an utterance). Returns a function that stops her.
   */
  function speak(text, emotion, done) {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      done();
    };
    if (synthesis) {
      synthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.rate = emotion === "angry" ? 1.15 : 1.05;
      utterance.pitch = emotion === "happy" ? 1.15 : 1;
      utterance.onend = finish;
      synthesis.speak(utterance);
    }
    const timer = setTimeout(finish, Math.min(MAX_MS, Math.max(MIN_MS, text.length * MS_PER_CHAR)));
    return () => {
      finished = true;
      clearTimeout(timer);
      synthesis?.cancel();
    };
  }

  /**
   * Listens until stopped: `onSpeechStart()` when the trainee starts talking,
   * `onLine(text)` for each finished sentence, `onError(message)` on failure.
   * Returns a function that stops listening.
   */
  function listen({ onSpeechStart, onLine, onError }) {
    let active = true;
    const recognizer = new Recognition();
    recognizer.continuous = true;
    recognizer.lang = "en-US";
    recognizer.onspeechstart = onSpeechStart;
    recognizer.onresult = (event) => {
      const result = event.results[event.results.length - 1];
      if (result.isFinal) onLine(result[0].transcript);
    };
    recognizer.onerror = (event) => onError(`Speech recognition failed: ${event.error}.`);
    // Browsers end continuous recognition after a pause: carry on until stopped.
    recognizer.onend = () => active && recognizer.start();
    recognizer.start();
    return () => {
      active = false;
      recognizer.stop();
    };
  }

  globalThis.dianaVoice = Object.freeze({
    /** Whether the trainee can talk instead of typing. */
    canListen: Recognition !== undefined,
    speak,
    listen,
  });
})();
