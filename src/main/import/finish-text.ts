import { createHash } from 'node:crypto';
import { removeClutter, type RemovedLine } from '../../shared/text/clutter';
import { detectLanguage } from './language';

/**
 * The part of reading a plain-text file that comes after decoding and can no
 * longer fail: removing page clutter, guessing the language, hashing the text.
 * It is most of the parsing time of a large import, so the CLI runs it in a
 * worker thread (text-finisher.ts) while this thread stores earlier batches;
 * this module therefore imports nothing that thread does not need.
 */

export interface FinishedText {
  text: string;
  removed: RemovedLine[];
  machineTranslatedFrom: string | null;
  language: string | null;
  /** The language is tinyld's guess (not named by the file). */
  languageDetected: boolean;
  /** SHA-256 of the text's UTF-8 (what duplicates are recognised by). */
  sha256: string;
}

/** `namedLanguage`: the language the decoding already tells (a legacy single-byte encoding's), else detected. */
export function finishText(decodedText: string, namedLanguage: string | null, verbatim: boolean): FinishedText {
  const cleaned = verbatim ? { text: decodedText, removed: [], machineTranslatedFrom: null } : removeClutter(decodedText);
  const detected = namedLanguage ? null : detectLanguage(cleaned.text);
  return {
    text: cleaned.text,
    removed: cleaned.removed,
    machineTranslatedFrom: cleaned.machineTranslatedFrom,
    language: namedLanguage ?? detected,
    languageDetected: !namedLanguage && detected !== null,
    sha256: textSha256(cleaned.text),
  };
}

/**
 * SHA-256 of the text's UTF-8, hashed a megabyte of characters at a time:
 * hashing the whole string at once first copies it into one UTF-8 buffer (a
 * 100 MB article would cost another 100 MB). A cut never splits a surrogate
 * pair, so the bytes hashed are exactly the text's UTF-8.
 */
export function textSha256(text: string): string {
  const hash = createHash('sha256');
  const step = 1 << 20;
  for (let from = 0; from < text.length;) {
    let to = Math.min(text.length, from + step);
    const last = text.charCodeAt(to - 1);
    if (to < text.length && last >= 0xd800 && last <= 0xdbff) to++;
    hash.update(text.slice(from, to), 'utf8');
    from = to;
  }
  return hash.digest('hex');
}
