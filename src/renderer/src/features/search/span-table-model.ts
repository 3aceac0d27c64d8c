import type { Label, SpanRow } from '../../../../shared/domain';

/** Sorting and CSV for the corpus span table (plain functions, tested without a browser). */

export type SpanSortKey = 'left' | 'quote' | 'label' | 'article' | 'annotator';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function sortSpanRows(rows: readonly SpanRow[], key: SpanSortKey, descending: boolean, labels: ReadonlyMap<number, Label>): SpanRow[] {
  const value: Record<SpanSortKey, (r: SpanRow) => string> = {
    // Left context sorts by the words nearest the span (as a concordance does).
    left: (r) => [...r.left.trimEnd().split(/\s+/)].reverse().join(' '),
    quote: (r) => r.quote,
    label: (r) => labels.get(r.labelId)?.name ?? '',
    article: (r) => r.articleTitle,
    annotator: (r) => r.annotator,
  };
  const sorted = [...rows].sort((a, b) => collator.compare(value[key](a), value[key](b)) || a.articleId.localeCompare(b.articleId) || a.start - b.start);
  return descending ? sorted.reverse() : sorted;
}

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  // Quote every field; a leading = + - @ is prefixed with ' so spreadsheets never run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function spanRowsToCsv(rows: readonly SpanRow[], labels: ReadonlyMap<number, Label>): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.attributes)))].sort();
  const head = ['span_id', 'article_id', 'article_title', 'source', 'label', 'left_context', 'text', 'right_context', 'annotator', 'status', 'confidence', 'note', ...keys];
  const lines = rows.map((r) =>
    [
      r.id,
      r.articleId,
      r.articleTitle,
      r.source,
      labels.get(r.labelId)?.name ?? r.labelId,
      r.left,
      r.quote,
      r.right,
      r.annotator,
      r.status,
      r.confidence,
      r.note,
      ...keys.map((k) => r.attributes[k]),
    ]
      .map(cell)
      .join(','),
  );
  return `${[head.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
}
