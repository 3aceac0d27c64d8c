import type { AttributeType, AttributeValue } from '../domain';

/**
 * What an analyst types into an attribute filter of the span table, matched
 * against a span's attribute value:
 *   - a number attribute takes a number or a comparison: `2500`, `>= 1000`,
 *     `< 50`, `100-500` (inclusive), with thousands separators allowed
 *     (`2,500`);
 *   - a text attribute matches when it contains the words, ignoring case
 *     ("ushakov" finds "Yuri Ushakov");
 *   - a choice, yes/no or several-choice attribute matches its value exactly
 *     (ignoring case), a several-choice one when any chosen value is it.
 * A span without the attribute never matches a filter on it.
 */

type NumberTest = (n: number) => boolean;

const NUMBER = String.raw`-?\d[\d,.\u00a0\u202f ]*`;
const toNumber = (s: string): number => Number(s.replace(/[,\u00a0\u202f ]/g, ''));

/** A comparison typed for a number attribute, or null when the text is not one. */
export function parseNumberFilter(text: string): NumberTest | null {
  const t = text.trim();
  let m = new RegExp(`^(<=|>=|<|>|=|≤|≥)\\s*(${NUMBER})$`).exec(t);
  if (m) {
    const n = toNumber(m[2]!);
    if (Number.isNaN(n)) return null;
    const op = m[1]!;
    if (op === '<') return (x) => x < n;
    if (op === '>') return (x) => x > n;
    if (op === '<=' || op === '≤') return (x) => x <= n;
    if (op === '>=' || op === '≥') return (x) => x >= n;
    return (x) => x === n;
  }
  m = new RegExp(`^(${NUMBER}?)\\s*(?:-|–|\\.\\.)\\s*(${NUMBER})$`).exec(t);
  if (m && m[1] && !m[1].startsWith('-')) {
    const [lo, hi] = [toNumber(m[1]), toNumber(m[2]!)];
    if (!Number.isNaN(lo) && !Number.isNaN(hi)) return (x) => x >= Math.min(lo, hi) && x <= Math.max(lo, hi);
  }
  m = new RegExp(`^(${NUMBER})$`).exec(t);
  if (m) {
    const n = toNumber(m[1]!);
    if (!Number.isNaN(n)) return (x) => x === n;
  }
  return null;
}

/** `type` is the attribute's declared type when known (a label is chosen); otherwise the value's own kind decides. */
export function attributeMatches(value: AttributeValue | undefined, wanted: string, type?: AttributeType): boolean {
  const want = wanted.trim().toLowerCase();
  if (want === '') return true;
  if (value === undefined || value === null) return false;
  if (type === 'integer' || typeof value === 'number') {
    const test = parseNumberFilter(want);
    const n = typeof value === 'number' ? value : Number(value);
    if (test) return !Number.isNaN(n) && test(n);
    return String(value).toLowerCase() === want;
  }
  if (Array.isArray(value)) return value.some((v) => v.toLowerCase() === want);
  if (typeof value === 'boolean') return String(value) === want || (want === 'yes' && value) || (want === 'no' && !value);
  if (type === 'choice') return value.toLowerCase() === want;
  return value.toLowerCase().includes(want);
}
