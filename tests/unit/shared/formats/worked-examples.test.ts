import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DATASET_FORMATS,
  DEFAULT_ENCODE_OPTIONS,
  EXPORT_FORMAT_IDS,
  IMPORT_FORMAT_IDS,
  checkSpans,
  emptyArticle,
  emptySpan,
  encodeAll,
  findFormat,
  jsonlJsonSchema,
  jsonlRecordSchema,
  tokenize,
  type DatasetArticle,
} from '../../../../src/shared/formats';

// UTF-16: BOM 0, U+1F4A9 1-3, Kyiv 4-8, said 9-13, CRLF 13-15, no 15-17, deal 18-22, "." 22.
// Code points: one less after the emoji: Kyiv 3-7, said 8-12, CRLF 12-14, no 14-16, deal 17-21.
const TEXT = '\uFEFF\u{1F4A9} Kyiv said\r\nno deal.';

function example(): DatasetArticle {
  return emptyArticle({
    id: 'art-1',
    externalId: '111',
    title: 'Kyiv said',
    text: TEXT,
    spans: [
      emptySpan({
        id: 's1',
        start: 4,
        end: 13,
        text: 'Kyiv said',
        label: 'claim',
        labelName: 'Claim',
        annotator: 'ana',
        status: 'accepted',
        attributes: { source: 'Yuri Ushakov' },
      }),
      emptySpan({
        id: 's2',
        start: 9,
        end: 17,
        text: 'said\r\nno',
        label: 'condition',
        labelName: 'Condition',
        annotator: 'bob',
        status: 'proposed',
        attributes: { value: 5 },
      }),
      emptySpan({
        id: 's3',
        start: 18,
        end: 22,
        text: 'deal',
        label: 'propaganda_framing',
        labelName: 'Propaganda framing',
        annotator: 'ana',
        status: 'proposed',
        attributes: { technique: 'Loaded_Language' },
        note: 'n1\nsecond line',
        confidence: 'high',
      }),
    ],
  });
}

const encode = (id: string, options = DEFAULT_ENCODE_OPTIONS) => encodeAll(findFormat(id)!, [example()], options);

describe('the format registry', () => {
  it('lists every format once, with the importable ones marked by a decoder', () => {
    expect(EXPORT_FORMAT_IDS).toEqual(['jsonl', 'spans-jsonl', 'prodigy', 'doccano', 'labelstudio', 'brat', 'conll', 'ptc', 'csv']);
    expect(IMPORT_FORMAT_IDS).toEqual(['jsonl', 'prodigy', 'doccano', 'labelstudio', 'brat', 'ptc']);
    for (const f of DATASET_FORMATS) {
      expect(f.extensions.length, f.id).toBeGreaterThan(0);
      expect(f.description, f.id).not.toBe('');
    }
  });
});

describe('checkSpans', () => {
  it('names the span whose quote disagrees with its offsets', () => {
    const article = example();
    article.spans[1]!.text = 'said no';
    expect(checkSpans(article)?.message).toBe('span s2 of article art-1 records “said no” but its offsets 9-17 hold “said\r\nno”');
  });
  it('refuses an offset inside a surrogate pair', () => {
    const article = example();
    article.spans = [emptySpan({ id: 'x', start: 2, end: 4, text: TEXT.slice(2, 4), label: 'claim' })];
    expect(checkSpans(article)?.message).toMatch(/splits a character/);
  });
  it('passes an exact article', () => {
    expect(checkSpans(example())).toBeNull();
  });
});

describe('jsonl', () => {
  it('writes code point offsets, schema_version and every layer', () => {
    const [line] = encode('jsonl').files.get('')!.split('\n');
    const record = JSON.parse(line!) as Record<string, unknown> & { spans: Record<string, unknown>[] };
    expect(record).toMatchObject({ schema_version: 2, id: 'art-1', external_id: '111', offset_unit: 'codepoint', text: TEXT });
    // An article read from a file that did not say its status is written as new.
    expect(record).toMatchObject({ author: null, tags: [], status: 'new', machine_translated_from: null, previous_version_id: null });
    expect(record.spans.map((s) => [s.start, s.end, s.annotator, s.status])).toEqual([
      [3, 12, 'ana', 'accepted'],
      [8, 16, 'bob', 'proposed'],
      [17, 21, 'ana', 'proposed'],
    ]);
  });
  it('writes UTF-16 offsets when asked, and says so', () => {
    const record = JSON.parse(encode('jsonl', { ...DEFAULT_ENCODE_OPTIONS, offsets: 'utf16' }).files.get('')!) as {
      offset_unit: string;
      spans: { start: number }[];
    };
    expect(record.offset_unit).toBe('utf16');
    expect(record.spans.map((s) => s.start)).toEqual([4, 9, 18]);
  });
  it('reads a record without spans as an article', () => {
    const { articles, problems } = findFormat('jsonl')!.decode!([{ path: 'a.jsonl', text: '{"text":"Just an article","title":"T"}\n' }], {});
    expect(problems).toEqual([]);
    expect(articles).toMatchObject([{ text: 'Just an article', title: 'T', spans: [] }]);
  });
  it('reports a span whose text disagrees with its offsets, with file, record, span, expected and found', () => {
    const line = JSON.stringify({ text: TEXT, offset_unit: 'codepoint', spans: [{ id: 'x1', start: 3, end: 7, text: 'Kiev', label: 'claim' }] });
    const { articles, problems } = findFormat('jsonl')!.decode!([{ path: 'd.jsonl', text: line }], {});
    expect(articles[0]!.spans).toEqual([]);
    expect(problems).toMatchObject([{ code: 'text_mismatch', file: 'd.jsonl', record: 'line 1', span: 'x1', expected: 'Kiev', found: 'Kyiv' }]);
  });
});

describe('spans-jsonl', () => {
  it('writes one span a line with the same keys and types on every line', () => {
    const lines = encode('spans-jsonl', { ...DEFAULT_ENCODE_OPTIONS, contextChars: 5 })
      .files.get('')!
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    // Same keys in the same order on every line, and one type per key (null aside), as Arrow's schema inference needs.
    expect(new Set(lines.map((l) => Object.keys(l).join(','))).size).toBe(1);
    for (const key of Object.keys(lines[0]!)) {
      expect(
        new Set(
          lines
            .map((l) => l[key])
            .filter((v) => v !== null)
            .map((v) => typeof v),
        ).size,
        key,
      ).toBeLessThanOrEqual(1);
    }
    expect(lines[0]).toMatchObject({
      text: 'Kyiv said',
      start: 3,
      end: 12,
      context_left: '\uFEFF\u{1F4A9} ',
      context_right: '\r\nno ',
      attributes: '{"source":"Yuri Ushakov"}',
    });
  });
});

describe('prodigy', () => {
  it('writes one record per annotator; tokens rebuild the text and every span sits on its tokens (token_end inclusive)', () => {
    const records = encode('prodigy')
      .files.get('')!
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            _annotator_id: string;
            tokens: { text: string; start: number; end: number; id: number; ws: boolean }[];
            spans: { start: number; end: number; token_start: number; token_end: number; label: string }[];
            answer: string;
          },
      );
    expect(records.map((r) => r._annotator_id)).toEqual(['ana', 'bob']);
    const ana = records[0]!;
    expect(ana.answer).toBe('accept');
    expect(ana.tokens.map((t) => [t.text, t.start, t.end, t.ws])).toEqual([
      ['\uFEFF', 0, 1, false],
      ['\u{1F4A9}', 1, 2, true],
      ['Kyiv', 3, 7, true],
      ['said', 8, 12, false],
      ['\r\n', 12, 14, false],
      ['no', 14, 16, true],
      ['deal', 17, 21, false],
      ['.', 21, 22, false],
    ]);
    expect(ana.spans.map((s) => [s.start, s.end, s.token_start, s.token_end, s.label])).toEqual([
      [3, 12, 2, 3, 'claim'],
      [17, 21, 6, 6, 'propaganda_framing'],
    ]);
    expect(ana.tokens.map((t) => t.text + (t.ws ? ' ' : '')).join('')).toBe(TEXT);
    // bob's span starts inside "said" … no: at "said", and ends after "no": tokens split there.
    const bob = records[1]!;
    expect(bob.spans[0]).toMatchObject({ start: 8, end: 16, token_start: 3, token_end: 5 });
  });

  it('makes a space its own token when a span starts on it or ends right after it', () => {
    const text = 'a b';
    const tokens = tokenize(text, [1, 2], new Set([1]), new Set([2]));
    expect(tokens.map((t) => [t.text, t.ws])).toEqual([
      ['a', false],
      [' ', false],
      ['b', false],
    ]);
    expect(tokenize('a  b').map((t) => [t.text, t.ws])).toEqual([
      ['a', true],
      [' ', false],
      ['b', false],
    ]);
  });
});

describe('doccano', () => {
  it('writes label triples and counts what it cannot carry', () => {
    const { files, losses } = encode('doccano');
    expect(JSON.parse(files.get('')!)).toMatchObject({
      text: TEXT,
      label: [
        [3, 12, 'claim'],
        [8, 16, 'condition'],
        [17, 21, 'propaganda_framing'],
      ],
      offset_unit: 'codepoint',
    });
    expect(Object.fromEntries(losses.map((l) => [l.key, l.count]))).toEqual({ attributes: 3, notes: 1, annotator: 3, status: 1 });
  });
  it('reads UTF-16 offsets when told', () => {
    const { articles } = findFormat('doccano')!.decode!([{ path: 'd.jsonl', text: JSON.stringify({ text: TEXT, label: [[4, 8, 'GPE']] }) }], {
      offsets: 'utf16',
    });
    expect(articles[0]!.spans).toMatchObject([{ start: 4, end: 8, text: 'Kyiv', label: 'GPE' }]);
  });
});

describe('labelstudio', () => {
  it('writes one annotation per annotator, the gold layer as ground truth, notes as region meta', () => {
    const article = example();
    article.spans[1]!.annotator = 'gold';
    const tasks = JSON.parse(encodeAll(findFormat('labelstudio')!, [article], DEFAULT_ENCODE_OPTIONS).files.get('')!) as {
      data: { text: string };
      annotations: {
        completed_by: string;
        ground_truth: boolean;
        result: { value: { start: number; end: number; text: string; labels: string[] }; meta?: { text: string[] } }[];
      }[];
    }[];
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.annotations.map((a) => [a.completed_by, a.ground_truth, a.result.length])).toEqual([
      ['ana', false, 2],
      ['gold', true, 1],
    ]);
    expect(tasks[0]!.annotations[0]!.result[1]).toMatchObject({
      value: { start: 17, end: 21, text: 'deal', labels: ['propaganda_framing'] },
      meta: { text: ['n1\nsecond line'] },
    });
  });
  it('writes an empty array for no articles', () => {
    expect(JSON.parse(encodeAll(findFormat('labelstudio')!, [], DEFAULT_ENCODE_OPTIONS).files.get('')!)).toEqual([]);
  });
});

describe('brat', () => {
  it('writes the text exactly and T, A and # lines in code points; a span across lines as one fragment per line, as brat does', () => {
    const { files } = encode('brat');
    expect(files.get('111.txt')).toBe(TEXT);
    expect(files.get('111.ann')).toBe(
      [
        'T1\tclaim 3 12\tKyiv said',
        'A1\tsource T1 Yuri%20Ushakov',
        'T2\tcondition 8 12;14 16\tsaid no',
        'A2\tvalue T2 5',
        'T3\tpropaganda_framing 17 21\tdeal',
        'A3\ttechnique T3 Loaded_Language',
        'A4\tConfidence T3 high',
        '#1\tAnnotatorNotes T3\tn1\\nsecond line',
        '',
      ].join('\n'),
    );
    expect(files.get('annotation.conf')).toContain('[entities]\nclaim\ncondition\npropaganda_framing\n');
  });
  it('reads fragments with only line breaks between them as the one span they cover (as brat writes a span across lines)', () => {
    const text = 'Ushakov said.\r\n\r\nRussian authorities denied it.';
    const { articles, problems } = findFormat('brat')!.decode!(
      [
        { path: 'u.txt', text },
        { path: 'u.ann', text: 'T1\tClaim 8 13;17 36\tsaid. Russian authorities\nT2\tClaim 0 13\tUshakov said.\n' },
      ],
      {},
    );
    expect(problems).toEqual([]);
    expect(articles[0]!.spans.map((s) => text.slice(s.start, s.end))).toEqual(['said.\r\n\r\nRussian authorities', 'Ushakov said.']);
  });
  it('reports discontinuous spans and relations instead of guessing', () => {
    const { articles, problems } = findFormat('brat')!.decode!(
      [
        { path: 'x.txt', text: 'Orville and Wilbur flew' },
        { path: 'x.ann', text: 'T1\tPerson 0 7\tOrville\nT2\tPerson 0 7;12 18\tOrville Wilbur\nR1\tFamily Arg1:T1 Arg2:T1\t\n' },
      ],
      {},
    );
    expect(articles[0]!.spans).toMatchObject([{ start: 0, end: 7, label: 'Person' }]);
    expect(problems.map((p) => p.code)).toEqual(['discontinuous', 'skipped']);
  });
});

describe('conll', () => {
  it('writes BIO tags, drops and counts the overlapping span', () => {
    const { files, losses } = encode('conll');
    expect(files.get('')).toBe('-DOCSTART-\tO\n\n\u{1F4A9}\tO\nKyiv\tB-claim\nsaid\tI-claim\n\nno\tO\ndeal\tB-propaganda_framing\n.\tO\n\n');
    expect(losses.find((l) => l.key === 'overlap')?.count).toBe(1);
  });
});

describe('ptc', () => {
  it('writes article<ID>.txt and the two label files; SI lists technique spans merged when nothing else is there', () => {
    const { files, losses } = encode('ptc');
    expect([...files.keys()]).toEqual(['article111.txt', 'article111.task1-SI.labels', 'article111.task2-TC.labels']);
    expect(files.get('article111.task2-TC.labels')).toBe('111\tLoaded_Language\t17\t21\n');
    expect(files.get('article111.task1-SI.labels')).toBe('111\t17\t21\n');
    expect(losses.find((l) => l.key === 'other_labels')?.count).toBe(2);
  });
  it('counts a BOM as character 0 and reads three and four column lines', () => {
    const { articles, problems } = findFormat('ptc')!.decode!(
      [
        { path: 'dir/article7.txt', text: TEXT },
        { path: 'dir/article7.task1-SI.labels', text: '7\t3\t7\n' },
        { path: 'dir/article7.task2-TC.labels', text: '7\tDoubt\t17\t21\n' },
      ],
      {},
    );
    expect(problems).toEqual([]);
    expect(articles[0]!.spans.map((s) => [s.text, s.attributes])).toEqual([
      ['Kyiv', {}],
      ['deal', { technique: ['Doubt'] }],
    ]);
  });
  it('writes one TC line per technique of a multi-choice technique', () => {
    const article = example();
    article.spans[2]!.attributes = { technique: ['Doubt', 'Name_Calling,Labeling'] };
    const files = encodeAll(findFormat('ptc')!, [article], DEFAULT_ENCODE_OPTIONS).files;
    expect(files.get('article111.task2-TC.labels')).toBe('111\tDoubt\t17\t21\n111\tName_Calling,Labeling\t17\t21\n');
  });

  it('names an unknown article id', () => {
    const { problems } = findFormat('ptc')!.decode!([{ path: 'article9.task1-SI.labels', text: '9\t1\t2\n' }], {});
    expect(problems[0]).toMatchObject({ code: 'unknown_article', message: expect.stringContaining('article 9') });
  });
});

describe('csv', () => {
  it('quotes fields with commas, quotes and line breaks', () => {
    const rows = encode('csv').files.get('')!;
    expect(rows.startsWith('\uFEFFarticle_id,external_id,title,split,span_id,label,')).toBe(true);
    expect(rows).toContain('art-1,111,Kyiv said,,s2,condition,Condition,8,16,codepoint,"said\r\nno",bob,proposed,,,"{""value"":5}",,\r\n');
  });
});

describe('the JSON Schema of the native format', () => {
  it('is kept in the repository as generated from the codec’s schema, and every export line satisfies it', () => {
    const stored = JSON.parse(readFileSync(join(__dirname, '../../../../docs/dataset.schema.json'), 'utf8')) as unknown;
    expect(stored).toEqual(jsonlJsonSchema());
    for (const line of encode('jsonl').files.get('')!.trim().split('\n')) expect(jsonlRecordSchema.safeParse(JSON.parse(line)).success).toBe(true);
  });
});
