import type { Attributes, DisagreementKind } from '../domain';

/** What the grouping needs of a span. */
export interface LayerSpan {
  id: string;
  annotator: string;
  articleId: string;
  start: number;
  end: number;
  labelId: number;
  attributes: Attributes;
}

/** Spans of several layers with the same article, start, end and label: one thing to review. */
export interface SpanGroup<S extends LayerSpan = LayerSpan> {
  key: string;
  articleId: string;
  start: number;
  end: number;
  labelId: number;
  spans: S[];
  annotators: string[];
  /** Annotators who did the article (made any span in it) but not this one. */
  missing: string[];
  kinds: DisagreementKind[];
  /** Every annotator of the article made it, with the same attributes, and there are two annotators at least. */
  unanimous: boolean;
}

export function groupKey(articleId: string, start: number, end: number, labelId: number): string {
  return `${articleId}:${start}:${end}:${labelId}`;
}

/** One attribute's values equal; multi-choice values (arrays) compare by their items. */
export const sameValue = (x: Attributes[string] | undefined, y: Attributes[string] | undefined): boolean =>
  x === y || (Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i]));

/** Equal attributes; multi-choice values (arrays) compare by their items. */
export function sameAttributes(a: Attributes, b: Attributes): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]));
}

/**
 * Groups the spans of several layers and names each group's disagreements:
 * - only_some: some annotators of the article did not make it;
 * - label: another layer tagged exactly this text with another label;
 * - boundary: another layer's span with the same label overlaps it with other boundaries;
 * - attribute: the annotators who made it gave different attributes.
 * Groups come out ordered by article, start, end (longer first), label; the
 * spans of a group by annotator. One sort, then runs of equal places: no
 * per-span string keys (a review of 2 x 5,000 spans builds in milliseconds).
 */
export function groupSpans<S extends LayerSpan>(spans: readonly S[]): SpanGroup<S>[] {
  // Articles and annotators as ranks, so the sort compares numbers only.
  const rank = (values: Iterable<string>): Map<string, number> => new Map([...new Set(values)].sort().map((v, i) => [v, i]));
  const articleRank = rank(spans.map((s) => s.articleId));
  const annotatorRank = rank(spans.map((s) => s.annotator));
  const articleOf = Int32Array.from(spans, (s) => articleRank.get(s.articleId)!);
  const annotatorOf = Int32Array.from(spans, (s) => annotatorRank.get(s.annotator)!);
  const order = Array.from(spans, (_, i) => i);
  order.sort((i, j) => {
    const x = spans[i]!;
    const y = spans[j]!;
    return (
      articleOf[i]! - articleOf[j]! ||
      x.start - y.start ||
      y.end - x.end ||
      x.labelId - y.labelId ||
      annotatorOf[i]! - annotatorOf[j]! ||
      (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
    );
  });
  const groups: SpanGroup<S>[] = [];
  let k = 0;
  while (k < order.length) {
    // One article: spans[order[k..articleEnd)].
    const articleId = spans[order[k]!]!.articleId;
    let articleEnd = k;
    const annotatorSet = new Set<string>();
    while (articleEnd < order.length && spans[order[articleEnd]!]!.articleId === articleId) annotatorSet.add(spans[order[articleEnd++]!]!.annotator);
    const annotatorsOfArticle = [...annotatorSet].sort();
    const articleGroups: SpanGroup<S>[] = [];
    while (k < articleEnd) {
      // One place (start, end): its label groups are consecutive.
      const place = spans[order[k]!]!;
      let placeEnd = k;
      while (placeEnd < articleEnd && spans[order[placeEnd]!]!.start === place.start && spans[order[placeEnd]!]!.end === place.end) placeEnd++;
      const placeGroups: SpanGroup<S>[] = [];
      while (k < placeEnd) {
        const first = spans[order[k]!]!;
        const members: S[] = [];
        while (k < placeEnd && spans[order[k]!]!.labelId === first.labelId) members.push(spans[order[k++]!]!);
        const annotators: string[] = [];
        for (const m of members) if (annotators[annotators.length - 1] !== m.annotator) annotators.push(m.annotator);
        const missing = annotators.length === annotatorsOfArticle.length ? [] : annotatorsOfArticle.filter((a) => !annotators.includes(a));
        const kinds: DisagreementKind[] = [];
        if (missing.length) kinds.push('only_some');
        if (members.some((m) => !sameAttributes(m.attributes, first.attributes))) kinds.push('attribute');
        placeGroups.push({
          key: groupKey(articleId, first.start, first.end, first.labelId),
          articleId,
          start: first.start,
          end: first.end,
          labelId: first.labelId,
          spans: members,
          annotators,
          missing,
          kinds,
          unanimous: false,
        });
      }
      if (placeGroups.length > 1) for (const g of placeGroups) g.kinds.splice(g.kinds[0] === 'only_some' ? 1 : 0, 0, 'label');
      articleGroups.push(...placeGroups);
    }
    markBoundaryConflicts(articleGroups);
    for (const g of articleGroups) g.unanimous = annotatorsOfArticle.length >= 2 && g.kinds.length === 0;
    groups.push(...articleGroups);
  }
  return groups;
}

/** Same label, overlapping, other boundaries: a sweep by start within each label. */
function markBoundaryConflicts(groups: SpanGroup[]): void {
  const byLabel = new Map<number, SpanGroup[]>();
  for (const g of groups) {
    const list = byLabel.get(g.labelId);
    if (list) list.push(g);
    else byLabel.set(g.labelId, [g]);
  }
  for (const list of byLabel.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    const conflicted = new Set<SpanGroup>();
    // Groups are distinct places of one label, so any two that overlap have other boundaries.
    let reach = -Infinity;
    let reacher: SpanGroup | null = null;
    for (const g of list) {
      if (reacher && reach > g.start) {
        conflicted.add(reacher);
        conflicted.add(g);
      }
      if (g.end > reach) {
        reach = g.end;
        reacher = g;
      }
    }
    for (const g of conflicted) {
      const at = g.kinds.indexOf('attribute');
      // Keep the kinds in one order: only_some, label, boundary, attribute.
      if (at >= 0) g.kinds.splice(at, 0, 'boundary');
      else g.kinds.push('boundary');
    }
  }
}

/**
 * Which spans of one article are in disagreement (their group has any kind: only_some, label, boundary or
 * attribute), as groupSpans() would say, without building the groups: flags aligned with `spans`. The editor
 * asks this of every visible span when two layers are shown; typed columns and one sort of indices keep it to
 * a few milliseconds for 2 x 5,000 spans (issue 9 item 8).
 */
export function disagreementFlags(spans: readonly LayerSpan[]): Uint8Array {
  const n = spans.length;
  const flags = new Uint8Array(n);
  if (n === 0) return flags;
  const annotatorRank = new Map<string, number>();
  for (const s of spans) if (!annotatorRank.has(s.annotator)) annotatorRank.set(s.annotator, annotatorRank.size);
  const annotators = annotatorRank.size;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const labels = new Float64Array(n);
  const who = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = spans[i]!;
    starts[i] = s.start;
    ends[i] = s.end;
    labels[i] = s.labelId;
    who[i] = annotatorRank.get(s.annotator)!;
  }
  // Places in text order (longer first), a place's labels together, a label's annotators together. Spans
  // usually come in text order already (the editor's are): then only each place's few spans are sorted.
  const byPlace = (i: number, j: number): number => starts[i]! - starts[j]! || ends[j]! - ends[i]!;
  const withinPlace = (i: number, j: number): number => labels[i]! - labels[j]! || who[i]! - who[j]!;
  let order = Array.from({ length: n }, (_, i) => i);
  let inTextOrder = true;
  for (let i = 1; i < n && inTextOrder; i++) inTextOrder = byPlace(i - 1, i) <= 0;
  if (!inTextOrder) order = order.sort((i, j) => byPlace(i, j) || withinPlace(i, j));
  else {
    for (let from = 0; from < n;) {
      let to = from + 1;
      while (to < n && byPlace(order[from]!, order[to]!) === 0) to++;
      if (to - from > 1) sortRange(order, from, to, withinPlace);
      from = to;
    }
  }
  /** Groups (one place, one label) as [first, end) runs of `order`, by label, for the boundary sweep. */
  const groupsByLabel = new Map<number, number[]>();
  const flagRun = (from: number, to: number): void => {
    for (let k = from; k < to; k++) flags[order[k]!] = 1;
  };
  let k = 0;
  while (k < n) {
    const start = starts[order[k]!]!;
    const end = ends[order[k]!]!;
    let placeEnd = k;
    while (placeEnd < n && starts[order[placeEnd]!] === start && ends[order[placeEnd]!] === end) placeEnd++;
    const severalLabels = labels[order[k]!] !== labels[order[placeEnd - 1]!];
    while (k < placeEnd) {
      const first = order[k]!;
      const label = labels[first]!;
      let groupEnd = k + 1;
      let distinct = 1;
      let attributesDiffer = false;
      for (; groupEnd < placeEnd && labels[order[groupEnd]!] === label; groupEnd++) {
        const member = order[groupEnd]!;
        if (who[member] !== who[order[groupEnd - 1]!]) distinct++;
        if (!attributesDiffer && !sameAttributes(spans[member]!.attributes, spans[first]!.attributes)) attributesDiffer = true;
      }
      if (severalLabels || attributesDiffer || distinct < annotators) flagRun(k, groupEnd);
      const list = groupsByLabel.get(label);
      if (list) list.push(k, groupEnd);
      else groupsByLabel.set(label, [k, groupEnd]);
      k = groupEnd;
    }
  }
  // Boundary: groups of one label that overlap another group of that label (as markBoundaryConflicts sweeps them).
  for (const runs of groupsByLabel.values()) {
    const count = runs.length / 2;
    if (count < 2) continue;
    // The sweep goes by start, then end (shorter first): the groups come longer first, so each run of
    // groups with one start is turned round.
    const groups = Array.from({ length: count }, (_, g) => g);
    for (let from = 0; from < count;) {
      let to = from + 1;
      while (to < count && starts[order[runs[2 * to]!]!] === starts[order[runs[2 * from]!]!]) to++;
      for (let a = from, b = to - 1; a < b; a++, b--) [groups[a], groups[b]] = [groups[b]!, groups[a]!];
      from = to;
    }
    let reach = -Infinity;
    let reacher = -1;
    for (const g of groups) {
      const first = order[runs[2 * g]!]!;
      if (reacher >= 0 && reach > starts[first]!) {
        flagRun(runs[2 * reacher]!, runs[2 * reacher + 1]!);
        flagRun(runs[2 * g]!, runs[2 * g + 1]!);
      }
      if (ends[first]! > reach) {
        reach = ends[first]!;
        reacher = g;
      }
    }
  }
  return flags;
}

/** Sorts list[from, to) in place (an insertion sort: the runs it gets are a few items long). */
function sortRange(list: number[], from: number, to: number, compare: (a: number, b: number) => number): void {
  for (let i = from + 1; i < to; i++) {
    const item = list[i]!;
    let j = i - 1;
    while (j >= from && compare(list[j]!, item) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = item;
  }
}
