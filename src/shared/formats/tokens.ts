/**
 * The tokenizer behind the token-based exports (Prodigy/spaCy, CoNLL).
 * Rules: a token is a run of letters, combining marks, digits and
 * underscores, or any other single non-space code point, or a run of
 * whitespace; tokens are then split at every span boundary so each span
 * starts and ends on a token. A single space after a token becomes that
 * token's `ws` (spaCy's `spaces`), unless a span starts at the space or
 * ends right after it; any other whitespace is a token of its own, as in
 * spaCy. So `"".join(t.text + (" " if t.ws else "") for t in tokens) == text`.
 * Offsets are UTF-16 indices; the codecs convert.
 */
export interface Token {
  text: string;
  start: number;
  end: number;
  ws: boolean;
  /** True for a whitespace-only token. */
  space: boolean;
}

const PIECE = /[\p{L}\p{M}\p{N}_]+|[^\S\r\n]+|\r\n|[\r\n]|[^\s]/gu;
const WHITESPACE = /^\s+$/u;

/** The tokenizer's pieces of a text before any span cuts, as [start, end) pairs: compute once per text, reuse for each layer. */
export function textPieces(text: string): number[] {
  const pieces: number[] = [];
  let covered = 0;
  for (const match of text.matchAll(PIECE)) {
    const start = match.index;
    // Characters the pattern skipped (a lone surrogate, say) become their own piece.
    if (start > covered) pieces.push(covered, start);
    covered = start + match[0].length;
    pieces.push(start, covered);
  }
  if (covered < text.length) pieces.push(covered, text.length);
  return pieces;
}

export function tokenize(
  text: string,
  boundaries: Iterable<number> = [],
  spanStarts: ReadonlySet<number> = new Set(),
  spanEnds: ReadonlySet<number> = new Set(),
  base: readonly number[] = textPieces(text),
): Token[] {
  const cuts = [...new Set(boundaries)].filter((b) => b > 0 && b < text.length).sort((a, b) => a - b);
  const pieces: { start: number; end: number }[] = [];
  let cut = 0;
  for (let p = 0; p < base.length; p += 2) {
    let from = base[p]!;
    const end = base[p + 1]!;
    while (cut < cuts.length && cuts[cut]! <= from) cut++;
    while (cut < cuts.length && cuts[cut]! < end) {
      pieces.push({ start: from, end: cuts[cut]! });
      from = cuts[cut]!;
      cut++;
    }
    pieces.push({ start: from, end });
  }

  const tokens: Token[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const pieceText = text.slice(piece.start, piece.end);
    const space = WHITESPACE.test(pieceText);
    const previous = tokens[tokens.length - 1];
    if (space && previous && !previous.space && !previous.ws && pieceText.startsWith(' ') && !spanStarts.has(piece.start) && !spanEnds.has(piece.start + 1)) {
      previous.ws = true;
      if (pieceText.length > 1) tokens.push({ text: pieceText.slice(1), start: piece.start + 1, end: piece.end, ws: false, space: true });
      continue;
    }
    tokens.push({ text: pieceText, start: piece.start, end: piece.end, ws: false, space });
  }
  return tokens;
}

/** Index of the token starting at each UTF-16 offset, and of the token ending at each offset. */
export function tokenIndex(tokens: readonly Token[]): { byStart: Map<number, number>; byEnd: Map<number, number> } {
  const byStart = new Map<number, number>();
  const byEnd = new Map<number, number>();
  tokens.forEach((t, i) => {
    byStart.set(t.start, i);
    byEnd.set(t.end, i);
  });
  return { byStart, byEnd };
}
