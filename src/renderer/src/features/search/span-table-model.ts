import type { AttributeValue, Label, SpanRow } from '../../../../shared/domain';

/** Sorting and CSV for the corpus span table (plain functions, tested without a browser). */

/** A column to sort by; `attr:KEY` is one attribute's value (numbers in numeric order). */
export type SpanSortKey = 'left' | 'quote' | 'right' | 'label' | 'attributes' | 'article' | 'annotator' | `attr:${string}`;

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function attributeText(row: SpanRow): string {
  return Object.entries(row.attributes)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');
}

/** Attribute values compare numbers as numbers, text by the collator; a span without the value sorts last either way. */
function compareValues(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const text = (v: AttributeValue): string => (Array.isArray(v) ? v.join(', ') : String(v));
  return collator.compare(text(a!), text(b!));
}

export function sortSpanRows(rows: readonly SpanRow[], key: SpanSortKey, descending: boolean, labels: ReadonlyMap<number, Label>): SpanRow[] {
  const tieBreak = (a: SpanRow, b: SpanRow): number => a.articleId.localeCompare(b.articleId) || a.start - b.start;
  if (key.startsWith('attr:')) {
    const attr = key.slice('attr:'.length);
    const missing = (r: SpanRow): boolean => r.attributes[attr] === undefined || r.attributes[attr] === '';
    return [...rows].sort((a, b) => {
      if (missing(a) !== missing(b)) return missing(a) ? 1 : -1;
      const c = missing(a) ? 0 : compareValues(a.attributes[attr], b.attributes[attr]);
      return (descending ? -c : c) || tieBreak(a, b);
    });
  }
  const value: Record<Exclude<SpanSortKey, `attr:${string}`>, (r: SpanRow) => string> = {
    // Left context sorts by the words nearest the span (as a concordance does).
    left: (r) => [...r.left.trimEnd().split(/\s+/)].reverse().join(' '),
    quote: (r) => r.quote,
    right: (r) => r.right.trimStart(),
    label: (r) => labels.get(r.labelId)?.name ?? '',
    attributes: attributeText,
    article: (r) => r.articleTitle,
    annotator: (r) => r.annotator,
  };
  const by = value[key as keyof typeof value];
  return [...rows].sort((a, b) => {
    const c = collator.compare(by(a), by(b));
    return (descending ? -c : c) || tieBreak(a, b);
  });
}

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join('; ') : String(value);
  // Quote every field; a leading = + - @ is prefixed with ' so spreadsheets never run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * The rows shown, as CSV: the article id and the span's offsets in its text
 * (start and end in UTF-16 code units, the unit every stored offset uses, so
 * a row can be found again in the article), then the columns of the table and
 * one column per attribute. A BOM starts the file so spreadsheets read UTF-8.
 */
export function spanRowsToCsv(rows: readonly SpanRow[], labels: ReadonlyMap<number, Label>): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.attributes)))].sort();
  const head = [
    'span_id',
    'article_id',
    'article_title',
    'article_source',
    'start',
    'end',
    'offset_unit',
    'label',
    'left_context',
    'text',
    'right_context',
    'annotator',
    'status',
    'confidence',
    'note',
    // Prefixed: an attribute may share a column's name ("source", "note"), and CSV readers keep only one of two same-named columns.
    ...keys.map((k) => `attr_${k}`),
  ];
  const lines = rows.map((r) =>
    [
      r.id,
      r.articleId,
      r.articleTitle,
      r.source,
      r.start,
      r.end,
      'utf16',
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
  return `\uFEFF${[head.map(cell).join(','), ...lines].join('\r\n')}\r\n`;
}
