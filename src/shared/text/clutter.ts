/**
 * Removes web-page clutter from text copied or saved from a news page: menus
 * and buttons before the headline ("Skip to main content", "2 min read"),
 * photo captions and credits, and what follows the story (related-story
 * teasers, author bios, newsletter and donation appeals, "Read more").
 *
 * Only whole lines are removed, never characters inside a kept line; line
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

const PHOTO_CREDIT_LINE = /^(photo|фото|image|credit|source photo)\s*:/i;
const CREDIT_AGENCIES = 'getty images|afp|ap|reuters|tass|ria novosti|sputnik|epa|anadolu|ukrinform|zuma';
/** A caption that ends with a credit: "… in Hamburg. (Name / Sputnik / Getty Images)" or "… on Feb. 18. Ministry/TASS". */
const CAPTION_WITH_CREDIT = new RegExp(`(\\((?:[^()]*/)?\\s*[^()]*(?:${CREDIT_AGENCIES})[^()]*\\)|\\b[\\p{L} .]+/\\s*(?:${CREDIT_AGENCIES}))\\s*$`, 'iu');

/** A credit has a slash or a closing parenthesis: the check spares every other line the costly pattern. */
const hasCreditMark = (line: string): boolean => line.includes('/') || line.includes(')');

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

interface Line {
  index: number;
  text: string;
  ending: string;
  trimmed: string;
}

/** Runs of white space as one space, trimmed; most lines of prose have none to collapse, so they are only trimmed. */
function collapseSpaces(line: string): string {
  return (/[^\S ]| {2}/.test(line) ? line.replace(/\s+/g, ' ') : line).trim();
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  let match: RegExpExecArray | null;
  let index = 0;
  while ((match = re.exec(text)) !== null) {
    if (match[0] === '' && re.lastIndex >= text.length) break;
    lines.push({ index: index++, text: match[1]!, ending: match[2]!, trimmed: collapseSpaces(match[1]!) });
    if (match[2] === '') break;
  }
  return lines;
}

/** Every menu pattern matches a line of at most about 70 characters: longer lines are not tested. */
const isMenu = (l: Line): boolean => l.trimmed.length <= 100 && MENU_LINE.some((re) => re.test(l.trimmed));

function translationLanguage(line: string): string | null | undefined {
  for (const note of TRANSLATION_NOTE) {
    const match = note.pattern.exec(line);
    if (match) return note.language ?? LANGUAGE_NAMES[(match[1] ?? '').toLowerCase()] ?? null;
  }
  return undefined;
}

/** A caption is short and does not read as a sentence of the story. */
const looksLikeCaption = (l: Line): boolean => l.trimmed.length > 0 && l.trimmed.length <= 200 && !SENTENCE_END.test(l.trimmed);

export function removeClutter(text: string): CleanedText {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const lines = splitLines(bom ? text.slice(1) : text);
  const drop = new Map<number, RemovedLine['reason']>();
  let machineTranslatedFrom: string | null = null;

  // Before the story: menus, and a headline repeated under "2 min read".
  let firstContent = -1;
  const seenShort = new Set<string>();
  for (const line of lines) {
    if (!line.trimmed) continue;
    if (isMenu(line)) {
      drop.set(line.index, 'menu');
      continue;
    }
    if (firstContent === -1) firstContent = line.index;
    if (line.index - firstContent > 12) break;
    if (seenShort.has(line.trimmed)) drop.set(line.index, 'duplicate headline');
    else if (line.trimmed.length <= 200) seenShort.add(line.trimmed);
    if (line.trimmed.length > 200) break;
  }

  // Captions and credits anywhere.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trimmed || drop.has(i)) continue;
    if (PHOTO_CREDIT_LINE.test(line.trimmed)) {
      drop.set(i, 'caption');
      // Up to two caption lines (an original and its translation) just above the credit.
      let taken = 0;
      for (let j = i - 1; j >= 0 && taken < 2; j--) {
        const above = lines[j]!;
        if (!above.trimmed) continue;
        if (!looksLikeCaption(above) || drop.has(j)) break;
        drop.set(j, 'caption');
        taken++;
      }
    } else if (line.trimmed.length <= 400 && hasCreditMark(line.trimmed) && CAPTION_WITH_CREDIT.test(line.trimmed)) {
      drop.set(i, 'caption');
    }
  }

  // After the story: from the first trailer marker (or a translation note) to the end.
  let cut = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trimmed || i <= firstContent) continue;
    const language = translationLanguage(line.trimmed);
    if (language !== undefined) {
      machineTranslatedFrom = language;
      drop.set(i, 'translation note');
      if (cut === -1) cut = i + 1;
      continue;
    }
    if (cut === -1 && TRAILER_START.some((re) => re.test(line.trimmed))) {
      cut = i;
      // A related-story teaser sits right above "Article image": a headline line and its summary.
      const block: number[] = [];
      for (let j = i - 1; j > firstContent && lines[j]!.trimmed; j--) block.unshift(j);
      if (block.length === 2 && looksLikeCaption(lines[block[0]!]!)) cut = block[0]!;
    }
  }
  if (cut !== -1) {
    // Menus below the trailer go too; so does everything else once the story has ended.
    for (let i = cut; i < lines.length; i++) if (lines[i]!.trimmed && !drop.has(i)) drop.set(i, 'after the story');
  }
  // Trailing menu lines ("Live broadcast", "Show More") at the very end.
  for (let i = lines.length - 1; i > firstContent; i--) {
    const line = lines[i]!;
    if (!line.trimmed) continue;
    if (drop.has(i)) continue;
    if (isMenu(line)) drop.set(i, 'menu');
    else break;
  }

  if (drop.size === 0) return { text, removed: [], machineTranslatedFrom };

  // Rebuild: drop removed lines, collapse the blank lines they leave behind to one, trim blank lines at both ends.
  const kept: Line[] = lines.filter((l) => !drop.has(l.index));
  const out: Line[] = [];
  for (const line of kept) {
    const blank = line.trimmed === '';
    if (blank && (out.length === 0 || out[out.length - 1]!.trimmed === '')) continue;
    out.push(line);
  }
  while (out.length && out[out.length - 1]!.trimmed === '') out.pop();
  const lastEnding = lines.find((l) => l.ending)?.ending ?? '\n';
  const body = out.map((l, i) => l.text + (i === out.length - 1 ? '' : l.ending || lastEnding)).join('');
  const trailingNewline = body && /(\r\n|\r|\n)$/.exec(text) ? lastEnding : '';
  const removed = [...drop.entries()]
    .sort((a, b) => a[0] - b[0])
    .filter(([i]) => lines[i]!.trimmed !== '')
    .map(([i, reason]) => ({ line: i + 1, text: lines[i]!.text, reason }));
  return { text: bom + body + trailingNewline, removed, machineTranslatedFrom };
}
