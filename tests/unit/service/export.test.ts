import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonlRecord } from '../../../src/shared/formats/jsonl';
import { splitsSurrogatePair } from '../../../src/shared/offsets';
import { catchWorkbenchError, openTestWorkbench, seededRandom, type TestWorkbench } from '../../helpers/workbench';
import { LINE_SEPARATOR_TEXT, MIXED_NEWLINES, PLAIN_TEXT, TRICKY_TEXT, codePointSlice } from '../../fixtures/tricky-text';

let wb: TestWorkbench;
beforeEach(() => {
  wb = openTestWorkbench();
});
afterEach(() => wb.close());

function parseJsonl(content: string): JsonlRecord[] {
  expect(content.endsWith('\n')).toBe(true);
  return content
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as JsonlRecord);
}

describe('exportDataset (jsonl)', () => {
  it('exports nothing from an empty database', () => {
    expect(wb.service.exportDataset({ format: 'jsonl' })).toMatchObject({ content: '', articleCount: 0, spanCount: 0, mimeType: 'application/x-ndjson' });
  });

  it('names the file after the clock', () => {
    expect(wb.service.exportDataset({ format: 'jsonl' }).filename).toMatch(/^workbench-export-20250301-1000\d\d\.jsonl$/);
  });

  it('round-trips text and code point offsets for random spans over tricky texts', () => {
    const texts = [TRICKY_TEXT, MIXED_NEWLINES, LINE_SEPARATOR_TEXT, PLAIN_TEXT];
    const ids = wb.service.importArticles({ files: texts.map((text, i) => ({ name: `f${i}.txt`, text })) }).imported.map((a) => a.id);
    const labels = wb.service.listLabels({});
    const random = seededRandom(1234);
    let created = 0;
    ids.forEach((articleId, i) => {
      const text = texts[i]!;
      for (let n = 0; n < 60; n++) {
        let start = Math.floor(random() * text.length);
        let end = start + 1 + Math.floor(random() * Math.min(40, text.length - start));
        if (splitsSurrogatePair(text, start)) start -= 1;
        if (splitsSurrogatePair(text, end)) end += 1;
        wb.service.createAnnotation({ articleId, labelId: labels[n % labels.length]!.id, start, end });
        created++;
      }
    });
    // Deleted spans are not exported.
    const victim = wb.service.listAnnotations({ articleId: ids[0]! })[0]!;
    wb.service.deleteAnnotation({ id: victim.id });

    const result = wb.service.exportDataset({ format: 'jsonl' });
    expect(result.articleCount).toBe(texts.length);
    expect(result.spanCount).toBe(created - 1);
    const records = parseJsonl(result.content);
    expect(records.map((r) => r.id)).toEqual(ids);
    records.forEach((record, i) => {
      expect(record.text).toBe(texts[i]);
      expect(record.sha256).toBe(createHash('sha256').update(texts[i]!, 'utf8').digest('hex'));
      expect(record.offset_unit).toBe('codepoint');
      for (const s of record.spans) {
        // What Python's record["text"][start:end] would return.
        expect(codePointSlice(record.text, s.start, s.end)).toBe(s.text);
        expect(s.end).toBeGreaterThan(s.start);
      }
      const starts = record.spans.map((s) => s.start);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    });
    expect(records[0]!.spans.some((s) => s.id === victim.id)).toBe(false);
    expect(records.flatMap((r) => r.spans).map((s) => s.label)).toEqual(expect.arrayContaining(labels.map((l) => l.key)));
  });

  it('exports the current state of edited spans, with label keys, annotator and attributes', () => {
    const articleId = wb.service.importArticles({ files: [{ name: 'p.txt', text: PLAIN_TEXT }] }).imported[0]!.id;
    const casualty = wb.service.listLabels({}).find((l) => l.key === 'casualty_figure')!;
    const start = PLAIN_TEXT.indexOf('About 300');
    const a = wb.service.createAnnotation({ articleId, labelId: casualty.id, start, end: start + 5 });
    wb.service.updateAnnotation({ id: a.id, end: start + 'About 300 prisoners'.length, attributes: { value: 300, approximate: true }, status: 'accepted' });
    const [record] = parseJsonl(wb.service.exportDataset({ format: 'jsonl' }).content);
    expect(record!.spans).toEqual([
      expect.objectContaining({
        id: a.id,
        start,
        end: start + 19,
        text: 'About 300 prisoners',
        label: 'casualty_figure',
        label_name: 'Casualty figure',
        annotator: 'tester',
        status: 'accepted',
        attributes: { value: 300, approximate: true },
      }),
    ]);
  });

  it('keeps each record on one line even when the text holds U+2028 and U+2029', () => {
    wb.service.importArticles({
      files: [
        { name: 'sep.txt', text: LINE_SEPARATOR_TEXT },
        { name: 'mixed.txt', text: MIXED_NEWLINES },
      ],
    });
    const { content } = wb.service.exportDataset({ format: 'jsonl' });
    expect(content).not.toMatch(/[\r\u2028\u2029]/);
    expect(content.split('\n')).toHaveLength(3);
  });

  it('exports only the chosen articles, in the order given, and refuses unknown ids', () => {
    const ids = wb.service
      .importArticles({
        files: [
          { name: 'a.txt', text: PLAIN_TEXT },
          { name: 'b.txt', text: TRICKY_TEXT },
        ],
      })
      .imported.map((a) => a.id);
    const result = wb.service.exportDataset({ format: 'jsonl', articleIds: [ids[1]!, ids[0]!] });
    expect(parseJsonl(result.content).map((r) => r.id)).toEqual([ids[1], ids[0]]);
    expect(wb.service.exportDataset({ format: 'jsonl', articleIds: [ids[0]!] }).articleCount).toBe(1);
    expect(catchWorkbenchError(() => wb.service.exportDataset({ format: 'jsonl', articleIds: ['nope'] }), 'not_found').message).toBe('no article with id nope');
    catchWorkbenchError(() => wb.service.exportDataset({ format: 'xml' } as never), 'invalid_input');
  });
});
