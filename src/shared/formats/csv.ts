import { ATTRIBUTES_LEFT_OUT, LossCounter, UnitConverter, type DatasetFormat } from './model';

/**
 * The span table as CSV (RFC 4180: comma separated, fields with commas,
 * quotes or line breaks quoted, quotes doubled, CRLF between rows), one span
 * a row. Attributes are one JSON column. A UTF-8 BOM starts the file so
 * spreadsheet programs read the text as UTF-8.
 */
export const CSV_COLUMNS = [
  'article_id',
  'external_id',
  'title',
  'split',
  'span_id',
  'label',
  'label_name',
  'start',
  'end',
  'offset_unit',
  'text',
  'annotator',
  'status',
  'confidence',
  'note',
  'attributes',
  'created_at',
  'updated_at',
] as const;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvFormat: DatasetFormat = {
  id: 'csv',
  name: 'CSV span table',
  extensions: ['csv'],
  output: 'file',
  mimeType: 'text/csv',
  description: 'One span a row with its article, label, offsets, text, annotator, status, note and attributes (JSON); article text is not included.',
  unit: 'selectable',
  carries: { overlaps: true, attributes: true, notes: true, annotators: true, status: true, articleMetadata: false, articleDetails: false },
  createEncoder(options) {
    const losses = new LossCounter();
    return {
      begin: () => [{ file: '', data: `\uFEFF${CSV_COLUMNS.join(',')}\r\n` }],
      article(article) {
        const units = new UnitConverter(article.text, options.offsets);
        if (!options.attributes) losses.add('attributes', ATTRIBUTES_LEFT_OUT, article.spans.filter((s) => Object.keys(s.attributes).length > 0).length);
        let data = '';
        for (const s of article.spans) {
          const row = [
            article.id,
            article.externalId,
            article.title,
            article.split,
            s.id,
            s.label,
            s.labelName,
            units.out(s.start),
            units.out(s.end),
            options.offsets,
            s.text,
            s.annotator,
            s.status,
            s.confidence,
            s.note,
            JSON.stringify(options.attributes ? s.attributes : {}),
            s.createdAt,
            s.updatedAt,
          ];
          data += `${row.map(csvField).join(',')}\r\n`;
        }
        return data ? [{ file: '', data }] : [];
      },
      end: () => [],
      losses: () => losses.list(),
    };
  },
};
