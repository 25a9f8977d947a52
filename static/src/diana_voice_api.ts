/**
 * What diana_voice.js (loaded before the Diana page script) offers on
 * `globalThis.dianaVoice`: Diana's voice and the trainee's microphone, where
 * the browser has them.
 *
 * @module
 */
import type { Emotion } from "../../hubs/diana/contract.ts";

/** What the microphone reports while it listens. */
export interface ListenHandlers {
  /** The trainee started talking. */
  onSpeechStart(): void;
  /** A finished sentence. */
  onLine(text: string): void;
  /** Recognition failed. */
  onError(message: string): void;
}

/** Diana's voice and the trainee's microphone. */
export interface DianaVoice {
  /** Whether the trainee can talk instead of typing. */
  readonly canListen: boolean;
  /** Speaks `text`; calls `done` once she finishes; returns a function that stops her. */
  speak(text: string, emotion: Emotion, done: () => void): () => void;
  /** Listens until the returned function is called. */
  listen(handlers: ListenHandlers): () => void;
}

/** The page's voice, as diana_voice.js exposes it. */
export function dianaVoice(): DianaVoice {
  return (globalThis as unknown as { dianaVoice: DianaVoice }).dianaVoice;
}
