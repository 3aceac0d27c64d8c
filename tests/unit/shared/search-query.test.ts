import { describe, expect, it } from 'vitest';
import { findMatches, matchesAll, parseQuery, snippet, tokenize, toFts } from '../../../src/shared/search/query';
import { catchWorkbenchError } from '../../helpers/workbench';

const fts = (q: string): string => toFts(parseQuery(q));
const found = (text: string, q: string): string[] => findMatches(text, parseQuery(q)).map((r) => text.slice(r.start, r.end));

describe('parseQuery → FTS5', () => {
  it('quotes every word, so user input never breaks FTS syntax', () => {
    expect(fts('ceasefire talks')).toBe('"ceasefire" AND "talks"');
    expect(fts('"regime Kiev"')).toBe('"regime kiev"');
    expect(fts('negotiat*')).toBe('"negotiat"*');
    expect(fts('truce OR ceasefire Ushakov')).toBe('("truce" OR "ceasefire") AND "ushakov"');
    expect(fts('talks -Geneva')).toBe('("talks") NOT ("geneva")');
    expect(fts('talks NOT "Saudi Arabia"')).toBe('("talks") NOT ("saudi arabia")');
    expect(fts('AND) (" NEAR(')).toBe('"and" AND "near"');
  });

  it('writes a number both ways: plain digits and in groups of three', () => {
    expect(fts('2500')).toBe('("2500" OR "2 500")');
    expect(fts('2,500')).toBe('("2500" OR "2 500")');
    expect(fts('2 500 soldiers')).toBe('("2500" OR "2 500") AND "soldiers"');
    expect(fts('"2,500 soldiers"')).toBe('("2500 soldiers" OR "2 500 soldiers")');
    expect(fts('1234567')).toBe('("1234567" OR "1 234 567")');
    expect(fts('175')).toBe('"175"');
    expect(fts('2025')).toBe('("2025" OR "2 025")');
  });

  it('drops diacritics and case as the unicode61 tokenizer does', () => {
    expect(fts('Café Ёлка')).toBe('"cafe" AND "елка"');
  });

  it('refuses a query with nothing to find', () => {
    catchWorkbenchError(() => parseQuery('NOT talks'), 'invalid_input');
    catchWorkbenchError(() => parseQuery('— … !!'), 'invalid_input');
  });
});

describe('findMatches (placing snippets and highlights)', () => {
  const text = 'Each week brings 2,500 soldier deaths. Officials in the Kiev regime denied 2 500 and 2500 figures; regime Kiev said.';

  it('finds every way of writing a number, as one match each', () => {
    expect(found(text, '2500')).toEqual(['2,500', '2 500', '2500']);
    expect(found(text, '"2,500 soldier"')).toEqual(['2,500 soldier']);
  });

  it('matches a phrase only in its order', () => {
    expect(found(text, '"regime Kiev"')).toEqual(['regime Kiev']);
    expect(found(text, '"Kiev regime"')).toEqual(['Kiev regime']);
  });

  it('matches prefixes and either side of OR', () => {
    expect(found(text, 'offic*')).toEqual(['Officials']);
    expect(found(text, 'deaths OR denied')).toEqual(['deaths', 'denied']);
  });

  it('returns offsets into the text as stored, astral characters and CRLF included', () => {
    const tricky = '\uFEFF💩 Talks\r\nresumed in Kyiv’s centre.';
    const [range] = findMatches(tricky, parseQuery('resumed'));
    expect(tricky.slice(range!.start, range!.end)).toBe('resumed');
    expect(found(tricky, "Kyiv's")).toEqual(['Kyiv’s']);
  });

  it('tells whether every term is present and no excluded one', () => {
    expect(matchesAll(text, parseQuery('soldier deaths'))).toBe(true);
    expect(matchesAll(text, parseQuery('soldier -Kiev'))).toBe(false);
    expect(matchesAll(text, parseQuery('soldier Geneva'))).toBe(false);
  });

  it('keeps grouped numbers apart from words and versions', () => {
    expect(tokenize('v1.234 12,345a 3 100').map((t) => t.value)).toEqual(['v1', '234', '12', '345a', '3100']);
  });
});

describe('snippet', () => {
  it('cuts at word boundaries with ellipses and flattens line breaks', () => {
    const text = `${'word '.repeat(40)}the 2,500\nfigure ${'more '.repeat(40)}`;
    const start = text.indexOf('2,500');
    const s = snippet(text, { start, end: start + 5 }, 20);
    expect(s.match).toBe('2,500');
    expect(s.before.startsWith('…')).toBe(true);
    expect(s.after.startsWith(' figure')).toBe(true);
    expect(s.after.endsWith('…')).toBe(true);
    expect(s.before + s.match + s.after).not.toContain('\n');
  });

  it('marks a note cut at its start with "…" and never shows half a word (the search results\' note line)', () => {
    const note = 'Ushakov is Putin aide and quoted here in Kommersant';
    const start = note.indexOf('Kommersant');
    expect(snippet(note, { start, end: start + 10 }, 40)).toEqual({ before: '…is Putin aide and quoted here in ', match: 'Kommersant', after: '' });
  });
});
