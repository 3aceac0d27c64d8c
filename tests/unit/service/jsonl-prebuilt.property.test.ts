import fc from 'fast-check';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memorySink, streamExport, type ExportRequest, type ExportSummary } from '../../../src/main/service/export';
import { PTC_TECHNIQUES } from '../../../src/shared/ptc-techniques';
import { catchWorkbenchError, makeTempDir, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

/**
 * The native JSONL export lets SQLite build the lines of plain articles
 * (store/dataset-export jsonlExportItems). Those lines must be byte for byte
 * what the codec writes (jsonlLineOf), whatever the text, attributes, notes,
 * filters and options; and anything the fast path cannot vouch for (astral
 * characters, long texts, a span that no longer quotes its text, a legacy
 * single-string multi-choice value) must go through the codec.
 */

let wb: TestWorkbench;
let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  wb = openTestWorkbench();
  temp = makeTempDir();
});
afterEach(() => {
  wb.close();
  temp.cleanup();
});

function exportBoth(request: ExportRequest, secondThread = false): { fast: string; codec: string; fastSummary: ExportSummary; codecSummary: ExportSummary } {
  const fastSink = memorySink();
  const codecSink = memorySink();
  const fastSummary = streamExport(wb.service.context, request, fastSink, { secondThread });
  const codecSummary = streamExport(wb.service.context, request, codecSink, { prebuiltLines: false });
  const flat = (sink: ReturnType<typeof memorySink>) => [...sink.files].map(([file, parts]) => `${file}\u0000${parts.join('')}`).join('\u0001');
  return { fast: flat(fastSink), codec: flat(codecSink), fastSummary, codecSummary };
}

const piece = fc.constantFrom(
  'Officials said',
  ' 2,500 ',
  'soldiers',
  '\r\n',
  '\n\n',
  '"quoted"',
  'back\\slash',
  '\t',
  '\u0001\u001f\u007f',
  '\u2028',
  '\u2029',
  'Київ',
  'e\u0301',
  '\u{1F4A9}',
  '\uFEFF',
  '</script>',
  '\u00a0',
);
// Every article has a word: whitespace-only files are refused by the import.
const text = fc.array(piece, { minLength: 1, maxLength: 30 }).map((parts) => `Report ${parts.join('')}`);
const noteText = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }), piece);

let files = 0;

describe('SQLite-built JSONL lines', () => {
  it('equal the codec’s lines for any articles, spans, attributes and export options', () => {
    const labels = new Map(wb.service.listLabels({}).map((l) => [l.key, l]));
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            text,
            meta: fc.option(fc.dictionary(fc.constantFrom('origin', 'x', 'note'), noteText), { nil: undefined }),
            // The analyst's fields, carried by the native format since schema version 2.
            details: fc.option(
              fc.record({
                author: fc.option(piece, { nil: null }),
                tags: fc.array(
                  piece.filter((t) => t.trim() !== ''),
                  { maxLength: 3 },
                ),
                status: fc.constantFrom('new', 'in_progress', 'done', 'reviewed'),
                machineTranslatedFrom: fc.constantFrom(null, 'ru', 'und'),
              }),
              { nil: undefined },
            ),
          }),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.array(
          fc.record({
            article: fc.nat(),
            start: fc.nat(),
            length: fc.integer({ min: 1, max: 12 }),
            label: fc.constantFrom('claim', 'casualty_figure', 'propaganda_framing', 'condition'),
            annotator: fc.constantFrom('ana', 'bob', 'gold'),
            note: noteText,
            confidence: fc.constantFrom(undefined, 'low', 'high'),
            status: fc.constantFrom(undefined, 'accepted', 'rejected'),
            // A reviewer's decision: the exported status is its outcome.
            review: fc.constantFrom(undefined, undefined, 'accept', 'reject'),
          }),
          { maxLength: 12 },
        ),
        fc.record({
          offsets: fc.constantFrom('codepoint', 'utf16'),
          attributes: fc.boolean(),
          split: fc.boolean(),
          annotators: fc.constantFrom<string[] | undefined>(undefined, ['ana'], ['bob', 'gold']),
          status: fc.constantFrom(undefined, 'accepted'),
          labels: fc.constantFrom<string[] | undefined>(undefined, ['claim', 'propaganda_framing']),
          query: fc.constantFrom(undefined, 'Officials', '"2,500"'),
          chosen: fc.constantFrom<'all' | 'first twice' | 'reversed'>('all', 'first twice', 'reversed'),
          // A database file, with half of the lines built in a second thread and merged back in order.
          twoThreads: fc.boolean(),
          importedAt: fc.array(fc.constantFrom('2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z', '2024-12-31T23:59:59.999Z'), {
            minLength: 4,
            maxLength: 4,
          }),
        }),
        (articles, spans, options) => {
          wb.close();
          wb = openTestWorkbench(options.twoThreads ? join(temp.dir, `${++files}.sqlite`) : ':memory:');
          const imported = wb.service.importArticles({
            // Numbered: the import skips a text it already has.
            files: articles.map((a, i) => ({ name: `a${i}.txt`, text: `${a.text} #${i}` })),
          }).imported;
          for (const [i, a] of articles.entries()) {
            // Ties and reversals of the import time: the export order is (imported_at, rowid).
            wb.db.prepare('UPDATE articles SET imported_at = ? WHERE id = ?').run(options.importedAt[i % 4], imported[i]!.id);
            if (a.meta) wb.db.prepare('UPDATE articles SET meta = ? WHERE id = ?').run(JSON.stringify(a.meta), imported[i]!.id);
            if (a.details) wb.service.updateArticle({ id: imported[i]!.id, ...a.details });
            // A changed version of the article before it.
            if (i > 0 && a.details?.status === 'done')
              wb.db.prepare('UPDATE articles SET previous_version_id = ? WHERE id = ?').run(imported[i - 1]!.id, imported[i]!.id);
          }
          for (const s of spans) {
            const article = imported[s.article % imported.length]!;
            const body = wb.service.getArticle({ id: article.id }).text;
            let start = s.start % body.length;
            if (start > 0 && /[\uDC00-\uDFFF]/.test(body[start]!)) start--;
            let end = Math.min(body.length, start + s.length);
            if (end < body.length && /[\uDC00-\uDFFF]/.test(body[end]!)) end++;
            const label = labels.get(s.label)!;
            const attributes: Record<string, string | number | boolean | string[]> =
              s.label === 'propaganda_framing'
                ? { technique: [PTC_TECHNIQUES[s.start % PTC_TECHNIQUES.length]!] }
                : s.label === 'casualty_figure'
                  ? { value: s.start, approximate: s.length % 2 === 0 }
                  : s.label === 'claim'
                    ? { source: s.note.trim() || 'Kremlin' }
                    : {};
            try {
              const created = wb.service
                .as(s.annotator)
                .createAnnotation({ articleId: article.id, labelId: label.id, start, end, attributes, note: s.note, confidence: s.confidence });
              if (s.status) wb.service.as(s.annotator).updateAnnotation({ id: created.id, status: s.status });
              if (s.review && s.annotator !== 'gold') wb.service.as('rita').reviewDecide({ spanIds: [created.id], action: s.review });
            } catch {
              // The same span twice by one annotator, or whitespace only: refused, as in the app.
            }
          }
          const ids = imported.map((a) => a.id);
          const request: ExportRequest = {
            format: 'jsonl',
            offsets: options.offsets,
            articleIds: options.chosen === 'all' ? undefined : options.chosen === 'reversed' ? [...ids].reverse() : [ids[0]!, ...ids, ids[0]!],
            filters: {
              labels: options.labels,
              query: options.query,
              attributes: options.attributes,
              annotators: options.annotators,
              status: options.status,
              split: options.split ? { train: 0.5, dev: 0.25, test: 0.25, seed: 3 } : undefined,
            },
          };
          const { fast, codec, fastSummary, codecSummary } = exportBoth(request, options.twoThreads);
          expect(fast).toBe(codec);
          expect({ ...fastSummary, format: fastSummary.format.id }).toEqual({ ...codecSummary, format: codecSummary.format.id });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('exports a legacy single-string multi-choice value as an array, as the codec does', () => {
    const [article] = wb.service.importArticles({ files: [{ name: 'a.txt', text: 'They called it a so-called referendum.' }] }).imported;
    const framing = wb.service.listLabels({}).find((l) => l.key === 'propaganda_framing')!;
    const span = wb.service.createAnnotation({ articleId: article!.id, labelId: framing.id, start: 15, end: 37, attributes: { technique: ['Doubt'] } });
    // Stored before technique became multi-choice.
    wb.db.prepare('UPDATE annotations SET attributes = ? WHERE id = ?').run('{"technique":"Doubt"}', span.id);
    const { fast, codec } = exportBoth({ format: 'jsonl' });
    expect(fast).toBe(codec);
    expect(fast).toContain('"attributes":{"technique":["Doubt"]}');
  });

  it('still stops before writing, naming the span, when a stored span no longer quotes its text', () => {
    const [article] = wb.service.importArticles({ files: [{ name: 'a.txt', text: 'Officials said 40 people were evacuated.' }] }).imported;
    const claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!;
    const span = wb.service.createAnnotation({ articleId: article!.id, labelId: claim.id, start: 0, end: 9 });
    wb.db.prepare('UPDATE annotations SET quote = ? WHERE id = ?').run('Officers', span.id);
    const sink = memorySink();
    const error = catchWorkbenchError(() => streamExport(wb.service.context, { format: 'jsonl' }, sink), 'conflict');
    expect(error.message).toContain(span.id);
    expect(error.message).toContain('“Officers”');
    expect(sink.files.size).toBe(0);
  });

  it('stops before writing, naming the span, when a span of a text with characters outside the BMP no longer quotes it', () => {
    const [article] = wb.service.importArticles({ files: [{ name: 'a.txt', text: 'A \u{1F4A9} report: 2,500 soldiers missing.' }] }).imported;
    const claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!;
    wb.service.createAnnotation({ articleId: article!.id, labelId: claim.id, start: 0, end: 1 });
    const span = wb.service.createAnnotation({ articleId: article!.id, labelId: claim.id, start: 13, end: 27 });
    // The same length, so only comparing the text finds it.
    wb.db.prepare('UPDATE annotations SET quote = ? WHERE id = ?').run('2,500 soldierz', span.id);
    const sink = memorySink();
    const error = catchWorkbenchError(() => streamExport(wb.service.context, { format: 'jsonl' }, sink), 'conflict');
    expect(error.message).toContain(span.id);
    expect(error.message).toContain('“2,500 soldierz”');
    expect(sink.files.size).toBe(0);
  });

  it('writes long articles through the codec, and articles with astral characters with code point offsets, with the same bytes', () => {
    const long = `${'Officials said 40 people were evacuated. '.repeat(600)}End.`;
    const [a, b] = wb.service.importArticles({
      files: [
        { name: 'long.txt', text: long },
        { name: 'astral.txt', text: 'A \u{1F4A9} report: 2,500 soldiers missing.' },
      ],
    }).imported;
    const claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!;
    wb.service.createAnnotation({ articleId: a!.id, labelId: claim.id, start: long.length - 4, end: long.length - 1 });
    wb.service.createAnnotation({ articleId: b!.id, labelId: claim.id, start: 13, end: 27 });
    const { fast, codec } = exportBoth({ format: 'jsonl' });
    expect(fast).toBe(codec);
    // Code points: the astral character counts once.
    expect(fast).toContain('"start":12,"end":26,"text":"2,500 soldiers"');
  });

  it('in worker threads, checks the spans of texts with characters outside the BMP and converts their offsets, in either unit, with the codec’s bytes', () => {
    wb.close();
    wb = openTestWorkbench(join(temp.dir, 'astral.sqlite'));
    const texts = ['\u{1F4A9} A report: 2,500 soldiers missing.', 'Two \u{1F1FA}\u{1F1E6} flags, then Київ \u{1F4A9}.', 'No astral characters here, “quoted”.'];
    const imported = wb.service.importArticles({ files: texts.map((text, i) => ({ name: `a${i}.txt`, text })) }).imported;
    const claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!;
    // Spans before, between and after the astral characters, and one that covers a pair.
    for (const [article, start, end] of [
      [0, 0, 2],
      [0, 13, 27],
      [1, 4, 8],
      [1, 8, 13],
      [1, 21, 28],
      [2, 0, 2],
    ] as const) {
      wb.service.createAnnotation({ articleId: imported[article]!.id, labelId: claim.id, start, end, note: 'n "q"' });
    }
    for (const offsets of ['codepoint', 'utf16'] as const) {
      const { fast, codec } = exportBoth({ format: 'jsonl', offsets }, true);
      expect(fast).toBe(codec);
    }
    expect(exportBoth({ format: 'jsonl' }, true).fast).toContain('"start":12,"end":26,"text":"2,500 soldiers"');
  });

  it('in worker threads, still stops before writing, naming the span, when a span of a text with characters outside the BMP no longer quotes it', () => {
    wb.close();
    wb = openTestWorkbench(join(temp.dir, 'astral-stale.sqlite'));
    const [article] = wb.service.importArticles({ files: [{ name: 'a.txt', text: 'A \u{1F4A9} report: 2,500 soldiers missing.' }] }).imported;
    const claim = wb.service.listLabels({}).find((l) => l.key === 'claim')!;
    const span = wb.service.createAnnotation({ articleId: article!.id, labelId: claim.id, start: 13, end: 27 });
    wb.db.prepare('UPDATE annotations SET quote = ? WHERE id = ?').run('2,500 soldierz', span.id);
    const sink = memorySink();
    const error = catchWorkbenchError(() => streamExport(wb.service.context, { format: 'jsonl' }, sink, { secondThread: true }), 'conflict');
    expect(error.message).toContain(span.id);
    expect(sink.files.size).toBe(0);
  });
});
