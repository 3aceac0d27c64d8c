/**
 * Tokens for token-level agreement: a word is a run of letters, digits and
 * combining marks, kept whole across "2,500", "1.5", "don't" and "well-known";
 * every other character that is not white space is a token of its own.
 * Returns [start0, end0, start1, end1, ...] as JavaScript string indices.
 */
const TOKEN = /[\p{L}\p{N}\p{M}]+(?:[,.'’\-‐][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu;

export function tokenize(text: string): Int32Array {
  const bounds: number[] = [];
  for (const match of text.matchAll(TOKEN)) bounds.push(match.index, match.index + match[0].length);
  return Int32Array.from(bounds);
}
