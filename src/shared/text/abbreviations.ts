/**
 * Is the full stop at `pos` the last one of an abbreviation written with
 * letters and dots ("U.S.", "U.K.", "e.g.", "a.m.")? Snapping and word steps
 * keep it with the word, so "U.S." is one word, not "U.S" or three words.
 */
export function isAbbreviationDot(text: string, pos: number): boolean {
  if (text[pos] !== '.') return false;
  return /(?<![\p{L}\p{N}.])\p{L}(?:\.\p{L})+$/u.test(text.slice(Math.max(0, pos - 16), pos));
}
