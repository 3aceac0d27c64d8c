import { isSpaceCode } from './whitespace';

/**
 * Removes web-page clutter from text copied or saved from a news page: menus
 * and buttons before the headline ("Skip to main content", "2 min read"),
 * photo captions and credits, and what follows the story (related-story
 * teasers, author bios, newsletter and donation appeals, "Read more").
 *
 * Only whole lines are removed, never characters inside a kept line (and
 * never a line of more than 4,096 characters, which is story text); line
 * endings and a byte-order mark are kept as the file had them. Every removed
 * line is reported so the import can record it (the original file is kept
 * beside the article in any case).
 */

export interface RemovedLine {
  /** 1-based line number in the original text. */
  line: number;
  text: string;
  reason: 'menu' | 'caption' | 'duplicate headline' | 'after the story' | 'translation note';
}

export interface CleanedText {
  text: string;
  removed: RemovedLine[];
  /** ISO 639-1 code of the language a machine translation was made from ('und' when the note does not say). */
  machineTranslatedFrom: string | null;
}

/** Short interface lines that are never part of a story. */
const MENU_LINE: readonly RegExp[] = [
  /^news ?feed$/i,
  /^skip to (main )?content$/i,
  /^advertisement$/i,
  /^live( broadcast)?$/i,
  /^main slide$/i,
  /^beginning of the article$/i,
  /^select important$/i,
  /^(on|off|menu|search|share|subscribe|sign in|log in|home|show more|read more|article image|avatar|print|listen)$/i,
  /^\d+\s*min(ute)?s?\s*read$/i,
  /^support\b.{0,60}!$/i,
  /^озвучить текст$/iu,
  /^(поделиться|читать далее|реклама)$/iu,
];

/** Lines that mark the end of the story: everything from here on is page furniture. */
const TRAILER_START: readonly RegExp[] = [
  /^article image$/i,
  /^discover more from\b/i,
  /^subscribe to get the latest posts\b/i,
  /^sign up for our\b.*newsletter$/i,
  /^a message from\b/i,
  /^(read|see) (more|also)\s*:?$/i,
  /^related( articles| stories)?\s*:?$/i,
  /^(most read|most popular|trending now)$/i,
];

/**
 * Trailer markers that are also link texts inside a story ("Read more" under a paragraph, pointing to an
 * earlier report): they end the story only when page furniture follows, not another paragraph of prose.
 */
const LINK_TRAILER = /^((read|see) (more|also)|related( articles| stories)?)\s*:?$/i;
/** Words a line must have, ending like a sentence, to read as story prose rather than a linked headline. */
const PROSE_WORDS = 8;

const PHOTO_CREDIT_LINE = /^(photo|фото|image|credit|source photo)\s*:/i;
const CREDIT_AGENCIES = 'getty images|afp|ap|reuters|tass|ria novosti|sputnik|epa|anadolu|ukrinform|zuma';
/** A caption that ends with a credit: "… in Hamburg. (Name / Sputnik / Getty Images)" or "… on Feb. 18. Ministry/TASS". */
const CAPTION_WITH_CREDIT = new RegExp(`(\\((?:[^()]*/)?\\s*[^()]*(?:${CREDIT_AGENCIES})[^()]*\\)|\\b[\\p{L} .]+/\\s*(?:${CREDIT_AGENCIES}))\\s*$`, 'iu');
/** CAPTION_WITH_CREDIT can only match a line that ends with ")" or with an agency's name: a cheap test first, on the last characters. */
const ENDS_WITH_AGENCY = new RegExp(`(?:${CREDIT_AGENCIES})$`, 'iu');
const mayEndWithCredit = (trimmed: string): boolean => trimmed.endsWith(')') || ENDS_WITH_AGENCY.test(trimmed.slice(-16));

/** "Переведено сервисом «Яндекс Переводчик»", "Translated by Google Translate", "Machine translated from Russian". */
const TRANSLATION_NOTE: readonly { pattern: RegExp; language: string | null }[] = [
  { pattern: /^переведено (сервисом|с помощью)\s/iu, language: 'ru' },
  { pattern: /^machine[- ]translated from (\p{L}+)/iu, language: null },
  { pattern: /^(translated|translation) (by|with) (google|yandex|deepl|bing)\b/i, language: 'und' },
];

const LANGUAGE_NAMES: Record<string, string> = {
  russian: 'ru',
  ukrainian: 'uk',
  english: 'en',
  german: 'de',
  french: 'fr',
  arabic: 'ar',
  chinese: 'zh',
  spanish: 'es',
  polish: 'pl',
  belarusian: 'be',
};

const SENTENCE_END = /[.!?…:][)"'”’»]*$/u;

/** Whitespace other than a lone space: a tab, a line break, a no-break or wide space, or two spaces in a row. */
const NEEDS_COLLAPSING = /[\t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}/;

/**
 * The line with runs of whitespace collapsed to one space, trimmed: the same
 * as `line.replace(/\s+/g, ' ').trim()`. Most lines of prose have single
 * spaces only, and a test costs a fraction of a replace that copies the line.
 */
export function collapseWhitespace(line: string): string {
  return NEEDS_COLLAPSING.test(line) ? line.replace(/\s+/g, ' ').trim() : line.trim();
}

/** Whether source[from, end) is empty or only whitespace (the same characters \\s and String.prototype.trim know). */
function isBlank(source: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (!isSpaceCode(source.charCodeAt(i))) return false;
  return true;
}

/**
 * The lines of a text as offsets into it (three numbers a line, no object or
 * string per line: a 100 MB file of short lines would otherwise cost several
 * times its size). A line's text is made when asked for; its whitespace-
 * collapsed, trimmed form is kept for texts of up to MAX_CACHED_LINES lines.
 */
/** Characters beyond which a line is story text (collapsing the whitespace of a 100 MB line would cost gigabytes). */
const LONG_LINE = 4096;
/** Lines whose trimmed forms are kept while the rules run (an article has hundreds; a 100 MB file of short lines millions). */
const MAX_CACHED_LINES = 20_000;

class Lines {
  readonly length: number;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;
  private readonly endingEnds: Uint32Array;
  /** 1 when the line is empty or only whitespace. */
  private readonly blanks: Uint8Array;
  /** Trimmed lines already made (each rule walks the lines again); not kept for texts of very many lines. */
  private readonly trimmedLines: (string | undefined)[] | null;

  constructor(private readonly source: string) {
    // Line breaks found by a regular expression: a character-by-character loop in JavaScript costs several times more.
    const breaks = /\r\n|\r|\n/g;
    let count = 1;
    while (breaks.exec(source)) count++;
    this.starts = new Uint32Array(count);
    this.ends = new Uint32Array(count);
    this.endingEnds = new Uint32Array(count);
    this.blanks = new Uint8Array(count);
    breaks.lastIndex = 0;
    let n = 0;
    let from = 0;
    for (;;) {
      const found = breaks.exec(source);
      const end = found ? found.index : source.length;
      // The text ends with a line break: no empty line after it.
      if (!found && end === from && n > 0) break;
      this.starts[n] = from;
      this.ends[n] = end;
      this.endingEnds[n] = found ? end + found[0].length : end;
      this.blanks[n] = isBlank(source, from, end) ? 1 : 0;
      n++;
      if (!found) break;
      from = end + found[0].length;
    }
    this.length = n;
    this.trimmedLines = n <= MAX_CACHED_LINES ? new Array<string | undefined>(n) : null;
  }

  text(i: number): string {
    return this.source.slice(this.starts[i], this.ends[i]);
  }

  ending(i: number): string {
    return this.source.slice(this.ends[i], this.endingEnds[i]);
  }

  blank(i: number): boolean {
    return this.blanks[i] === 1;
  }

  /** A line too long to be a menu, caption, credit or trailer: story text, which no rule below looks into. */
  long(i: number): boolean {
    return this.ends[i]! - this.starts[i]! > LONG_LINE;
  }

  /** The line with runs of whitespace collapsed to one space, trimmed. */
  trimmed(i: number): string {
    if (this.blank(i)) return '';
    const cached = this.trimmedLines?.[i];
    if (cached !== undefined) return cached;
    const trimmed = collapseWhitespace(this.text(i));
    if (this.trimmedLines) this.trimmedLines[i] = trimmed;
    return trimmed;
  }
}

const isMenu = (trimmed: string): boolean => MENU_LINE.some((re) => re.test(trimmed));

function translationLanguage(line: string): string | null | undefined {
  for (const note of TRANSLATION_NOTE) {
    const match = note.pattern.exec(line);
    if (match) return note.language ?? LANGUAGE_NAMES[(match[1] ?? '').toLowerCase()] ?? null;
  }
  return undefined;
}

/** A caption is short and does not read as a sentence of the story. */
const looksLikeCaption = (trimmed: string): boolean => trimmed.length > 0 && trimmed.length <= 200 && !SENTENCE_END.test(trimmed);

/** Whether the first non-blank line after line i reads as a paragraph of the story: long, or a sentence of several words. */
function proseFollows(lines: Lines, i: number): boolean {
  for (let j = i + 1; j < lines.length; j++) {
    if (lines.blank(j)) continue;
    if (lines.long(j)) return true;
    const trimmed = lines.trimmed(j);
    return SENTENCE_END.test(trimmed) && trimmed.split(' ').length >= PROSE_WORDS;
  }
  return false;
}

export function removeClutter(text: string): CleanedText {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const lines = new Lines(bom ? text.slice(1) : text);
  const drop = new Map<number, RemovedLine['reason']>();
  let machineTranslatedFrom: string | null = null;

  // Before the story: menus, and a headline repeated under "2 min read".
  let firstContent = -1;
  const seenShort = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    if (lines.blank(i)) continue;
    if (lines.long(i)) {
      if (firstContent === -1) firstContent = i;
      break;
    }
    const trimmed = lines.trimmed(i);
    if (isMenu(trimmed)) {
      drop.set(i, 'menu');
      continue;
    }
    if (firstContent === -1) firstContent = i;
    if (i - firstContent > 12) break;
    if (seenShort.has(trimmed)) drop.set(i, 'duplicate headline');
    else if (trimmed.length <= 200) seenShort.add(trimmed);
    if (trimmed.length > 200) break;
  }

  // Captions and credits anywhere.
  for (let i = 0; i < lines.length; i++) {
    if (lines.blank(i) || drop.has(i) || lines.long(i)) continue;
    const trimmed = lines.trimmed(i);
    if (PHOTO_CREDIT_LINE.test(trimmed)) {
      drop.set(i, 'caption');
      // Up to two caption lines (an original and its translation) just above the credit.
      let taken = 0;
      for (let j = i - 1; j >= 0 && taken < 2; j--) {
        if (lines.blank(j)) continue;
        if (lines.long(j) || !looksLikeCaption(lines.trimmed(j)) || drop.has(j)) break;
        drop.set(j, 'caption');
        taken++;
      }
    } else if (trimmed.length <= 400 && mayEndWithCredit(trimmed) && CAPTION_WITH_CREDIT.test(trimmed)) {
      drop.set(i, 'caption');
    }
  }

  // After the story: from the first trailer marker (or a translation note) to the end.
  let cut = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines.blank(i) || i <= firstContent || lines.long(i)) continue;
    const trimmed = lines.trimmed(i);
    const language = translationLanguage(trimmed);
    if (language !== undefined) {
      machineTranslatedFrom = language;
      drop.set(i, 'translation note');
      if (cut === -1) cut = i + 1;
      continue;
    }
    if (cut === -1 && TRAILER_START.some((re) => re.test(trimmed))) {
      if (LINK_TRAILER.test(trimmed) && proseFollows(lines, i)) {
        drop.set(i, 'menu');
        continue;
      }
      cut = i;
      // A related-story teaser sits right above "Article image": a headline line and its summary.
      const block: number[] = [];
      for (let j = i - 1; j > firstContent && !lines.blank(j); j--) block.unshift(j);
      if (block.length === 2 && !lines.long(block[0]!) && looksLikeCaption(lines.trimmed(block[0]!))) cut = block[0]!;
    }
  }
  if (cut !== -1) {
    // Menus below the trailer go too; so does everything else once the story has ended.
    for (let i = cut; i < lines.length; i++) if (!lines.blank(i) && !drop.has(i)) drop.set(i, 'after the story');
  }
  // Trailing menu lines ("Live broadcast", "Show More") at the very end.
  for (let i = lines.length - 1; i > firstContent; i--) {
    if (lines.blank(i)) continue;
    if (drop.has(i)) continue;
    if (!lines.long(i) && isMenu(lines.trimmed(i))) drop.set(i, 'menu');
    else break;
  }

  if (drop.size === 0) return { text, removed: [], machineTranslatedFrom };

  // Rebuild: drop removed lines, collapse the blank lines they leave behind to one, trim blank lines at both ends.
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (drop.has(i)) continue;
    if (lines.blank(i) && (out.length === 0 || lines.blank(out[out.length - 1]!))) continue;
    out.push(i);
  }
  while (out.length && lines.blank(out[out.length - 1]!)) out.pop();
  let lastEnding = '\n';
  for (let i = 0; i < lines.length; i++) {
    const ending = lines.ending(i);
    if (ending) {
      lastEnding = ending;
      break;
    }
  }
  const body = out.map((line, k) => lines.text(line) + (k === out.length - 1 ? '' : lines.ending(line) || lastEnding)).join('');
  const trailingNewline = body && /(\r\n|\r|\n)$/.exec(text) ? lastEnding : '';
  const removed = [...drop.entries()]
    .sort((a, b) => a[0] - b[0])
    .filter(([i]) => !lines.blank(i))
    .map(([i, reason]) => ({ line: i + 1, text: lines.text(i), reason }));
  return { text: bom + body + trailingNewline, removed, machineTranslatedFrom };
}
