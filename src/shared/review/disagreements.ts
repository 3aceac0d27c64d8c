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

function sameAttributes(a: Attributes, b: Attributes): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * Groups the spans of several layers and names each group's disagreements:
 * - only_some: some annotators of the article did not make it;
 * - label: another layer tagged exactly this text with another label;
 * - boundary: another layer's span with the same label overlaps it with other boundaries;
 * - attribute: the annotators who made it gave different attributes.
 * Groups come out ordered by article, start, end (longer first), label.
 */
export function groupSpans<S extends LayerSpan>(spans: readonly S[]): SpanGroup<S>[] {
  const byArticle = new Map<string, S[]>();
  for (const span of spans) {
    const list = byArticle.get(span.articleId);
    if (list) list.push(span);
    else byArticle.set(span.articleId, [span]);
  }
  const groups: SpanGroup<S>[] = [];
  for (const [articleId, list] of [...byArticle.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const annotatorsOfArticle = [...new Set(list.map((s) => s.annotator))].sort();
    const byKey = new Map<string, S[]>();
    for (const span of list) {
      const key = groupKey(articleId, span.start, span.end, span.labelId);
      const members = byKey.get(key);
      if (members) members.push(span);
      else byKey.set(key, [span]);
    }
    const labelsAt = new Map<string, Set<number>>();
    for (const span of list) {
      const at = `${span.start}:${span.end}`;
      const set = labelsAt.get(at) ?? new Set<number>();
      set.add(span.labelId);
      labelsAt.set(at, set);
    }
    const articleGroups: SpanGroup<S>[] = [...byKey.entries()].map(([key, members]) => {
      const first = members[0]!;
      const annotators = [...new Set(members.map((s) => s.annotator))].sort();
      const missing = annotatorsOfArticle.filter((a) => !annotators.includes(a));
      const kinds: DisagreementKind[] = [];
      if (missing.length) kinds.push('only_some');
      if (labelsAt.get(`${first.start}:${first.end}`)!.size > 1) kinds.push('label');
      if (members.some((s) => !sameAttributes(s.attributes, first.attributes))) kinds.push('attribute');
      return { key, articleId, start: first.start, end: first.end, labelId: first.labelId, spans: members, annotators, missing, kinds, unanimous: false };
    });
    markBoundaryConflicts(articleGroups);
    for (const g of articleGroups) {
      g.unanimous = annotatorsOfArticle.length >= 2 && g.kinds.length === 0;
    }
    articleGroups.sort((a, b) => a.start - b.start || b.end - a.end || a.labelId - b.labelId);
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
    let open: SpanGroup[] = [];
    for (const g of list) {
      open = open.filter((o) => o.end > g.start);
      for (const o of open) {
        conflicted.add(o);
        conflicted.add(g);
      }
      open.push(g);
    }
    for (const g of conflicted) {
      const at = g.kinds.indexOf('attribute');
      // Keep the kinds in one order: only_some, label, boundary, attribute.
      if (at >= 0) g.kinds.splice(at, 0, 'boundary');
      else g.kinds.push('boundary');
    }
  }
}
