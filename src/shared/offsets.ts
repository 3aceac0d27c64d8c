/**
 * Offset conversion between JavaScript string indices (UTF-16 code units,
 * used everywhere inside the workbench) and Unicode code points (used by
 * Python, spaCy, Hugging Face and every JSON export by default).
 *
 * This is the one module that converts; exports and imports go through it.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when `index` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return false;
  return isHighSurrogate(text.charCodeAt(index - 1)) && isLowSurrogate(text.charCodeAt(index));
}

/** Number of code points in a string. */
export function codePointLength(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    n++;
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) i++;
  }
  return n;
}

/**
 * Converts offsets for one text in both directions. Texts without surrogates
 * convert by identity; others build one prefix table lazily.
 */
export class OffsetConverter {
  private readonly text: string;
  private readonly identity: boolean;
  private utf16ToCp: Int32Array | null = null;
  private cpToUtf16: Int32Array | null = null;

  constructor(text: string) {
    this.text = text;
    this.identity = !SURROGATE.test(text);
  }

  get codePointLength(): number {
    if (this.identity) return this.text.length;
    return this.tables().cpToUtf16.length - 1;
  }

  /** UTF-16 index -> code point index. Throws on an index inside a surrogate pair or out of range. */
  toCodePoint(utf16: number): number {
    if (!Number.isInteger(utf16) || utf16 < 0 || utf16 > this.text.length) {
      throw new RangeError(`offset ${utf16} is outside the text (0-${this.text.length})`);
    }
    if (this.identity) return utf16;
    if (splitsSurrogatePair(this.text, utf16)) {
      throw new RangeError(`offset ${utf16} splits a surrogate pair`);
    }
    return this.tables().utf16ToCp[utf16]!;
  }

  /** Code point index -> UTF-16 index. Throws when out of range. */
  toUtf16(codePoint: number): number {
    const max = this.codePointLength;
    if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > max) {
      throw new RangeError(`code point offset ${codePoint} is outside the text (0-${max})`);
    }
    if (this.identity) return codePoint;
    return this.tables().cpToUtf16[codePoint]!;
  }

  private tables(): { utf16ToCp: Int32Array; cpToUtf16: Int32Array } {
    if (!this.utf16ToCp || !this.cpToUtf16) {
      const text = this.text;
      const utf16ToCp = new Int32Array(text.length + 1);
      const cps: number[] = [];
      let cp = 0;
      for (let i = 0; i < text.length; i++) {
        utf16ToCp[i] = cp;
        cps.push(i);
        if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
          utf16ToCp[i + 1] = cp; // inside a pair: never a valid boundary, mapped for safety
          i++;
        }
        cp++;
      }
      utf16ToCp[text.length] = cp;
      cps.push(text.length);
      this.utf16ToCp = utf16ToCp;
      this.cpToUtf16 = Int32Array.from(cps);
    }
    return { utf16ToCp: this.utf16ToCp, cpToUtf16: this.cpToUtf16 };
  }
}
