/**
 * Moves span boundaries by one word or one character (keyboard resizing).
 * A "word" is a run of letters, digits and combining marks, joined across
 * "2,500", "1.5" or "don't" as when snapping a selection; a character is a
 * grapheme cluster, so a flag, a letter with its accent or a CRLF is never
 * split.
 */

import { isAbbreviationDot } from './abbreviations';

const WORD = /[\p{L}\p{N}\p{M}]/u;
const JOINER = /[,.'’\-‐]/u;

function cpAfter(text: string, pos: number): number {
  const code = text.charCodeAt(pos);
  return code >= 0xd800 && code <= 0xdbff && pos + 1 < text.length ? 2 : 1;
}

function cpBefore(text: string, pos: number): number {
  const code = text.charCodeAt(pos - 1);
  return code >= 0xdc00 && code <= 0xdfff && pos >= 2 ? 2 : 1;
}

function isLetter(text: string, pos: number): boolean {
  return pos >= 0 && pos < text.length && WORD.test(String.fromCodePoint(text.codePointAt(pos)!));
}

/** Is the character at `pos` part of a word (a letter, or a joiner between two letters)? */
function isWordAfter(text: string, pos: number): boolean {
  if (pos >= text.length) return false;
  if (isLetter(text, pos)) return true;
  if (isAbbreviationDot(text, pos)) return true;
  return JOINER.test(text[pos]!) && pos > 0 && isLetter(text, pos - cpBefore(text, pos)) && isLetter(text, pos + 1);
}

function isWordBefore(text: string, pos: number): boolean {
  if (pos <= 0) return false;
  return isWordAfter(text, pos - cpBefore(text, pos));
}

/** The end of the next word after `pos` (skipping spaces and punctuation first). */
export function nextWordEnd(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && !isWordAfter(text, p)) p += cpAfter(text, p);
  while (p < text.length && isWordAfter(text, p)) p += cpAfter(text, p);
  return p;
}

/** The start of the previous word before `pos`. */
export function previousWordStart(text: string, pos: number): number {
  let p = pos;
  while (p > 0 && !isWordBefore(text, p)) p -= cpBefore(text, p);
  while (p > 0 && isWordBefore(text, p)) p -= cpBefore(text, p);
  return p;
}

/** The end of the word before the last word that ends at or before `pos`. */
export function previousWordEnd(text: string, pos: number): number {
  let p = pos;
  while (p > 0 && !isWordBefore(text, p)) p -= cpBefore(text, p);
  while (p > 0 && isWordBefore(text, p)) p -= cpBefore(text, p);
  while (p > 0 && !isWordBefore(text, p)) p -= cpBefore(text, p);
  return p;
}

/** The start of the word after the word that starts at or after `pos`. */
export function nextWordStart(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && !isWordAfter(text, p)) p += cpAfter(text, p);
  while (p < text.length && isWordAfter(text, p)) p += cpAfter(text, p);
  while (p < text.length && !isWordAfter(text, p)) p += cpAfter(text, p);
  return p;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Length of the user-perceived character (grapheme cluster) after `pos`: a flag, an accented letter, CRLF. */
function graphemeAfter(text: string, pos: number): number {
  for (const { segment } of graphemes.segment(text.slice(pos, pos + 64))) return segment.length;
  return 1;
}

/** Length of the grapheme cluster before `pos`. */
function graphemeBefore(text: string, pos: number): number {
  let last = 1;
  for (const { segment } of graphemes.segment(text.slice(Math.max(0, pos - 64), pos))) last = segment.length;
  return last;
}

export type Edge = 'start' | 'end';
export type Direction = 'grow' | 'shrink';
export type Unit = 'word' | 'char';

/**
 * The span's new boundaries after one resize step, or null when the step
 * would leave the text or empty the span.
 */
export function resizeSpan(
  text: string,
  span: { start: number; end: number },
  edge: Edge,
  direction: Direction,
  unit: Unit,
): { start: number; end: number } | null {
  let { start, end } = span;
  if (edge === 'end') {
    if (direction === 'grow') end = unit === 'word' ? nextWordEnd(text, end) : Math.min(text.length, end + graphemeAfter(text, end));
    else end = unit === 'word' ? previousWordEnd(text, end) : end - graphemeBefore(text, end);
  } else {
    if (direction === 'grow') start = unit === 'word' ? previousWordStart(text, start) : Math.max(0, start - graphemeBefore(text, start));
    else start = unit === 'word' ? nextWordStart(text, start) : start + graphemeAfter(text, start);
  }
  if (start < 0 || end > text.length || end <= start) return null;
  if (start === span.start && end === span.end) return null;
  return { start, end };
}
