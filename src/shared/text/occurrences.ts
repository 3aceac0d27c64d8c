/**
 * Every other place where exactly the same text stands, as whole words
 * ("Kiev" is not found inside "Kievan"), skipping places already covered by a
 * span of the same label at the same offsets.
 */
export function otherOccurrences(
  text: string,
  quote: string,
  self: { start: number; end: number },
  taken: readonly { start: number; end: number }[] = [],
): { start: number; end: number }[] {
  if (quote.trim() === '') return [];
  const word = /[\p{L}\p{N}]/u;
  const needsBoundaryBefore = word.test(quote[0]!);
  const needsBoundaryAfter = word.test(quote[quote.length - 1]!);
  const found: { start: number; end: number }[] = [];
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
    const end = at + quote.length;
    if (at === self.start && end === self.end) continue;
    if (needsBoundaryBefore && at > 0 && word.test(text[at - 1]!)) continue;
    if (needsBoundaryAfter && end < text.length && word.test(text[end]!)) continue;
    if (taken.some((t) => t.start === at && t.end === end)) continue;
    found.push({ start: at, end });
  }
  return found;
}

/** The line a range stands on, shortened around it, for listing occurrences. */
export function contextLine(text: string, start: number, end: number, width = 50): { before: string; match: string; after: string } {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1) + 1, start - width);
  const nextBreak = text.indexOf('\n', end);
  const lineEnd = Math.min(nextBreak === -1 ? text.length : nextBreak, end + width);
  return {
    before: (lineStart > 0 && text[lineStart - 1] !== '\n' ? '…' : '') + text.slice(lineStart, start).replace(/\s+/g, ' '),
    match: text.slice(start, end),
    after: text.slice(end, lineEnd).replace(/\s+/g, ' ') + (lineEnd < text.length && text[lineEnd] !== '\n' ? '…' : ''),
  };
}
