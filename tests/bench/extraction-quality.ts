/**
 * Extraction quality on the saved-page fixtures (tests/fixtures/pages, pages
 * written for this project in the shapes real news sites have): word-level
 * precision, recall and F1 of the workbench's extractor and of Readability.js
 * with its defaults, against the story text marked by hand.
 * Run: node bin/tsx-run.mjs tests/bench/extraction-quality.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractArticle } from '../../src/shared/formats/html-article';
import { readabilityDefaultText, wordOverlap, type Overlap } from '../helpers/extraction-score';

const dir = join(__dirname, '../fixtures/pages');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const row = (o: Overlap): string => `P ${pct(o.precision)}  R ${pct(o.recall)}  F1 ${pct(o.f1)}`;
const sum = { ours: [] as Overlap[], reference: [] as Overlap[] };
for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
  const html = readFileSync(join(dir, file), 'utf8');
  const truth = (JSON.parse(readFileSync(join(dir, file.replace(/\.html$/, '.expected.json')), 'utf8')) as { text: string }).text;
  const ours = wordOverlap(extractArticle(html, undefined, { parseHTML, Readability }).text, truth);
  const reference = wordOverlap(readabilityDefaultText(html), truth);
  sum.ours.push(ours);
  sum.reference.push(reference);
  console.log(`${file.padEnd(28)} workbench ${row(ours)} | Readability.js defaults ${row(reference)}`);
}
const mean = (list: Overlap[]): Overlap => ({
  precision: list.reduce((n, o) => n + o.precision, 0) / list.length,
  recall: list.reduce((n, o) => n + o.recall, 0) / list.length,
  f1: list.reduce((n, o) => n + o.f1, 0) / list.length,
});
console.log(`${'mean'.padEnd(28)} workbench ${row(mean(sum.ours))} | Readability.js defaults ${row(mean(sum.reference))}`);
