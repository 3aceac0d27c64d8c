/**
 * Snaps a selection to whole words: a boundary inside a word moves out to the
 * word's edge, then surrounding spaces and punctuation are dropped. Numbers
 * written with separators ("2,500", "1.5") count as one word. Offsets are
 * UTF-16 indices; a surrogate pair is never split.
 */

import { splitsSurrogatePair } from '../offsets';
import { isAbbreviationDot } from './abbreviations';

const WORD = /[\p{L}\p{N}\p{M}]/u;
/** Joiners that belong to a word only between two word characters: 2,500  1.5  don't  well-known */
const JOINER = /[,.'’\-‐]/u;
/** Characters dropped at the edges of a snapped span (percent signs and currency stay). */
const EDGE_TRIM = /[\s\p{Z}\p{Cf}\p{Pi}\p{Pf}\p{Ps}\p{Pe}\p{Pd}.,;:!?…"'«»„“”‘’·•*_\u00A0]/u;

function charAt(text: string, index: number): string {
  const cp = text.codePointAt(index);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function charBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text.slice(index - 1, index);
}

function isWordAt(text: string, index: number): boolean {
  const ch = charAt(text, index);
  if (ch && WORD.test(ch)) return true;
  if (ch && JOINER.test(ch)) return (WORD.test(charBefore(text, index)) && WORD.test(charAt(text, index + 1))) || isAbbreviationDot(text, index);
  return false;
}

function isWordBefore(text: string, index: number): boolean {
  const ch = charBefore(text, index);
  return ch !== '' && isWordAt(text, index - ch.length);
}

export interface Range {
  start: number;
  end: number;
}

export function snapToWords(text: string, start: number, end: number): Range {
  let s = Math.max(0, Math.min(start, end));
  let e = Math.min(text.length, Math.max(start, end));
  // A boundary between the halves of a surrogate pair moves out to the whole character.
  if (splitsSurrogatePair(text, s)) s -= 1;
  if (splitsSurrogatePair(text, e)) e += 1;
  const selected = { start: s, end: e };
  // Trim first, so that a selection starting on a space does not grab the word before it.
  ({ start: s, end: e } = trimEdges(text, s, e));
  if (s >= e) return selected;
  // Grow out of partial words.
  while (s > 0 && isWordAt(text, s) && isWordBefore(text, s)) s -= charBefore(text, s).length;
  while (e < text.length && isWordBefore(text, e) && isWordAt(text, e)) e += charAt(text, e).length;
  return trimEdges(text, s, e);
}

export function trimEdges(text: string, start: number, end: number): Range {
  let s = start;
  let e = end;
  while (s < e && EDGE_TRIM.test(charAt(text, s))) s += charAt(text, s).length;
  while (e > s && EDGE_TRIM.test(charBefore(text, e)) && !isAbbreviationDot(text, e - 1)) e -= charBefore(text, e).length;
  return { start: s, end: e };
}
