import { describe, expect, it } from 'vitest';
import { guessTitle } from '../../../src/shared/text/title';
import { PILE_OF_POO, TRICKY_TEXT } from '../../fixtures/tricky-text';

describe('guessTitle', () => {
  it('skips web-page boilerplate and takes the first headline-like line', () => {
    const text = [
      'News Feed',
      'Skip to main content',
      'Menu',
      '3 min read',
      'Advertisement',
      'Updated 12:40 GMT by the desk',
      'Photo: Reuters staff photographer',
      "Editor's note this story was revised",
      'Support independent journalism today!',
      'Ceasefire talks stall in Geneva',
      'The talks stalled on Friday.',
    ].join('\n');
    expect(guessTitle(text, 'page.txt')).toBe('Ceasefire talks stall in Geneva');
  });

  it('ignores a BOM and CRLF endings and keeps astral characters', () => {
    expect(guessTitle(TRICKY_TEXT, 'x.txt')).toBe(`Ceasefire talks stall as 2,500 soldiers are reported missing ${PILE_OF_POO}`);
  });

  it('skips lines of fewer than three words', () => {
    expect(guessTitle('World\nBreaking News\r\nOfficials agree on exchange\n', 'f.txt')).toBe('Officials agree on exchange');
  });

  it('collapses runs of whitespace and drops a final period', () => {
    expect(guessTitle('  Tabs\tand   runs  of spaces.  \n', 'f.txt')).toBe('Tabs and runs of spaces');
  });

  it('never takes the first sentence of a long paragraph as the headline: the file name stands in', () => {
    const paragraph = `Officials met in Geneva on Friday to discuss the exchange. ${'More words follow here. '.repeat(10)}`;
    expect(paragraph.length).toBeGreaterThan(160);
    expect(guessTitle(paragraph, 'geneva-talks.txt')).toBe('geneva talks');
  });

  it('treats a line of more than 25 words, or a long sentence ending in a period, as the first paragraph', () => {
    const line = `${'w '.repeat(26)}end`;
    expect(line.length).toBeLessThanOrEqual(160);
    expect(guessTitle(line, 'f.txt')).toBe('f');
    const sentence = 'On Thursday the chief adviser said the proposed truce would give the other side time to regroup.';
    expect(guessTitle(`${sentence}\nMore text.`, 'report_7.txt')).toBe('report 7');
    expect(guessTitle('Talks resume in Geneva after a pause.\nMore text.', 'f.txt')).toBe('Talks resume in Geneva after a pause');
  });

  it('does not look past the first paragraph for a headline', () => {
    expect(guessTitle(`${'A long opening paragraph of the story goes on. '.repeat(5)}\n\nA subheading later on\n`, 'izv.txt')).toBe('izv');
  });

  it('falls back to a readable file name, then to "Untitled article"', () => {
    expect(guessTitle('one two\n\nthree\n', 'folder/sub\\ceasefire_talks-2025.txt')).toBe('ceasefire talks 2025');
    expect(guessTitle('', 'report.final.md')).toBe('report.final');
    expect(guessTitle('\uFEFF\r\n', '.txt')).toBe('Untitled article');
  });

  it('looks at the first 40 non-empty lines only', () => {
    const text = `${'Menu\n'.repeat(40)}A headline that comes too late\n`;
    expect(guessTitle(text, 'late.txt')).toBe('late');
    const early = `${'Menu\n'.repeat(39)}A headline just in time\n`;
    expect(guessTitle(early, 'late.txt')).toBe('A headline just in time');
  });
});
