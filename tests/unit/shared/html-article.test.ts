import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Readability } from '@mozilla/readability';
import { blocksToText, extractArticle as extractWith } from '../../../src/shared/formats/html-article';

import { readabilityDefaultText, wordOverlap } from '../../helpers/extraction-score';
import { parseHTML } from 'linkedom';

/** The extractor with the libraries the main process hands it. */
const extractArticle = (html: string, pageUrl?: string): ReturnType<typeof extractWith> => extractWith(html, pageUrl, { parseHTML, Readability });

const PAGES = join(__dirname, '../../fixtures/pages');
const fixtures = readdirSync(PAGES)
  .filter((f) => f.endsWith('.html'))
  .map((f) => ({
    name: f,
    html: readFileSync(join(PAGES, f), 'utf8'),
    expected: JSON.parse(readFileSync(join(PAGES, f.replace(/\.html$/, '.expected.json')), 'utf8')) as Record<string, string | null>,
  }));

describe('extractArticle on saved news pages (fixtures written for this project)', () => {
  it('has fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
  });

  for (const page of fixtures) {
    it(`${page.name}: metadata from the page, not from <title>`, () => {
      const got = extractArticle(page.html);
      for (const key of ['title', 'source', 'url', 'author', 'publishedAt', 'language'] as const) {
        expect({ key, value: got[key] }).toEqual({ key, value: page.expected[key] });
      }
    });

    it(`${page.name}: no page furniture in the text, and at least as close to the story as Readability.js defaults`, () => {
      const got = extractArticle(page.html);
      const ours = wordOverlap(got.text, page.expected.text!);
      const reference = wordOverlap(readabilityDefaultText(page.html), page.expected.text!);
      expect(ours.f1).toBeGreaterThanOrEqual(reference.f1);
      expect(ours.precision).toBe(1);
      expect(ours.recall).toBeGreaterThan(0.9);
      expect(got.text).not.toMatch(/cookie|Share on|Most read|Sign up|Popular|Trending|Комментарии|Популярное|Read more|©/i);
    });
  }

  it("keeps every part of a headline that is not the site's name", () => {
    const story = '<p>Talks on a ceasefire stalled on Monday, the Kremlin said, as both sides traded accusations over strikes on energy infrastructure.</p>';
    const page = (head: string, body: string): string =>
      `<!doctype html><html lang="en"><head>${head}</head><body><article>${body}${story}</article></body></html>`;
    // The attribution after the dash is the headline's own, as the page's <h1> shows.
    expect(extractArticle(page('<title>Ceasefire talks stall - Kremlin</title>', '<h1>Ceasefire talks stall - Kremlin</h1>')).title).toBe(
      'Ceasefire talks stall - Kremlin',
    );
    expect(extractArticle(page('<title>Drone strikes reported in Belgorod — officials</title>', '')).title).toBe(
      'Drone strikes reported in Belgorod — officials',
    );
    // The site's name goes: from og:site_name, from the host name, or when the page shows the headline alone.
    const site = '<meta property="og:site_name" content="The Moscow Times">';
    expect(extractArticle(page(`<title>Talks stall | The Moscow Times</title>${site}`, '')).title).toBe('Talks stall');
    expect(extractArticle(page('<title>Talks stall - Kyiv Independent</title>', ''), 'https://kyivindependent.com/talks-stall/').title).toBe('Talks stall');
    expect(extractArticle(page('<title>Talks stall - Eastern Wire</title>', '<h2>Talks stall</h2>')).title).toBe('Talks stall');
  });

  it('separates paragraphs by one blank line and keeps <br> as a line break', () => {
    const { document } = parseHTML('<html><body><p>One  <b>bold</b>\n line</p><div>Two<br>lines</div><ul><li>item</li></ul></body></html>');
    expect(blocksToText(document.body as never)).toBe('One bold line\n\nTwo\nlines\n\nitem');
  });

  it('reads a machine-translation note as metadata and removes it from the text', () => {
    const got = extractArticle(fixtures.find((f) => f.name === 'velmora-translated.html')!.html);
    expect(got.machineTranslatedFrom).toBe('und');
    expect(got.text).not.toContain('Translated by');
  });

  it('resolves a relative canonical link against the page address and ignores non-http links', () => {
    const html = `<html><head><link rel="canonical" href="/story/1"></head><body><article><h1>Headline of the story here</h1>${'<p>Some long paragraph of the story with enough words to be an article body for the extractor to find.</p>'.repeat(4)}</article></body></html>`;
    expect(extractArticle(html, 'https://news.example/x?y=1').url).toBe('https://news.example/story/1');
    expect(extractArticle(html.replace('/story/1', 'javascript:alert(1)'), undefined).url).toBeNull();
  });

  it('keeps the text of a page too short to look like an article', () => {
    expect(extractArticle('<html><body><p>Short note.</p></body></html>').text).toBe('Short note.');
  });
});
