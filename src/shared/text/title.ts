/**
 * Finds an article's headline in text saved from a web page. Skips the
 * boilerplate such pages start with ("News Feed", "Skip to main content",
 * "2 min read", menus of one or two words) and takes the first line that reads
 * like a headline: short and standing alone. A long line is the story's first
 * paragraph, not its headline: then the title is the file name (the analyst
 * renames it), never a lead sentence passed off as a headline.
 */

const BOILERPLATE = [
  /^news ?feed$/i,
  /^skip to (main )?content$/i,
  /^advertisement$/i,
  /^live( broadcast)?$/i,
  /^main slide$/i,
  /^beginning of the article$/i,
  /^select important$/i,
  /^(on|off|menu|search|share|subscribe|sign in|log in|home)$/i,
  /^\d+\s*min(ute)?s?\s*read$/i,
  /^support\b.*!$/i,
  /^(updated|published)\b/i,
  /^(photo|image|video)\s*:/i,
  /^editor'?s note\b/i,
];

const MAX_TITLE = 160;
const MAX_TITLE_WORDS = 25;

/** Short, and not a full sentence of the story (a headline rarely ends with a period after many words). */
function isHeadline(line: string, wordCount: number): boolean {
  if (line.length > MAX_TITLE || wordCount > MAX_TITLE_WORDS) return false;
  return !(/[.]$/u.test(line) && wordCount > 12);
}

/** Words with a letter or digit in a line, counting no further than `atMost`. */
function words(line: string, atMost = Infinity): number {
  let n = 0;
  for (const w of line.split(' ')) {
    if (/[\p{L}\p{N}]/u.test(w) && ++n >= atMost) break;
  }
  return n;
}

function fileTitle(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  const readable = base.replace(/[_-]+/g, ' ').trim();
  return readable || 'Untitled article';
}

/** The headline is among the first lines: only this much of the text is read (a 100 MB article must not be split whole). */
const TITLE_SCAN_CHARS = 50_000;

export function guessTitle(text: string, fileName: string): string {
  let head = text.length > TITLE_SCAN_CHARS ? text.slice(0, TITLE_SCAN_CHARS) : text;
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1); // never end on half a character
  // Line by line, stopping at the first paragraph: an article's text is split no further than its headline.
  const lineBreak = /\r\n|\r|\n/g;
  let from = head.startsWith('\uFEFF') ? 1 : 0;
  let seen = 0;
  while (from <= head.length && seen < 40) {
    const found = lineBreak.exec(head);
    const end = found ? found.index : head.length;
    const line = head.slice(from, end).replace(/\s+/gu, ' ').trim();
    from = found ? end + found[0].length : head.length + 1;
    if (line.length === 0) continue;
    seen++;
    if (BOILERPLATE.some((re) => re.test(line))) continue;
    // A line too long for a headline needs only its first three words counted.
    const n = words(line, line.length > MAX_TITLE ? 3 : Infinity);
    if (n < 3) continue;
    if (isHeadline(line, n)) return line.replace(/[.]$/u, '');
    break; // the first paragraph of the story: no headline above it
  }
  return fileTitle(fileName);
}
