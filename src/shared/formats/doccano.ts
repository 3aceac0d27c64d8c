import {
  emptyArticle,
  isRecord,
  jsonLine,
  LossCounter,
  placeSpan,
  readJsonRecords,
  stringOrNull,
  UnitConverter,
  type DatasetArticle,
  type DatasetFormat,
  type DecodeProblem,
  type OffsetUnit,
} from './model';

/**
 * doccano sequence-labelling JSONL: `{"text", "label": [[start, end, "LABEL"], ...]}`.
 * The format has no place for attributes, notes, status or who annotated,
 * so the loss report counts them. Records say their `offset_unit`; doccano's
 * own exports count UTF-16 code units (doccano #2290): import those with
 * `--offsets utf16`. Reading also accepts the relation-extraction shape
 * (`entities` with start_offset/end_offset; relations are reported, not imported)
 * and the `column_data`/`column_label` import shape.
 */
export const doccanoFormat: DatasetFormat = {
  id: 'doccano',
  name: 'doccano sequence labelling JSONL',
  extensions: ['jsonl'],
  output: 'file',
  mimeType: 'application/x-ndjson',
  description: 'doccano JSONL with [start, end, label] triples; attributes, notes, status and annotators are not carried.',
  unit: 'selectable',
  carries: { overlaps: true, attributes: false, notes: false, annotators: false, status: false, articleMetadata: false, articleDetails: false },
  createEncoder(options) {
    const losses = new LossCounter();
    let next = 1;
    return {
      begin: () => [],
      article(article) {
        const units = new UnitConverter(article.text, options.offsets);
        const annotators = new Set(article.spans.map((s) => s.annotator));
        losses.add('attributes', 'span attributes dropped (doccano has none)', article.spans.filter((s) => Object.keys(s.attributes).length > 0).length);
        losses.add('notes', 'span notes dropped', article.spans.filter((s) => s.note !== '').length);
        losses.add(
          'annotator',
          'annotator identity lost (every layer in one label list)',
          annotators.size > 1 || [...annotators][0] ? article.spans.length : 0,
        );
        losses.add('status', 'span status (proposed/accepted/rejected) lost', article.spans.filter((s) => s.status && s.status !== 'proposed').length);
        const record = {
          id: next++,
          text: article.text,
          label: article.spans.map((s) => [units.out(s.start), units.out(s.end), s.label]),
          offset_unit: options.offsets,
          meta: { article_id: article.id, external_id: article.externalId, title: article.title, split: article.split },
          Comments: [],
        };
        return [{ file: '', data: `${jsonLine(record)}\n` }];
      },
      end: () => [],
      losses: () => losses.list(),
    };
  },
  decode(files, options) {
    const problems: DecodeProblem[] = [];
    const articles: DatasetArticle[] = [];
    for (const file of files) {
      for (const { record, at } of readJsonRecords(file, problems)) {
        const text = isRecord(record) ? (stringOrNull(record.text) ?? stringOrNull(record.data) ?? stringOrNull(record.column_data)) : null;
        if (!isRecord(record) || text === null) {
          problems.push({ code: 'parse', file: file.path, record: at, span: null, message: 'a doccano record needs a "text" string' });
          continue;
        }
        const unit: OffsetUnit = record.offset_unit === 'utf16' || record.offset_unit === 'codepoint' ? record.offset_unit : (options.offsets ?? 'codepoint');
        const converter = new UnitConverter(text, unit);
        const meta = isRecord(record.meta) ? record.meta : {};
        const article = emptyArticle({
          text,
          id: stringOrNull(meta.article_id),
          externalId: stringOrNull(meta.external_id) ?? (typeof record.id === 'number' || typeof record.id === 'string' ? String(record.id) : null),
          title: stringOrNull(meta.title),
          meta: Object.fromEntries(Object.entries(meta).filter(([k]) => !['article_id', 'external_id', 'title', 'split'].includes(k))),
        });
        const raw: { start: unknown; end: unknown; label: unknown; ref: string }[] = [];
        const triples = record.label ?? record.labels ?? record.column_label;
        if (Array.isArray(triples)) {
          triples.forEach((t, i) => {
            if (Array.isArray(t)) raw.push({ start: t[0], end: t[1], label: t[2], ref: `#${i + 1}` });
            else
              problems.push({ code: 'parse', file: file.path, record: at, span: `#${i + 1}`, message: `label #${i + 1} is not a [start, end, label] triple` });
          });
        }
        if (Array.isArray(record.entities)) {
          record.entities.forEach((e, i) => {
            if (isRecord(e))
              raw.push({ start: e.start_offset, end: e.end_offset, label: e.label, ref: e.id === undefined ? `#${i + 1}` : String(e.id as string | number) });
          });
        }
        if (Array.isArray(record.relations) && record.relations.length > 0) {
          problems.push({
            code: 'skipped',
            file: file.path,
            record: at,
            span: null,
            message: `${record.relations.length} relation(s) not imported (the workbench has spans only)`,
          });
        }
        for (const r of raw) {
          if (typeof r.label !== 'string' || r.label === '') {
            problems.push({ code: 'parse', file: file.path, record: at, span: r.ref, message: `span ${r.ref} has no label` });
            continue;
          }
          const span = placeSpan(
            {
              file: file.path,
              record: at,
              spanRef: r.ref,
              articleIndex: articles.length,
              converter,
              start: r.start,
              end: r.end,
              recordedText: null,
              fields: {
                id: null,
                label: r.label,
                labelName: null,
                annotator: null,
                status: null,
                attributes: {},
                note: '',
                confidence: null,
                createdAt: null,
                updatedAt: null,
              },
            },
            problems,
          );
          if (span) article.spans.push(span);
        }
        articles.push(article);
      }
    }
    return { articles, problems };
  },
};
