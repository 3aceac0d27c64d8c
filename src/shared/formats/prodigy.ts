import {
  ATTRIBUTES_LEFT_OUT,
  emptyArticle,
  isRecord,
  LossCounter,
  placeSpan,
  readJsonRecords,
  stringOrNull,
  UnitConverter,
  type DatasetArticle,
  type DatasetFormat,
  type DatasetSpan,
  type DecodeProblem,
  type EncodeOptions,
  type OffsetUnit,
} from './model';
import { textPieces, tokenize } from './tokens';

/**
 * Prodigy / spaCy spans JSONL: one record per article and annotator layer,
 * `_annotator_id` naming the annotator. Tokens come from the workbench
 * tokenizer (./tokens.ts), split at every span boundary, so spaCy's
 * `Doc(vocab, words=[t.text], spaces=[t.ws]).char_span(start, end)` finds each
 * span at exactly its `token_start`..`token_end` (inclusive).
 */
export const PRODIGY_TOKENIZER = 'workbench-1: letter/digit runs, other characters one each, whitespace tokens; split at span boundaries';

type Layer = readonly DatasetSpan[];

function layerTokens(article: DatasetArticle, spans: Layer, base: readonly number[]) {
  const starts = new Set(spans.map((s) => s.start));
  const ends = new Set(spans.map((s) => s.end));
  const tokens = tokenize(article.text, [...starts, ...ends], starts, ends, base);
  // Only span boundaries are looked up: index just those.
  const tokenAtStart = new Map<number, number>();
  const tokenAtEnd = new Map<number, number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (starts.has(t.start)) tokenAtStart.set(t.start, i);
    if (ends.has(t.end)) tokenAtEnd.set(t.end, i);
  }
  return { tokens, tokenAtStart, tokenAtEnd };
}

function prodigyMeta(article: DatasetArticle, options: Pick<EncodeOptions, 'offsets'>) {
  return {
    article_id: article.id,
    external_id: article.externalId,
    title: article.title,
    source: article.source,
    url: article.url,
    published_at: article.publishedAt,
    language: article.language,
    split: article.split,
    offset_unit: options.offsets,
    tokenizer: PRODIGY_TOKENIZER,
  };
}

function prodigySpans(
  spans: Layer,
  units: UnitConverter,
  options: Pick<EncodeOptions, 'attributes'>,
  tokenAtStart: Map<number, number>,
  tokenAtEnd: Map<number, number>,
) {
  return spans.map((s) => ({
    start: units.out(s.start),
    end: units.out(s.end),
    token_start: tokenAtStart.get(s.start)!,
    token_end: tokenAtEnd.get(s.end)!,
    label: s.label,
    text: s.text,
    id: s.id,
    status: s.status,
    confidence: s.confidence,
    note: s.note,
    attributes: options.attributes ? s.attributes : {},
  }));
}

/** One layer's record as an object (the reference shape; the encoder writes the same JSON with prodigyLine). */
export function prodigyRecord(
  article: DatasetArticle,
  annotator: string | null,
  spans: Layer,
  units: UnitConverter,
  options: Pick<EncodeOptions, 'offsets' | 'attributes'>,
  base = textPieces(article.text),
) {
  const { tokens, tokenAtStart, tokenAtEnd } = layerTokens(article, spans, base);
  return {
    text: article.text,
    meta: prodigyMeta(article, options),
    tokens: tokens.map((t, id) => ({ text: t.text, start: units.out(t.start), end: units.out(t.end), id, ws: t.ws })),
    spans: prodigySpans(spans, units, options, tokenAtStart, tokenAtEnd),
    answer: 'accept',
    ...(annotator === null ? {} : { _annotator_id: annotator, _session_id: annotator }),
  };
}

const q = JSON.stringify;

/**
 * The same line as `jsonLine(prodigyRecord(...))`, with the token list (a
 * hundred small objects a record) written as a string: measurably faster
 * than building and serialising the objects (a test keeps the two equal).
 */
export function prodigyLine(
  article: DatasetArticle,
  annotator: string | null,
  spans: Layer,
  units: UnitConverter,
  options: Pick<EncodeOptions, 'offsets' | 'attributes'>,
  base = textPieces(article.text),
): string {
  const { tokens, tokenAtStart, tokenAtEnd } = layerTokens(article, spans, base);
  let tokenJson = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    tokenJson += `${i === 0 ? '' : ','}{"text":${q(t.text)},"start":${units.out(t.start)},"end":${units.out(t.end)},"id":${i},"ws":${t.ws}}`;
  }
  const who = annotator === null ? '' : `,"_annotator_id":${q(annotator)},"_session_id":${q(annotator)}`;
  const json = `{"text":${q(article.text)},"meta":${q(prodigyMeta(article, options))},"tokens":[${tokenJson}],"spans":${q(prodigySpans(spans, units, options, tokenAtStart, tokenAtEnd))},"answer":"accept"${who}}`;
  return json.indexOf('\u2028') === -1 && json.indexOf('\u2029') === -1 ? json : json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export const prodigyFormat: DatasetFormat = {
  id: 'prodigy',
  name: 'Prodigy / spaCy spans JSONL',
  extensions: ['jsonl'],
  output: 'file',
  mimeType: 'application/x-ndjson',
  description: 'Prodigy/spaCy JSONL with tokens (text, start, end, id, ws) and spans with token_start and inclusive token_end; one record per annotator.',
  unit: 'selectable',
  carries: { overlaps: true, attributes: true, notes: true, annotators: true, status: true, articleMetadata: true, articleDetails: false },
  createEncoder(options) {
    const losses = new LossCounter();
    return {
      begin: () => [],
      article(article) {
        const units = new UnitConverter(article.text, options.offsets);
        const layers = new Map<string | null, DatasetSpan[]>();
        for (const s of article.spans) {
          const layer = layers.get(s.annotator);
          if (layer) layer.push(s);
          else layers.set(s.annotator, [s]);
        }
        if (layers.size === 0) layers.set(null, []);
        if (!options.attributes) losses.add('attributes', ATTRIBUTES_LEFT_OUT, article.spans.filter((s) => Object.keys(s.attributes).length > 0).length);
        let data = '';
        const base = textPieces(article.text);
        for (const [annotator, spans] of layers) data += `${prodigyLine(article, annotator, spans, units, options, base)}\n`;
        return [{ file: '', data }];
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
        if (!isRecord(record) || typeof record.text !== 'string') {
          problems.push({ code: 'parse', file: file.path, record: at, span: null, message: 'a Prodigy record needs a "text" string' });
          continue;
        }
        const answer = record.answer ?? 'accept';
        if (answer !== 'accept') {
          problems.push({
            code: 'skipped',
            file: file.path,
            record: at,
            span: null,
            message: `answer “${String(answer)}”: only accepted records are imported`,
          });
          continue;
        }
        const meta = isRecord(record.meta) ? record.meta : {};
        const unit: OffsetUnit = meta.offset_unit === 'utf16' || meta.offset_unit === 'codepoint' ? meta.offset_unit : (options.offsets ?? 'codepoint');
        const converter = new UnitConverter(record.text, unit);
        const annotator = stringOrNull(record._annotator_id) ?? stringOrNull(record._session_id);
        const tokens = Array.isArray(record.tokens) ? record.tokens.filter(isRecord) : [];
        const article = emptyArticle({
          id: stringOrNull(meta.article_id),
          externalId: stringOrNull(meta.external_id),
          title: stringOrNull(meta.title),
          source: stringOrNull(meta.source),
          url: stringOrNull(meta.url),
          publishedAt: stringOrNull(meta.published_at),
          language: stringOrNull(meta.language),
          text: record.text,
          meta: Object.fromEntries(
            Object.entries(meta).filter(
              ([k]) => !['article_id', 'external_id', 'title', 'source', 'url', 'published_at', 'language', 'split', 'offset_unit', 'tokenizer'].includes(k),
            ),
          ),
        });
        const spans = Array.isArray(record.spans) ? record.spans : [];
        spans.forEach((raw, i) => {
          const ref = isRecord(raw) && typeof raw.id === 'string' ? raw.id : `#${i + 1}`;
          if (!isRecord(raw) || typeof raw.label !== 'string') {
            problems.push({ code: 'parse', file: file.path, record: at, span: ref, message: `span ${ref} needs a label` });
            return;
          }
          if (tokens.length > 0 && typeof raw.token_start === 'number' && typeof raw.token_end === 'number') {
            const first = tokens[raw.token_start];
            const last = tokens[raw.token_end];
            if (!first || !last || first.start !== raw.start || last.end !== raw.end) {
              problems.push({
                code: 'offsets',
                file: file.path,
                record: at,
                span: ref,
                message: `span ${ref} (${String(raw.start)}-${String(raw.end)}) does not match its tokens ${raw.token_start}..${raw.token_end} (token_end is inclusive)`,
              });
              return;
            }
          }
          const span = placeSpan(
            {
              file: file.path,
              record: at,
              spanRef: ref,
              articleIndex: articles.length,
              converter,
              start: raw.start,
              end: raw.end,
              recordedText: typeof raw.text === 'string' ? raw.text : null,
              fields: {
                id: typeof raw.id === 'string' ? raw.id : null,
                label: raw.label,
                labelName: null,
                annotator: stringOrNull(raw.annotator) ?? annotator,
                status: raw.status === 'proposed' || raw.status === 'accepted' || raw.status === 'rejected' ? raw.status : null,
                attributes: isRecord(raw.attributes) ? (raw.attributes as DatasetSpan['attributes']) : {},
                note: typeof raw.note === 'string' ? raw.note : '',
                confidence: raw.confidence === 'low' || raw.confidence === 'medium' || raw.confidence === 'high' ? raw.confidence : null,
                createdAt: null,
                updatedAt: null,
              },
            },
            problems,
          );
          if (span) article.spans.push(span);
        });
        articles.push(article);
      }
    }
    return { articles, problems };
  },
};
