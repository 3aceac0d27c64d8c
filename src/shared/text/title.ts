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

function words(line: string): number {
  return line.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
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
  const lines = head
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/gu, ' ').trim())
    .filter((l) => l.length > 0);
  for (const line of lines.slice(0, 40)) {
    if (BOILERPLATE.some((re) => re.test(line))) continue;
    const n = words(line);
    if (n < 3) continue;
    if (isHeadline(line, n)) return line.replace(/[.]$/u, '');
    break; // the first paragraph of the story: no headline above it
  }
  return fileTitle(fileName);
}
