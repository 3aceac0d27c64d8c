import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/**
 * Word-level overlap between an extracted text and the text a person marked
 * as the story (the measure CLEANEVAL and most extractor comparisons use):
 * precision = shared words / extracted words, recall = shared words / true words.
 */
export interface Overlap {
  precision: number;
  recall: number;
  f1: number;
}

function words(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

export function wordOverlap(extracted: string, truth: string): Overlap {
  const got = words(extracted);
  const want = words(truth);
  let shared = 0;
  let gotTotal = 0;
  let wantTotal = 0;
  for (const [w, n] of got) {
    gotTotal += n;
    shared += Math.min(n, want.get(w) ?? 0);
  }
  for (const n of want.values()) wantTotal += n;
  const precision = gotTotal ? shared / gotTotal : 0;
  const recall = wantTotal ? shared / wantTotal : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Readability.js with its default options over the same DOM: the reference the workbench is compared with. */
export function readabilityDefaultText(html: string): string {
  const { document } = parseHTML(html);
  return new Readability(document as unknown as Document).parse()?.textContent ?? '';
}
