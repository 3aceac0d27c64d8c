import type { FinishedText } from './finish-text';

/** What the CLI's main thread and the text finisher's worker thread share (text-finisher.ts). */

/** Who has a chunk, one Int32 slot per chunk; the slot after the last says stop. */
export const CLAIM = { free: 0, main: 1, worker: 2, done: 3, stop: 4 } as const;

export interface FinisherJob {
  texts: { text: string; language: string | null }[];
  verbatim: boolean;
  /** Texts per chunk. */
  chunk: number;
  /** Int32Array over chunks + 1 slots (CLAIM). */
  claims: SharedArrayBuffer;
}

/** A finished text as the worker posts it: without the text when it is the decoded text unchanged (most are), to spare copying it back. */
export type PostedText = Omit<FinishedText, 'text'> & { text?: string };
