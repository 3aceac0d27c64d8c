import { pairOf, type SpanPair } from './span-pair';
import type { Figure, ScoredSpan } from './spans';

/**
 * Cohen's kappa from an agreement count and each rater's category totals:
 * κ = (p_o − p_e) / (1 − p_e), p_e = Σ_k (a_k / N)(b_k / N).
 * Null when p_e = 1 (both raters used one and the same category throughout).
 */
export function cohenKappa<K>(agree: number, total: number, marginalsA: ReadonlyMap<K, number>, marginalsB: ReadonlyMap<K, number>): Figure {
  if (total === 0) return null;
  const observed = agree / total;
  let expected = 0;
  for (const [k, countA] of marginalsA) expected += (countA / total) * ((marginalsB.get(k) ?? 0) / total);
  if (expected >= 1 - 1e-15) return null;
  return (observed - expected) / (1 - expected);
}

/** One label's character table, pooled over articles. */
export interface CharacterTable {
  /** Characters inside a span of this label on both sides, on a only, on b only, on neither. */
  both: number;
  aOnly: number;
  bOnly: number;
  neither: number;
}

export interface KappaResult {
  /** Per label: each character is one item, "inside a span of this label" or not. */
  byLabel: Record<string, { kappa: Figure; table: CharacterTable }>;
  /**
   * Overall: each character is one item whose category is the set of labels
   * covering it (none is a category too), so a character both sides tagged
   * Claim agrees and one tagged Claim by a and Claim + Condition by b does not.
   */
  overall: Figure;
  /** Characters that are counted: the total length of the articles both sides annotated. */
  characters: number;
  articles: string[];
}

/**
 * Cohen's kappa over characters: every character of every article both sides
 * annotated (at least one span each) is one item, pooled over those articles.
 * `lengths` gives each article's length in the unit of the span offsets.
 */
export function kappaOverCharacters(a: readonly ScoredSpan[], b: readonly ScoredSpan[], lengths: ReadonlyMap<string, number>): KappaResult {
  return kappaOfPair(pairOf(a, b), lengths);
}

export function kappaOfPair(pair: SpanPair, lengths: ReadonlyMap<string, number>): KappaResult {
  const labels = pair.labels;
  const n = labels.length;
  const tables = labels.map(() => ({ both: 0, aOnly: 0, bOnly: 0, neither: 0 }));
  let agree = 0;
  const marginalsA = new Map<string | number, number>();
  const marginalsB = new Map<string | number, number>();
  // Up to 12 labels, a label set (as bits) indexes a plain array: no map operation per stretch of text.
  const histA = n <= 12 ? new Float64Array(1 << n) : null;
  const histB = histA ? new Float64Array(1 << n) : null;
  const add = (map: Map<string | number, number>, key: string | number, w: number): void => {
    if (histA && typeof key === 'number') (map === marginalsA ? histA : histB!)[key]! += w;
    else map.set(key, (map.get(key) ?? 0) + w);
  };

  const articles = Array.from(pair.both, (k) => pair.articles[k]!);
  // Label sets as bit masks while there are few labels (the usual case), as strings beyond.
  const useMasks = n <= 30;
  const SLOT_BITS = 2048; // room for 2 × 1023 labels per side and label; positions stay below 2^42
  let characters = 0;
  let events = new Float64Array(0);
  const counts = new Int32Array(2 * n);
  for (const k of pair.both) {
    const article = pair.articles[k]!;
    const length = lengths.get(article);
    if (length === undefined) throw new RangeError(`no length given for article ${article}`);
    characters += length;
    // Boundary events, encoded as one number each (position, slot, start or end), put in position order.
    const size = 2 * (pair.a.first[k + 1]! - pair.a.first[k]! + pair.b.first[k + 1]! - pair.b.first[k]!);
    if (events.length < size) events = new Float64Array(size);
    const part = events.subarray(0, size);
    let e = 0;
    for (const [side, columns] of [pair.a, pair.b].entries()) {
      for (let p = columns.first[k]!; p < columns.first[k + 1]!; p++) {
        const slot = side * n + columns.label[p]!;
        part[e++] = Math.max(0, Math.min(length, columns.start[p]!)) * SLOT_BITS + slot * 2 + 1;
        part[e++] = Math.max(0, Math.min(length, columns.end[p]!)) * SLOT_BITS + slot * 2;
      }
    }
    sortByPosition(part, length, SLOT_BITS);
    counts.fill(0);
    let maskA = 0;
    let maskB = 0;
    let covered = 0;
    let pos = 0;
    for (let i = 0; i <= size; i++) {
      const at = i < size ? Math.floor(part[i]! / SLOT_BITS) : length;
      const width = at - pos;
      if (width > 0 && histA && histB && (maskA !== 0 || maskB !== 0)) {
        // Few labels (the usual case): the label sets are the masks, each label's table found from its bits.
        let bits = maskA | maskB;
        while (bits !== 0) {
          const low = bits & -bits;
          const t = tables[31 - Math.clz32(low)]!;
          if (maskA & low && maskB & low) t.both += width;
          else if (maskA & low) t.aOnly += width;
          else t.bOnly += width;
          bits ^= low;
        }
        covered += width;
        if (maskA === maskB) agree += width;
        histA[maskA]! += width;
        histB[maskB]! += width;
      } else if (width > 0 && (maskA !== 0 || maskB !== 0 || !useMasks)) {
        let keyA: string | number = maskA;
        let keyB: string | number = maskB;
        let any = false;
        if (!useMasks) {
          keyA = '';
          keyB = '';
        }
        for (let c = 0; c < n; c++) {
          const inA = counts[c]! > 0;
          const inB = counts[n + c]! > 0;
          if (inA || inB) {
            any = true;
            const t = tables[c]!;
            if (inA && inB) t.both += width;
            else if (inA) t.aOnly += width;
            else t.bOnly += width;
          }
          if (!useMasks) {
            if (inA) keyA += `${c},`;
            if (inB) keyB += `${c},`;
          }
        }
        if (any) {
          covered += width;
          if (keyA === keyB) agree += width;
          add(marginalsA, keyA, width);
          add(marginalsB, keyB, width);
        }
      }
      if (i === size) break;
      pos = at;
      const code = part[i]! - at * SLOT_BITS;
      const slot = code >> 1;
      if (code & 1) {
        if (counts[slot]!++ === 0) {
          if (slot < n) maskA |= 1 << slot;
          else maskB |= 1 << (slot - n);
        }
      } else if (--counts[slot]! === 0) {
        if (slot < n) maskA &= ~(1 << slot);
        else maskB &= ~(1 << (slot - n));
      }
    }
    // Characters no span of either side covers: category "none" on both sides.
    const uncovered = length - covered;
    agree += uncovered;
    add(marginalsA, useMasks ? 0 : '', uncovered);
    add(marginalsB, useMasks ? 0 : '', uncovered);
  }

  if (histA && histB) {
    histA.forEach((w, key) => w > 0 && marginalsA.set(key, w));
    histB.forEach((w, key) => w > 0 && marginalsB.set(key, w));
  }
  const byLabel: KappaResult['byLabel'] = {};
  labels.forEach((label, c) => {
    const t = tables[c]!;
    t.neither = characters - t.both - t.aOnly - t.bOnly;
    byLabel[label] = { kappa: binaryKappa(t), table: t };
  });
  return { byLabel, overall: cohenKappa(agree, characters, marginalsA, marginalsB), characters, articles };
}

let buckets = new Int32Array(0);
let sorted = new Float64Array(0);

/**
 * Orders boundary events by position. Only the order of positions matters:
 * the label sets between two positions are the same whatever order the
 * events at one position are applied in. A counting sort over the positions
 * when the article is not much longer than its events (the usual case),
 * else a numeric sort.
 */
function sortByPosition(events: Float64Array, length: number, slotBits: number): void {
  if (length > 16 * events.length + 4096) {
    events.sort();
    return;
  }
  if (buckets.length < length + 2) buckets = new Int32Array(length + 2);
  if (sorted.length < events.length) sorted = new Float64Array(events.length);
  const next = buckets.subarray(0, length + 2);
  next.fill(0);
  for (let i = 0; i < events.length; i++) next[Math.floor(events[i]! / slotBits) + 1]!++;
  for (let p = 1; p < next.length; p++) next[p]! += next[p - 1]!;
  for (let i = 0; i < events.length; i++) sorted[next[Math.floor(events[i]! / slotBits)]!++] = events[i]!;
  events.set(sorted.subarray(0, events.length));
}

export function binaryKappa(t: CharacterTable): Figure {
  const total = t.both + t.aOnly + t.bOnly + t.neither;
  return cohenKappa(
    t.both + t.neither,
    total,
    new Map([
      [1, t.both + t.aOnly],
      [0, t.bOnly + t.neither],
    ]),
    new Map([
      [1, t.both + t.bOnly],
      [0, t.aOnly + t.neither],
    ]),
  );
}
