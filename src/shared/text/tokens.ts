/**
 * Tokens for token-level agreement: a word is a run of letters, digits and
 * combining marks, kept whole across "2,500", "1.5", "don't" and "well-known"
 * (one joiner between two word characters); every other character that is
 * not white space is a token of its own (an emoji is one token).
 * Returns [start0, end0, start1, end1, ...] as JavaScript string indices.
 */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const SPACE = /\s/u;
const JOINERS = new Set([0x2c, 0x2e, 0x27, 0x2019, 0x2d, 0x2010]); // , . ' ’ - ‐

// 0 space, 1 word character, 2 other; ASCII and the rest of the BMP cached as met.
const kindCache = new Uint8Array(0x10000).fill(255);

/** The kind of the character at i; its width in code units is left in `width`. */
let width = 1;
function kindOf(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    width = ch.length;
    return WORD_CHAR.test(ch) ? 1 : SPACE.test(ch) ? 0 : 2;
  }
  width = 1;
  let kind = kindCache[code]!;
  if (kind === 255) {
    const ch = text[i]!;
    kind = WORD_CHAR.test(ch) ? 1 : SPACE.test(ch) ? 0 : 2;
    kindCache[code] = kind;
  }
  return kind;
}

/** The kind of a BMP code unit that is not a surrogate (cached). */
function bmpKind(code: number): number {
  let kind = kindCache[code]!;
  if (kind === 255) {
    const ch = String.fromCharCode(code);
    kind = WORD_CHAR.test(ch) ? 1 : SPACE.test(ch) ? 0 : 2;
    kindCache[code] = kind;
  }
  return kind;
}

export function tokenize(text: string): Int32Array {
  let bounds = new Int32Array(Math.max(16, text.length >> 2));
  let n = 0;
  const length = text.length;
  let i = 0;
  // One pass with local state only (a call and a module variable per character cost more than the work).
  while (i < length) {
    let code = text.charCodeAt(i);
    let kind: number;
    let w = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
      kind = kindOf(text, i);
      w = width;
    } else {
      kind = kindCache[code]!;
      if (kind === 255) kind = bmpKind(code);
    }
    if (kind === 0) {
      i += w;
      continue;
    }
    const start = i;
    i += w;
    if (kind === 1) {
      while (i < length) {
        code = text.charCodeAt(i);
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < length) {
          if (kindOf(text, i) !== 1) break;
          i += width;
          continue;
        }
        let k = kindCache[code]!;
        if (k === 255) k = bmpKind(code);
        if (k === 1) {
          i += 1;
        } else if (JOINERS.has(code) && i + 1 < length) {
          const next = text.charCodeAt(i + 1);
          let nk: number;
          if (next >= 0xd800 && next <= 0xdbff && i + 2 < length) nk = kindOf(text, i + 1);
          else {
            nk = kindCache[next]!;
            if (nk === 255) nk = bmpKind(next);
          }
          if (nk !== 1) break;
          i += 1;
        } else break;
      }
    }
    if (n + 2 > bounds.length) {
      const grown = new Int32Array(bounds.length * 2);
      grown.set(bounds);
      bounds = grown;
    }
    bounds[n++] = start;
    bounds[n++] = i;
  }
  return bounds.slice(0, n);
}
