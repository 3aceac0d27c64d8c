import { detectAll } from 'tinyld';

/**
 * The language of an article whose file does not name one, as an ISO 639-1
 * code, or null when the text is too short or the guess too close to call.
 * Detection is tinyld's (pure JavaScript, no native code, returns ISO 639-1
 * codes, about 60 languages). Wrong metadata is worse than none: an analyst
 * filters the corpus by language, so a doubtful guess stays null for them to set.
 */

/** Letters a text needs before a guess is worth storing (a headline or a list of names is not enough). */
export const MIN_LETTERS = 120;
/** The best language's share of tinyld's score, and its lead over the runner-up (as a multiple). */
const MIN_ACCURACY = 0.3;
const MIN_LEAD = 1.5;
/** Characters of prose looked at: enough for a stable guess, bounded so a long article costs no more than a short one. */
const SAMPLE_CHARS = 1500;

/** Lines of prose (not headings, bylines, captions or links), up to the sample size. */
function proseSample(text: string): string {
  const lines = text.split(/\n+/);
  const picked: string[] = [];
  let size = 0;
  for (const line of lines) {
    const trimmed = line.trim();
    // Prose has sentences; a short line is a heading, a byline or page furniture.
    if (trimmed.length < 60 || /^https?:\/\//.test(trimmed)) continue;
    picked.push(trimmed);
    size += trimmed.length + 1;
    if (size >= SAMPLE_CHARS) break;
  }
  // A text of short lines only (a poem, a list): use it as it is.
  const sample = picked.length ? picked.join('\n') : text;
  return sample.length > SAMPLE_CHARS ? sample.slice(0, sample.lastIndexOf(' ', SAMPLE_CHARS) > 0 ? sample.lastIndexOf(' ', SAMPLE_CHARS) : SAMPLE_CHARS) : sample;
}

export function detectLanguage(text: string): string | null {
  const sample = proseSample(text);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return null;
  // A list of names or headings is not prose: in a script with case, prose is mostly lower-case words.
  const words = sample.match(/\p{L}+/gu) ?? [];
  const cased = words.filter((w) => /\p{Lu}|\p{Ll}/u.test(w));
  if (cased.length > 0 && cased.filter((w) => /^\p{Ll}+$/u.test(w)).length < cased.length * 0.4) return null;
  const [best, next] = detectAll(sample);
  if (!best || !/^[a-z]{2}$/.test(best.lang) || best.accuracy < MIN_ACCURACY) return null;
  if (next && best.accuracy < next.accuracy * MIN_LEAD) return null;
  return best.lang;
}
