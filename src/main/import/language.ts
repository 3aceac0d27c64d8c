import { isSpaceCode } from '../../shared/text/whitespace';
import { tinyld } from './libraries';

/**
 * The language of an article whose file does not name one, as an ISO 639-1
 * code, or null when the text is too short or the guess too close to call.
 * The language models are tinyld's (pure JavaScript, no native code, ISO
 * 639-1 codes, about 60 languages). Wrong metadata is worse than none: an
 * analyst filters the corpus by language, so a doubtful guess stays null for
 * them to set.
 *
 * tinyld scores a text word by word and sums the scores (its "merge" step);
 * scoring a word costs it tens of microseconds, so a 3,000-character article
 * cost about 2 ms, and an import of 10,000 articles 20 s. News vocabulary
 * repeats, so the scores are computed here per distinct word with tinyld
 * (`detectAll(word)`), kept, and summed the way tinyld sums them.
 */

/** Letters a text needs before a guess is worth storing (a headline or a list of names is not enough). */
export const MIN_LETTERS = 120;
/**
 * The best language's score per letter scored, and its lead over the runner-up
 * (as a multiple). Measured on paragraphs of news prose: the right language
 * scores 0.13-0.6 and leads by 2.8x (Russian over Ukrainian) to 20x; the
 * runner-up never passes 0.1. Word lists without function words score lower
 * (0.04-0.11 for the bench's generated English, still leading 3-8x).
 */
const MIN_SCORE = 0.05;
const MIN_LEAD = 2;
/** Characters of prose looked at: enough for a stable guess, bounded so a long article costs no more than a short one. */
const SAMPLE_CHARS = 1000;
/** Distinct words whose scores are kept (about 10 MB at most); the cache starts over when full. */
const CACHE_WORDS = 100_000;

/** Languages by index, so a text's scores add up in a typed array. */
const languages: string[] = [];
const languageIndex = new Map<string, number>();

/** A word's scores: language indices, and the score per language already multiplied by the word's length (tinyld's weighting). */
interface WordScores {
  languages: Int32Array;
  weights: Float64Array;
}
const wordScores = new Map<string, WordScores>();

function scoresOf(word: string): WordScores {
  let scores = wordScores.get(word);
  if (!scores) {
    if (wordScores.size >= CACHE_WORDS) wordScores.clear();
    const all = tinyld().detectAll(word);
    scores = { languages: new Int32Array(all.length), weights: new Float64Array(all.length) };
    all.forEach(({ lang, accuracy }, i) => {
      let index = languageIndex.get(lang);
      if (index === undefined) {
        index = languages.push(lang) - 1;
        languageIndex.set(lang, index);
      }
      scores!.languages[i] = index;
      scores!.weights[i] = accuracy * word.length;
    });
    wordScores.set(word, scores);
  }
  return scores;
}

/** Lines of prose (not headings, bylines, captions or links), up to the sample size; the text is walked line by line only as far as needed. */
function proseSample(text: string): string {
  const picked: string[] = [];
  let size = 0;
  for (let from = 0; from < text.length && size < SAMPLE_CHARS;) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    const trimmed = text.slice(from, to).trim();
    from = to + 1;
    // Prose has sentences; a short line is a heading, a byline or page furniture.
    if (trimmed.length < 60 || /^https?:\/\//.test(trimmed)) continue;
    picked.push(trimmed);
    size += trimmed.length + 1;
  }
  // A text of short lines only (a poem, a list): use it as it is.
  const sample = picked.length ? picked.join('\n') : text;
  if (sample.length <= SAMPLE_CHARS) return sample;
  const cut = sample.lastIndexOf(' ', SAMPLE_CHARS);
  return sample.slice(0, cut > 0 ? cut : SAMPLE_CHARS);
}

/** What each UTF-16 code unit is to tinyld's cleanString: part of a word, a break (whitespace or its punctuation), a dropped digit, or ’. */
const WORD = 0;
const BREAK = 1;
const DIGIT = 2;
const APOSTROPHE = 3;
const CHARACTER_KIND = ((): Uint8Array => {
  const kinds = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) if (isSpaceCode(c)) kinds[c] = BREAK;
  for (const c of ',.。，、#%&/\\+*¡!¿?[]！？;:…„“«»”"_–—~') kinds[c.charCodeAt(0)] = BREAK;
  for (let c = 48; c <= 57; c++) kinds[c] = DIGIT;
  for (let c = 0xff10; c <= 0xff19; c++) kinds[c] = DIGIT;
  kinds[0x2019] = APOSTROPHE;
  return kinds;
})();

/**
 * The words of a sample and how often each occurs, as tinyld's cleanString
 * makes them (lower case; its punctuation a word break; digits, ASCII or
 * full-width, dropped; ’ read as '), split at every run of whitespace; in one
 * pass, where cleanString makes six copies of the sample.
 */
export function countWords(sample: string): { counts: Map<string, number>; letters: number } {
  const text = sample.toLowerCase();
  const counts = new Map<string, number>();
  let letters = 0;
  // The word being read: `done` (pieces before a dropped digit or a replaced ’) plus text[from, i).
  let done = '';
  let from = 0;
  const finish = (to: number): void => {
    const word = from < to ? done + text.slice(from, to) : done;
    done = '';
    if (!word) return;
    counts.set(word, (counts.get(word) ?? 0) + 1);
    letters += word.length;
  };
  for (let i = 0; i < text.length; i++) {
    const kind = CHARACTER_KIND[text.charCodeAt(i)];
    if (kind === WORD) continue;
    if (kind === BREAK) finish(i);
    else done += text.slice(from, i) + (kind === APOSTROPHE ? "'" : '');
    from = i + 1;
  }
  finish(text.length);
  return { counts, letters };
}

/** In a script with case, prose is mostly lower-case words; a list of names or headings is not. */
export function looksLikeProse(sample: string): boolean {
  let lower = 0;
  let cased = 0;
  // The words are the runs between whitespace (as sample.split(/\s+/) has them), walked without making an array of them.
  for (let i = 0; i < sample.length;) {
    while (i < sample.length && isSpaceCode(sample.charCodeAt(i))) i++;
    if (i === sample.length) break;
    const start = i;
    while (i < sample.length && !isSpaceCode(sample.charCodeAt(i))) i++;
    const c = sample.charCodeAt(start);
    if (c >= 97 && c <= 122) {
      cased++;
      lower++;
      continue;
    }
    if (c >= 65 && c <= 90) {
      cased++;
      continue;
    }
    // Anything else: the first letter after leading non-letters (quotes, digits, brackets).
    const first = sample.slice(start, i).replace(/^[^\p{L}]+/u, '')[0];
    if (!first) continue;
    const down = first.toLowerCase();
    if (down === first.toUpperCase()) continue;
    cased++;
    if (first === down) lower++;
  }
  return cased === 0 || lower >= cased * 0.4;
}

export function detectLanguage(text: string): string | null {
  const sample = proseSample(text);
  const { counts, letters } = countWords(sample);
  if (letters < MIN_LETTERS || !looksLikeProse(sample)) return null;

  // tinyld's merge: each word adds its per-language score times its length; the total is divided by the letters scored.
  const scored = [...counts].map(([word, n]) => [scoresOf(word), n] as const);
  const totals = new Float64Array(languages.length);
  for (const [scores, n] of scored) {
    for (let i = 0; i < scores.languages.length; i++) totals[scores.languages[i]!]! += scores.weights[i]! * n;
  }
  let best = -1;
  let next = 0;
  for (let i = 0; i < totals.length; i++) {
    if (best === -1 || totals[i]! > totals[best]!) {
      next = best === -1 ? 0 : totals[best]!;
      best = i;
    } else if (totals[i]! > next) next = totals[i]!;
  }
  const code = languages[best];
  if (best === -1 || !code || !/^[a-z]{2}$/.test(code) || totals[best]! / letters < MIN_SCORE || totals[best]! < next * MIN_LEAD) return null;
  return code;
}
