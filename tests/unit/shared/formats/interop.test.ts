import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENCODE_OPTIONS, checkSpans, encodeAll, findFormat, type DecodeFile } from '../../../../src/shared/formats';

/**
 * Reads the real samples the tools' own repositories ship (../shared/formats
 * beside the project). They are not copied into the repository; where they
 * are absent these tests say so and skip.
 */
const SAMPLES = process.env.WORKBENCH_FORMAT_SAMPLES ?? join(__dirname, '../../../../../shared/formats');
const present = existsSync(SAMPLES);
if (!present) console.warn(`interop tests skipped: the format samples folder ${SAMPLES} does not exist (set WORKBENCH_FORMAT_SAMPLES to point at it)`);

function read(dir: string): DecodeFile[] {
  const out: DecodeFile[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ path: relative(SAMPLES, path), text: readFileSync(path, 'utf8') });
    }
  };
  walk(join(SAMPLES, dir));
  return out;
}

describe.skipIf(!present)('real samples in ../shared/formats', () => {
  it('brat: every T line lands on its text; events, relations and normalizations are reported', () => {
    const { articles, problems } = findFormat('brat')!.decode!(read('brat'), {});
    expect(articles).toHaveLength(13);
    const intro = articles.find((a) => a.externalId === '000-introduction')!;
    expect(intro.spans.map((s) => [s.label, s.text])).toContainEqual(['Person', 'Raul Salinas de Gortari']);
    expect(intro.spans.find((s) => s.text === 'Raul Salinas de Gortari')!.attributes).toEqual({ Mention: 'Name', Individual: true });
    expect(intro.spans.find((s) => s.text === '$100 million')!.note).toBe('100000000 USD');
    expect(articles.find((a) => a.externalId === '110-note_annotation')!.spans.find((s) => s.text === 'Discworld')!.note).toBe(
      'Should fictional places be annotated?',
    );
    for (const a of articles) expect(checkSpans(a)).toBeNull();
    expect(problems.filter((p) => p.code !== 'skipped')).toEqual([]);
    expect(problems.some((p) => /event/.test(p.message))).toBe(true);
    const spanLines = read('brat')
      .filter((f) => f.path.endsWith('.ann'))
      .flatMap((f) => f.text.split('\n').filter((l) => l.startsWith('T')));
    expect(articles.reduce((n, a) => n + a.spans.length, 0)).toBe(spanLines.length);
  });

  it('doccano: sequence labelling, overlapping and relation files; a record without text is reported', () => {
    const files = read('doccano');
    const { articles, problems } = findFormat('doccano')!.decode!(files, {});
    const eu = articles.find((a) => a.text.startsWith('EU rejects'))!;
    expect(eu.spans.map((s) => [s.text, s.label])).toEqual([
      ['EU', 'ORG'],
      ['German', 'MISC'],
    ]);
    const google = articles.find((a) => a.text.startsWith('Google was founded'))!;
    expect(google.spans.map((s) => s.text)).toEqual(['Google', 'September 4, 1998', 'Larry Page', 'Sergey Brin']);
    expect(articles.find((a) => a.text === 'exampleA' && a.spans.length === 2)).toBeDefined();
    expect(problems.filter((p) => p.code === 'parse')).toMatchObject([
      { file: 'doccano/data_import__tests__data__sequence_labeling__example.jsonl', record: 'line 3' },
    ]);
    for (const a of articles) expect(checkSpans(a)).toBeNull();
  });

  it('label studio: tasks, annotations and predictions land; the stale rich-text record is reported', () => {
    const { articles, problems } = findFormat('labelstudio')!.decode!(read('label-studio'), {});
    const cocoa = articles.filter((a) => a.text.startsWith('Showers continued'));
    expect(cocoa.flatMap((a) => a.spans.map((s) => [s.text, s.label, s.annotator]))).toEqual([
      ['February 22', 'Date', null],
      ['February 22', 'Date', 'model 1'],
    ]);
    const stale = problems.filter((p) => p.code === 'text_mismatch');
    expect(stale).toHaveLength(2);
    expect(stale.map((p) => p.file).sort()).toEqual([
      'label-studio/lsf__examples__rich_text_plain__annotations__1.json',
      'label-studio/lsf__examples__rich_text_plain__tasks.json',
    ]);
    expect(stale[0]).toMatchObject({ expected: 'February 22' });
    expect(stale[0]!.found).not.toBe('February 22');
  });

  it('prodigy: every span sits on its tokens and quotes the headline', () => {
    const { articles, problems } = findFormat('prodigy')!.decode!(read('prodigy'), {});
    expect(problems.filter((p) => p.code !== 'skipped')).toEqual([]);
    expect(articles.length).toBeGreaterThan(40);
    expect(articles[0]!.spans.map((s) => [s.text, s.label])).toEqual([
      ['Uber', 'ORG'],
      ['Silicon Valley', 'LOCATION'],
    ]);
    for (const a of articles) expect(checkSpans(a)).toBeNull();
  });

  it('ptc: every label line imports (BOM is character 0) and exports back to the same label files', () => {
    const files = read('ptc');
    const { articles, problems } = findFormat('ptc')!.decode!(files, {});
    expect(problems.filter((p) => p.code !== 'skipped')).toEqual([]);
    expect(articles).toHaveLength(12);
    // Every label line lands: one span per SI line, one technique per TC line (TC lines on one fragment share a span).
    const lineCount = (suffix: string) =>
      files.filter((f) => f.path.endsWith(suffix)).reduce((n, f) => n + f.text.split('\n').filter((l) => l.trim()).length, 0);
    const spans = articles.flatMap((a) => a.spans);
    expect(spans.filter((s) => !s.attributes.technique)).toHaveLength(lineCount('task1-SI.labels'));
    expect(spans.flatMap((s) => (s.attributes.technique as string[] | undefined) ?? [])).toHaveLength(lineCount('task2-TC.labels'));
    expect(
      articles.find((a) => a.externalId === '700387229')!.spans.find((s) => s.start === 435 && (s.attributes.technique as string[] | undefined)?.length === 2)
        ?.attributes,
    ).toEqual({
      technique: ['Appeal_to_Authority', 'Repetition'],
    });
    const bom = articles.find((a) => a.externalId === '705409419')!;
    expect(bom.text.startsWith('\uFEFF')).toBe(true);
    const out = encodeAll(findFormat('ptc')!, articles, DEFAULT_ENCODE_OPTIONS).files;
    const lines = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.trim())
        .sort();
    for (const f of files.filter((x) => x.path.endsWith('.labels'))) {
      const name = f.path.replace(/^.*\//, '');
      expect(out.has(name), name).toBe(true);
      expect(lines(out.get(name)!), name).toEqual(lines(f.text));
    }
    for (const f of files.filter((x) => /article\d+\.txt$/.test(x.path))) expect(out.get(f.path.replace(/^.*\//, ''))).toBe(f.text);
  });
});
