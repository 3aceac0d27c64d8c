import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, firstInvalidUtf8 } from '../../../src/main/import/decode';
import { catchWorkbenchError } from '../../helpers/workbench';

const RU =
  'Россия и США договорились немедленно начать переговоры по украинскому урегулированию. ' +
  'Об этом стало известно после телефонного разговора лидеров двух стран, который состоялся 18 марта.\r\n';
const EN = 'Negotiators agreed on Thursday to a 10-day pause in fighting around the port.\n';

describe('decodeText', () => {
  it('keeps a UTF-8 byte-order mark as U+FEFF and says how it decided', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(EN)]);
    expect(decodeText(bytes, 'a.txt')).toEqual({ text: `\uFEFF${EN}`, encoding: 'utf-8', detectedBy: 'bom' });
  });

  it('reads UTF-16 with a byte-order mark, little and big endian', () => {
    for (const encoding of ['utf-16le', 'utf-16be'] as const) {
      const bytes = iconv.encode(`\uFEFF${RU}`, encoding);
      expect(decodeText(bytes, 'a.txt')).toEqual({ text: `\uFEFF${RU}`, encoding, detectedBy: 'bom' });
    }
  });

  it('reads UTF-16 without a byte-order mark, Russian and English', () => {
    for (const text of [RU, EN]) {
      for (const encoding of ['utf-16le', 'utf-16be'] as const) {
        const decoded = decodeText(iconv.encode(text, encoding), 'a.txt');
        expect(decoded).toEqual({ text, encoding, detectedBy: 'utf-16 pattern' });
      }
    }
  });

  it('recognises Windows-1251 and KOI8-R Russian with chardet, recording its confidence', () => {
    for (const encoding of ['windows-1251', 'koi8-r']) {
      const decoded = decodeText(iconv.encode(RU, encoding), 'legacy.txt');
      expect(decoded.text).toBe(RU);
      expect(decoded.encoding).toBe(encoding);
      expect(decoded.detectedBy).toBe('chardet');
      expect(decoded.confidence).toBeGreaterThanOrEqual(50);
    }
  });

  it('uses an encoding the user names', () => {
    expect(decodeText(iconv.encode(RU, 'iso-8859-5'), 'a.txt', 'iso-8859-5')).toEqual({ text: RU, encoding: 'iso-8859-5', detectedBy: 'given' });
    catchWorkbenchError(() => decodeText(new Uint8Array([1]), 'a.txt', 'klingon-8'), 'invalid_input');
  });

  it('refuses bytes it cannot read with confidence, naming the file, the byte offset and what it tried', () => {
    const bytes = new Uint8Array([...Buffer.from('Hello '), 0xff, 0x00, 0x81, 0x9d, 0x13, 0x07, 0xfe]);
    const error = catchWorkbenchError(() => decodeText(bytes, 'mystery.txt'), 'unsupported_format');
    expect(error.message).toMatch(/^mystery\.txt: cannot tell its encoding with confidence \(byte offset 6 is not UTF-8\); tried utf-8, utf-16/);
    expect(error.details).toMatchObject({ file: 'mystery.txt', offset: 6 });
  });

  it('refuses a name the user gives when the bytes do not fit it', () => {
    const error = catchWorkbenchError(() => decodeText(new Uint8Array([0x41, 0xc3]), 'a.txt', 'utf-8'), 'unsupported_format');
    expect(error.message).toContain('byte offset 1');
  });
});

describe('firstInvalidUtf8', () => {
  it('finds the first byte that breaks UTF-8: stray continuation, overlong, surrogate, truncated', () => {
    expect(firstInvalidUtf8(Buffer.from('ok 💩 ё'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
  });
});

describe('decodeText on short legacy texts', () => {
  it('reads a two-sentence Windows-1251 or KOI8-R paragraph, and never returns one decoded as the other', () => {
    const short = 'Стороны обменялись 75 пленными в субботу, сообщил посреднический комитет. Это первый обмен с начала января.\n';
    for (const encoding of ['windows-1251', 'koi8-r']) {
      const decoded = decodeText(iconv.encode(short, encoding), 'short.txt');
      expect({ encoding: decoded.encoding, text: decoded.text }).toEqual({ encoding, text: short });
    }
  });

  it('refuses Latin-1 bytes of a few accented words rather than guess', () => {
    const bytes = iconv.encode('Café ½ × ÿ', 'latin1');
    const outcome = (() => {
      try {
        return decodeText(bytes, 'tiny.txt').text;
      } catch (error) {
        return (error as Error).message;
      }
    })();
    // Either read right or refused: never mojibake.
    expect(['Café ½ × ÿ', outcome.startsWith('tiny.txt: cannot tell its encoding') ? outcome : 'MOJIBAKE']).toContain(outcome);
  });
});
