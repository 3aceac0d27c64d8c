import { WorkbenchError } from '../errors';

/**
 * Search queries as analysts type them, turned into SQLite FTS5 syntax, and
 * the same query matched in JavaScript to place snippets and highlights.
 *
 *   words            every word must occur (AND)
 *   "regime Kiev"    a phrase: those words, in that order, next to each other
 *   negotiat*        a prefix
 *   a OR b           either
 *   NOT a, -a        without
 *
 * Numbers are read the way people write them: "2500", "2,500", "2 500" and
 * "2.500" are one number, so each finds the others. Case and diacritics are
 * ignored, as SQLite's unicode61 tokenizer ignores them.
 */

export interface QueryToken {
  /** Normalised word (lower case, no diacritics) or, for a number, its digits. */
  value: string;
  number: boolean;
}

/** A word or phrase; `prefix` applies to its last token. */
export interface QueryUnit {
  tokens: QueryToken[];
  prefix: boolean;
}

export interface ParsedQuery {
  /** Every group must match; a group matches when any of its units does. */
  groups: QueryUnit[][];
  excluded: QueryUnit[];
}

/** Digits with thousands separators (comma, dot, space, no-break or thin space) between groups of three. */
const GROUPED_NUMBER = /\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?!\d)/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

const ASCII = /^[\x20-\x7e]*$/;

export function normaliseWord(word: string): string {
  // Most words are ASCII: lower-casing is all they need (normalising is the slow part).
  if (ASCII.test(word)) return word.toLowerCase();
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

interface TextToken {
  start: number;
  end: number;
  value: string;
  number: boolean;
}

/** Words and numbers of a text with their offsets (JavaScript string indices). */
export function tokenize(text: string): TextToken[] {
  return tokensFrom(text, groupedNumbers(text), 0, Infinity);
}

/** The numbers written with separators that stand alone ("2,500", not "v1.234" or "12,345a"). */
function groupedNumbers(text: string): { start: number; end: number }[] {
  const numbers: { start: number; end: number }[] = [];
  for (const m of text.matchAll(GROUPED_NUMBER)) {
    const before = text[m.index - 1];
    const after = text[m.index + m[0].length];
    if ((before && /[\p{L}\p{N}]/u.test(before)) || (after && /[\p{L}\p{N}]/u.test(after))) continue;
    numbers.push({ start: m.index, end: m.index + m[0].length });
  }
  return numbers;
}

/**
 * Up to `count` tokens from `from`, which must be 0 or where a word starts (the character before it is
 * not a letter, digit or mark), given the text's groupedNumbers: the same tokens tokenize(text) has there.
 */
function tokensFrom(text: string, numbers: readonly { start: number; end: number }[], from: number, count: number): TextToken[] {
  const tokens: TextToken[] = [];
  let n = 0;
  while (n < numbers.length && numbers[n]!.end <= from) n++;
  const word = new RegExp(WORD.source, 'gu');
  word.lastIndex = from;
  for (let m = word.exec(text); m && tokens.length < count; m = word.exec(text)) {
    const start = m.index;
    while (n < numbers.length && numbers[n]!.end <= start) n++;
    const inNumber = numbers[n];
    if (inNumber && start >= inNumber.start && start < inNumber.end) {
      if (start === inNumber.start) {
        tokens.push({ start, end: inNumber.end, value: text.slice(inNumber.start, inNumber.end).replace(/\D/g, ''), number: true });
      }
      continue;
    }
    const value = normaliseWord(m[0]);
    const first = value.charCodeAt(0);
    tokens.push({ start, end: start + m[0].length, value, number: first >= 48 && first <= 57 && /^\d+$/.test(value) });
  }
  return tokens;
}

function unitFrom(text: string, prefix: boolean): QueryUnit | null {
  const tokens = tokenize(text).map((t) => ({ value: t.value, number: t.number }));
  return tokens.length ? { tokens, prefix } : null;
}

export function parseQuery(input: string): ParsedQuery {
  const groups: QueryUnit[][] = [];
  const excluded: QueryUnit[] = [];
  const re = /(-?)"([^"]*)"?(\*?)|(\S+)/gu;
  let pendingOr = false;
  let pendingNot = false;
  // Numbers written with spaces ("2 500") are one term: protect their spaces first.
  const protectedInput = input.replace(GROUPED_NUMBER, (m) => m.replace(/[\u00a0\u202f ]/g, '\uE000'));
  for (const m of protectedInput.matchAll(re)) {
    let unit: QueryUnit | null = null;
    let negate = pendingNot;
    pendingNot = false;
    if (m[4] !== undefined) {
      const raw = m[4].replace(/\uE000/g, ' ');
      if (raw === 'OR' || raw === '|') {
        pendingOr = groups.length > 0;
        continue;
      }
      if (raw === 'AND' || raw === '&') continue;
      if (raw === 'NOT') {
        pendingNot = true;
        continue;
      }
      let word = raw;
      if (word.startsWith('-') && word.length > 1) {
        negate = true;
        word = word.slice(1);
      }
      const prefix = word.endsWith('*');
      // A bare word with punctuation ("Kyiv's", "U.S.") is a phrase of its parts.
      unit = unitFrom(word.replace(/\*+$/, ''), prefix);
    } else {
      negate = negate || m[1] === '-';
      unit = unitFrom(m[2]!.replace(/\uE000/g, ' '), m[3] === '*');
    }
    if (!unit) continue;
    if (negate) excluded.push(unit);
    else if (pendingOr && groups.length) groups[groups.length - 1]!.push(unit);
    else groups.push([unit]);
    pendingOr = false;
  }
  if (groups.length === 0) {
    throw new WorkbenchError('invalid_input', 'the search has no word to look for (only NOT terms, or only punctuation)', { query: input });
  }
  return { groups, excluded };
}

/** "2500" → "2 500": the tokens SQLite sees in "2,500", "2 500" or "2.500". */
function groupedDigits(digits: string): string | null {
  if (digits.length < 4 || digits.startsWith('0')) return null;
  const head = digits.length % 3 || 3;
  const parts = [digits.slice(0, head)];
  for (let i = head; i < digits.length; i += 3) parts.push(digits.slice(i, i + 3));
  return parts.join(' ');
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

function unitToFts(unit: QueryUnit): string {
  // Each number token may appear written plain or with separators: one phrase per combination (capped).
  let variants: string[][] = [[]];
  for (const token of unit.tokens) {
    const forms = [token.value];
    const grouped = token.number ? groupedDigits(token.value) : null;
    if (grouped) forms.push(grouped);
    variants = variants.flatMap((v) => forms.map((f) => [...v, f])).slice(0, 8);
  }
  const phrases = variants.map((v) => `${quote(v.join(' '))}${unit.prefix ? '*' : ''}`);
  return phrases.length === 1 ? phrases[0]! : `(${phrases.join(' OR ')})`;
}

/** The FTS5 MATCH expression for a parsed query. */
export function toFts(query: ParsedQuery): string {
  const positive = query.groups.map((group) => (group.length === 1 ? unitToFts(group[0]!) : `(${group.map(unitToFts).join(' OR ')})`)).join(' AND ');
  return query.excluded.length ? `(${positive}) NOT (${query.excluded.map(unitToFts).join(' OR ')})` : positive;
}

function tokenMatches(text: TextToken, want: QueryToken, prefix: boolean): boolean {
  if (text.value === want.value) return true;
  return prefix && text.value.startsWith(want.value);
}

export interface MatchRange {
  start: number;
  end: number;
}

/** Where the query's positive terms occur in a text, in order, not overlapping. */
export function findMatches(text: string, query: ParsedQuery, tokens?: TextToken[]): MatchRange[] {
  if (tokens === undefined && text.length >= SEEK_FROM) {
    const sought = seekMatches(text, query);
    if (sought) return sought;
  }
  return scanMatches(query, tokens ?? tokenize(text));
}

/** Every token tried against every unit: the definition of a match. */
function scanMatches(query: ParsedQuery, tokens: readonly TextToken[]): MatchRange[] {
  const ranges: MatchRange[] = [];
  const units = query.groups.flat();
  for (let i = 0; i < tokens.length; i++) {
    const unit = unitAt(tokens, i, units);
    if (unit) {
      const n = unit.tokens.length;
      ranges.push({ start: tokens[i]!.start, end: tokens[i + n - 1]!.end });
      i += n - 1;
    }
  }
  return ranges;
}

/** The first unit (in query order) whose tokens match the text's from token `i` on. */
function unitAt(tokens: readonly TextToken[], i: number, units: readonly QueryUnit[]): QueryUnit | undefined {
  return units.find((unit) => {
    const n = unit.tokens.length;
    if (i + n > tokens.length) return false;
    for (let k = 0; k < n; k++) if (!tokenMatches(tokens[i + k]!, unit.tokens[k]!, unit.prefix && k === n - 1)) return false;
    return true;
  });
}

/** Texts from this long are searched from the places a unit's first word occurs rather than word by word. */
const SEEK_FROM = 512;
// Every character below U+0080, control characters included.
// eslint-disable-next-line no-control-regex
const ASCII_TEXT = /^[\x00-\x7f]*$/;

/**
 * scanMatches' result for an ASCII text, found from where each unit's first word occurs
 * (String.indexOf in the lower-cased text) instead of tokenizing the whole text: a search result
 * highlights its first hits in each of up to 50 articles, and tokenizing them all was a third
 * of a search's time. Null when this shortcut does not apply (the caller scans): a text with
 * other characters (its words need normalising) or a unit starting with a number (written
 * "2,500" or "2500", it cannot be looked up as it is written).
 */
function seekMatches(text: string, query: ParsedQuery): MatchRange[] | null {
  const units = query.groups.flat();
  if (units.some((unit) => unit.tokens.length === 0 || unit.tokens[0]!.number) || !ASCII_TEXT.test(text)) return null;
  const lower = text.toLowerCase();
  const starts: number[] = [];
  for (const unit of units) {
    const first = unit.tokens[0]!.value;
    for (let at = lower.indexOf(first); at !== -1; at = lower.indexOf(first, at + 1)) {
      if (at === 0 || !isAsciiWordChar(lower.charCodeAt(at - 1))) starts.push(at);
    }
  }
  starts.sort((a, b) => a - b);
  const numbers = groupedNumbers(text);
  const longest = Math.max(...units.map((unit) => unit.tokens.length));
  const ranges: MatchRange[] = [];
  let free = 0;
  for (let k = 0; k < starts.length; k++) {
    const at = starts[k]!;
    if (at < free || (k > 0 && at === starts[k - 1])) continue;
    const tokens = tokensFrom(text, numbers, at, longest);
    if (tokens[0]?.start !== at) continue;
    const unit = unitAt(tokens, 0, units);
    if (!unit) continue;
    const end = tokens[unit.tokens.length - 1]!.end;
    ranges.push({ start: at, end });
    free = end;
  }
  return ranges;
}

function isAsciiWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** True when every group has a match in the text (and no excluded unit has one). */
export function matchesAll(text: string, query: ParsedQuery): boolean {
  const tokens = tokenize(text);
  const has = (unit: QueryUnit): boolean => findMatches(text, { groups: [[unit]], excluded: [] }, tokens).length > 0;
  return query.groups.every((group) => group.some(has)) && !query.excluded.some(has);
}

/** A one-line snippet around a range: up to `width` characters each side, cut at word boundaries. */
export function snippet(text: string, range: MatchRange, width = 70): { before: string; match: string; after: string } {
  let from = Math.max(0, range.start - width);
  let to = Math.min(text.length, range.end + width);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < range.start) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > range.end) to = space;
  }
  const flat = (s: string): string => s.replace(/\s+/gu, ' ');
  return {
    before: (from > 0 ? '…' : '') + flat(text.slice(from, range.start)).trimStart(),
    match: text.slice(range.start, range.end),
    after: flat(text.slice(range.end, to)).trimEnd() + (to < text.length ? '…' : ''),
  };
}
