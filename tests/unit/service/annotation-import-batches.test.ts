import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRecordLines, type BatchProgress, type RecordLine } from '../../../src/main/service/import-annotation-batches';
import { findFormat } from '../../../src/shared/formats';
import { catchWorkbenchError, openTestWorkbench, type TestWorkbench } from '../../helpers/workbench';

let wb: TestWorkbench;
beforeEach(() => {
  wb = openTestWorkbench();
});
afterEach(() => wb.close());

const RECORDS = 150;
const SPANS = 3;

function lines(bad?: number): RecordLine[] {
  return Array.from({ length: RECORDS }, (_, i) => {
    const text = `\u{1F4A9} Story ${i}: officials said 2,500 soldiers were missing near Kyiv.`;
    const quote = (q: string) => {
      const at = Array.from(text.slice(0, text.indexOf(q))).length;
      return { start: at, end: at + Array.from(q).length, text: i === bad ? 'not the text' : q };
    };
    const spans = [quote('officials'), quote('2,500 soldiers'), quote('Kyiv')].map((s, k) => ({ ...s, label: 'claim', annotator: k === 2 ? 'bob' : 'ana' }));
    const record = JSON.stringify({ schema_version: 1, text, offset_unit: 'codepoint', spans });
    return { file: 'big.jsonl', line: i + 1, text: record, bytes: record.length + 1 };
  });
}

const source = (records: RecordLine[]) =>
  async function* (): AsyncGenerator<RecordLine> {
    yield* records;
  };

/** Spans per stored article: a half-imported article would show fewer than SPANS. */
function spansPerArticle(): number[] {
  return (wb.db.prepare('SELECT count(n.id) AS n FROM articles a LEFT JOIN annotations n ON n.article_id = a.id GROUP BY a.id').all() as { n: number }[]).map(
    (r) => r.n,
  );
}

describe('streamed annotation import (large files)', () => {
  it('writes in several batches with progress, stops between batches on cancel with only whole articles, and a re-import completes without duplicates', async () => {
    const format = findFormat('jsonl')!;
    const seen: BatchProgress[] = [];
    let batches = 0;
    const stopped = await importRecordLines(wb.service.context, format, source(lines()), {
      onMismatch: 'abort',
      batchMs: 0.001,
      onProgress: (p) => {
        seen.push(p);
        if (p.phase === 'importing') batches++;
      },
      isCancelled: () => batches >= 3,
    });
    expect(stopped.cancelled).toBe(true);
    const partial = spansPerArticle();
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(RECORDS);
    expect(new Set(partial)).toEqual(new Set([SPANS]));
    expect(stopped.spansImported).toBe(partial.length * SPANS);
    expect(seen.filter((p) => p.phase === 'importing').map((p) => p.records)).toEqual(
      [...seen.filter((p) => p.phase === 'importing').map((p) => p.records)].sort((a, b) => a - b),
    );

    const rest = await importRecordLines(wb.service.context, format, source(lines()), { onMismatch: 'abort' });
    expect(rest.cancelled).toBe(false);
    expect(rest.spansImported + rest.spansUnchanged).toBe(RECORDS * SPANS);
    expect(rest.spansUnchanged).toBe(partial.length * SPANS);
    expect(spansPerArticle()).toEqual(Array(RECORDS).fill(SPANS));

    const again = await importRecordLines(wb.service.context, format, source(lines()), { onMismatch: 'abort' });
    expect(again).toMatchObject({ spansImported: 0, spansUnchanged: RECORDS * SPANS, articlesCreated: 0, articlesMatched: RECORDS });
    expect(spansPerArticle()).toEqual(Array(RECORDS).fill(SPANS));
  });

  it('checks every record before writing: one bad span near the end means nothing imported, named by its line', async () => {
    const error = await importRecordLines(wb.service.context, findFormat('jsonl')!, source(lines(RECORDS - 2)), { onMismatch: 'abort', batchMs: 0.001 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(
      catchWorkbenchError(() => {
        throw error;
      }, 'invalid_input').message,
    ).toMatch(new RegExp(`big\\.jsonl, line ${RECORDS - 1}`));
    expect(spansPerArticle()).toEqual([]);
  });

  it('with skip, imports every other record and reports the bad one', async () => {
    const result = await importRecordLines(wb.service.context, findFormat('jsonl')!, source(lines(5)), { onMismatch: 'skip', batchMs: 0.001 });
    expect(result.spansImported).toBe(RECORDS * SPANS - SPANS);
    expect(result.problems.filter((p) => p.code === 'text_mismatch').map((p) => p.record)).toEqual(['line 6', 'line 6', 'line 6']);
  });
});

describe('an annotation file sent in pieces (the app)', () => {
  it('checks a piece without writing, and names the line of the whole file', () => {
    const all = lines(7);
    const piece = all
      .slice(5, 10)
      .map((l) => l.text)
      .join('\n');
    const error = catchWorkbenchError(
      () => wb.service.importAnnotations({ format: 'jsonl', files: [{ name: 'big.jsonl', text: piece }], firstLine: 6, checkOnly: true }),
      'invalid_input',
    );
    expect(error.message).toContain('big.jsonl, line 8');
    const good = all
      .slice(0, 5)
      .map((l) => l.text)
      .join('\n');
    expect(wb.service.importAnnotations({ format: 'jsonl', files: [{ name: 'big.jsonl', text: good }], checkOnly: true })).toMatchObject({
      spansImported: 0,
      problems: [],
    });
    expect(spansPerArticle()).toEqual([]);
  });
});
