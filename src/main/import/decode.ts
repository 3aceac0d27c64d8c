import chardet from 'chardet';
import iconv from 'iconv-lite';
import { WorkbenchError } from '../../shared/errors';

/**
 * Bytes of a file to text, never mojibake. In order: an encoding the user
 * named; a byte-order mark (UTF-8, UTF-16 LE/BE); strict UTF-8; UTF-16 without
 * a mark (recognised by its zero or constant high bytes); then a legacy
 * encoding (Windows-1251, KOI8-R, ISO-8859-x, ...) when chardet, the port of
 * Mozilla's universal charset detector, is confident and the decoded text has
 * no control characters. Otherwise the file is refused, naming the byte where
 * UTF-8 failed and every encoding tried. Decoding is iconv-lite's.
 *
 * The text keeps a byte-order mark as U+FEFF, like every stored article.
 */

export interface DecodedText {
  text: string;
  /** The encoding used, as iconv-lite names it (e.g. "utf-8", "windows-1251", "utf-16le"). */
  encoding: string;
  /** How the encoding was chosen. */
  detectedBy: 'given' | 'bom' | 'utf-8' | 'utf-16 pattern' | 'chardet';
  /** chardet's confidence (0-100) when it chose. */
  confidence?: number;
  /** The language chardet's model for that encoding matched (ISO 639-1), when it chose. */
  language?: string;
}

/**
 * chardet's top guess must reach this confidence and lead the next different
 * encoding by the margin (a short Windows-1251 paragraph scores about 40 with
 * the runner-up near 10), and the decoded text must read as one script.
 */
const MIN_CONFIDENCE = 30;
const MIN_LEAD = 20;
/** Non-ASCII characters a legacy-encoded file must have before a guess is trusted. */
const MIN_EVIDENCE = 20;

/** Names chardet reports, mapped to what browsers decode them as (ISO-8859-1 is read as Windows-1252 everywhere). */
const DECODE_AS: Record<string, string> = { 'iso-8859-1': 'windows-1252', ascii: 'utf-8' };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Offset of the first byte that breaks UTF-8, or -1 when all of it is valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Control characters that never occur in an article (everything below U+0020 but tab, LF, FF, CR; C1 controls; U+FFFD). */
// eslint-disable-next-line no-control-regex -- control characters are what these checks look for
const IMPLAUSIBLE = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uFFFD]/;

/** UTF-16 without a byte-order mark: one byte of each pair is almost always the same (0x00 for Latin, 0x04 for Cyrillic). */
function utf16Pattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 8 || bytes.length % 2 !== 0) return null;
  const pairs = Math.min(bytes.length / 2, 4096);
  const dominantShare = (parity: 0 | 1): number => {
    const counts = new Map<number, number>();
    for (let i = 0; i < pairs; i++) {
      const b = bytes[i * 2 + parity]!;
      counts.set(b, (counts.get(b) ?? 0) + 1);
    }
    // Latin text mixes 0x00 with one script block (0x04 Cyrillic, 0x06 Arabic, 0x20 punctuation): take the top two.
    const top = [...counts.values()].sort((a, b) => b - a);
    return ((top[0] ?? 0) + (top[1] ?? 0)) / pairs;
  };
  const hasZero = (parity: 0 | 1): boolean => {
    for (let i = 0; i < pairs; i++) if (bytes[i * 2 + parity] === 0) return true;
    return false;
  };
  const high = { le: dominantShare(1), be: dominantShare(0) };
  const low = { le: dominantShare(0), be: dominantShare(1) };
  if (high.le >= 0.95 && low.le < 0.6 && hasZero(1)) return 'utf-16le';
  if (high.be >= 0.95 && low.be < 0.6 && hasZero(0)) return 'utf-16be';
  return null;
}

/** Mojibake mixes scripts and symbols (Ã©, Ð¿, â€™); real text's non-ASCII characters are mostly letters of one script. */
function readsAsOneScript(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what these checks look for
  const nonAscii = text.match(/[^\u0000-\u007f]/gu) ?? [];
  if (nonAscii.length === 0) return true;
  const scripts = new Map<string, number>();
  let letters = 0;
  for (const ch of nonAscii) {
    const script = /\p{Script=Cyrillic}/u.test(ch)
      ? 'Cyrillic'
      : /\p{Script=Greek}/u.test(ch)
        ? 'Greek'
        : /\p{Script=Latin}/u.test(ch)
          ? 'Latin'
          : /\p{Script=Arabic}/u.test(ch)
            ? 'Arabic'
            : /\p{Script=Hebrew}/u.test(ch)
              ? 'Hebrew'
              : /\p{L}/u.test(ch)
                ? 'other'
                : null;
    if (!script) continue;
    letters++;
    scripts.set(script, (scripts.get(script) ?? 0) + 1);
  }
  const top = Math.max(0, ...scripts.values());
  // Too few non-ASCII characters is too little evidence to tell one legacy encoding from another.
  return nonAscii.length >= MIN_EVIDENCE && letters >= nonAscii.length * 0.9 && top >= letters * 0.9;
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding, { stripBOM: false });
}

export function isKnownEncoding(name: string): boolean {
  return iconv.encodingExists(name);
}

export function decodeText(bytes: Uint8Array, fileName: string, givenEncoding?: string): DecodedText {
  if (givenEncoding) {
    if (!iconv.encodingExists(givenEncoding)) {
      throw new WorkbenchError('invalid_input', `unknown encoding “${givenEncoding}” (try utf-8, windows-1251, koi8-r, iso-8859-5, utf-16le)`, {
        encoding: givenEncoding,
      });
    }
    const encoding = givenEncoding.toLowerCase();
    if (/^utf-?8$/.test(encoding)) return { text: strictUtf8(bytes, fileName, [givenEncoding]), encoding: 'utf-8', detectedBy: 'given' };
    const text = decodeWith(bytes, encoding);
    if (/\uFFFD/.test(text)) {
      const at = text.indexOf('\uFFFD');
      throw new WorkbenchError('unsupported_format', `${fileName}: bytes that are not ${givenEncoding} near character ${at}`, { file: fileName, encoding });
    }
    return { text, encoding, detectedBy: 'given' };
  }
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strictUtf8(bytes, fileName, ['utf-8 (byte-order mark)']), encoding: 'utf-8', detectedBy: 'bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 'utf-16le', fileName, 'bom');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 'utf-16be', fileName, 'bom');

  const invalidAt = firstInvalidUtf8(bytes);
  if (invalidAt === -1) {
    const text = utf8.decode(bytes);
    // eslint-disable-next-line no-control-regex -- control characters are what these checks look for
    if (/\u0000/.test(text)) {
      const pattern = utf16Pattern(bytes);
      if (pattern) return utf16(bytes, pattern, fileName, 'utf-16 pattern');
      throw refuse(fileName, invalidAt, ['utf-8 (holds NUL bytes: a binary file?)', 'utf-16']);
    }
    return { text, encoding: 'utf-8', detectedBy: 'utf-8' };
  }
  const pattern = utf16Pattern(bytes);
  if (pattern) return utf16(bytes, pattern, fileName, 'utf-16 pattern');

  const candidates = chardet.analyse(bytes).filter((m) => !/^UTF-(16|32)/i.test(m.name) && m.name !== 'UTF-8');
  const tried = ['utf-8', 'utf-16', ...candidates.slice(0, 4).map((m) => `${m.name.toLowerCase()} (${m.confidence}%)`)];
  const top = candidates[0];
  const next = candidates.find((m) => top && m.name !== top.name);
  if (top && top.confidence >= MIN_CONFIDENCE && top.confidence - (next?.confidence ?? 0) >= MIN_LEAD) {
    const name = top.name.toLowerCase();
    const encoding = DECODE_AS[name] ?? name;
    if (iconv.encodingExists(encoding)) {
      const text = decodeWith(bytes, encoding);
      if (!IMPLAUSIBLE.test(text) && readsAsOneScript(text)) {
        return {
          text,
          encoding,
          detectedBy: 'chardet',
          confidence: top.confidence,
          ...(top.lang && /^[a-z]{2}$/.test(top.lang) ? { language: top.lang } : {}),
        };
      }
      tried.push(`${encoding} gave control characters or mixed scripts`);
    }
  }
  throw refuse(fileName, invalidAt, tried);
}

function strictUtf8(bytes: Uint8Array, fileName: string, tried: string[]): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw refuse(fileName, firstInvalidUtf8(bytes), tried);
  }
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', fileName: string, detectedBy: DecodedText['detectedBy']): DecodedText {
  const usable = bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
  const text = decodeWith(usable, encoding);
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  // eslint-disable-next-line no-control-regex -- control characters are what these checks look for
  if (bytes.length % 2 !== 0 || lone || /[\u0000\uFFFD]/.test(text)) {
    const offset = lone ? lone.index * 2 : bytes.length - 1;
    throw new WorkbenchError('unsupported_format', `${fileName}: not valid ${encoding.toUpperCase()} (byte offset ${offset}); tried ${encoding}`, {
      file: fileName,
      offset,
      tried: [encoding],
    });
  }
  return { text, encoding, detectedBy };
}

function refuse(fileName: string, offset: number, tried: string[]): WorkbenchError {
  const where = offset >= 0 ? ` (byte offset ${offset} is not UTF-8)` : '';
  return new WorkbenchError(
    'unsupported_format',
    `${fileName}: cannot tell its encoding with confidence${where}; tried ${tried.join(', ')}. Name it with --encoding (e.g. --encoding windows-1251) or convert the file to UTF-8`,
    { file: fileName, offset, tried },
  );
}
