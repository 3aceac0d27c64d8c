/**
 * Finds an article's headline in text saved from a web page. Skips the
 * boilerplate such pages start with ("News Feed", "Skip to main content",
 * "2 min read", menus of one or two words), takes the first line that reads
 * like a headline, and falls back to the first sentence, then the file name.
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

function words(line: string): number {
  return line.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

function shorten(line: string): string {
  if (line.length <= MAX_TITLE) return line;
  const cut = line.slice(0, MAX_TITLE);
  const space = cut.lastIndexOf(' ');
  return `${(space > 60 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/u, '')}…`;
}

function firstSentence(paragraph: string): string {
  const match = /^(.+?[.!?])(\s|$)/u.exec(paragraph);
  return match ? match[1]! : paragraph;
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
    // A headline: short, not a sentence run-on.
    if (line.length <= MAX_TITLE && n <= 30) return line.replace(/[.]$/u, '');
    // A paragraph: its first sentence stands in for a headline.
    return shorten(firstSentence(line).replace(/[.]$/u, ''));
  }
  return fileTitle(fileName);
}
