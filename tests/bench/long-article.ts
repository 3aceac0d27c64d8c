import { seededRandom } from '../helpers/workbench';

/**
 * A synthetic long article for the editor benchmark: deterministic (seeded),
 * about `length` characters of news-like prose in paragraphs, and `spans`
 * spans of which `overlapShare` overlap another span.
 */

const WORDS = (
  'the talks ceasefire officials said delegation northern southern agreed pause port convoy border artillery ' +
  'withdrawn kilometres spokesperson reported civilians killed wounded shelling ministry claimed forces soldiers ' +
  'figure verified mediators guarantee passage humanitarian staff energy strikes drones intercepted moratorium ' +
  'prisoners exchange missing families negotiators round schedule power plants analysts cautioned inflated ' +
  'according statement district utility engineers supply attack government minister warned progress within days'
).split(' ');

export interface LongArticle {
  text: string;
  spans: { start: number; end: number; label: number }[];
}

export function makeLongArticle(length = 200_000, spanCount = 5_000, overlapShare = 0.1, seed = 7): LongArticle {
  const rand = seededRandom(seed);
  const parts: string[] = [];
  let size = 0;
  const wordStarts: number[] = [];
  while (size < length) {
    const sentences = 3 + Math.floor(rand() * 5);
    let paragraph = '';
    for (let s = 0; s < sentences; s++) {
      const n = 8 + Math.floor(rand() * 14);
      const words: string[] = [];
      for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(rand() * WORDS.length)]!);
      if (rand() < 0.3) words.splice(Math.floor(rand() * n), 0, String(Math.floor(rand() * 5000)));
      let sentence = words.join(' ');
      sentence = sentence[0]!.toUpperCase() + sentence.slice(1) + '. ';
      paragraph += sentence;
    }
    paragraph = paragraph.trimEnd() + '\n\n';
    parts.push(paragraph);
    size += paragraph.length;
  }
  const text = parts.join('').slice(0, length);
  const re = /\p{L}+|\d+/gu;
  for (const m of text.matchAll(re)) wordStarts.push(m.index);

  // Non-overlapping spans first: 1-4 words each, spread evenly.
  const plain = Math.round(spanCount * (1 - overlapShare));
  const spans: LongArticle['spans'] = [];
  const stride = wordStarts.length / plain;
  for (let i = 0; i < plain; i++) {
    const w = Math.floor(i * stride);
    const words = 1 + Math.floor(rand() * Math.max(1, Math.min(3, stride - 1)));
    const start = wordStarts[w]!;
    const lastWord = wordStarts[Math.min(w + words - 1, wordStarts.length - 1)]!;
    const end = lastWord + (/^(\p{L}+|\d+)/u.exec(text.slice(lastWord))?.[0].length ?? 1);
    if (end > start) spans.push({ start, end, label: i % 4 });
  }
  // Overlapping spans: start inside an existing span and run past its end.
  const overlapping = spanCount - spans.length;
  for (let i = 0; i < overlapping; i++) {
    const base = spans[Math.floor(rand() * plain)]!;
    const start = base.start + Math.max(1, Math.floor((base.end - base.start) / 2));
    const end = Math.min(text.length, base.end + 5 + Math.floor(rand() * 30));
    spans.push({ start, end, label: (base.label + 1) % 4 });
  }
  return { text, spans };
}
