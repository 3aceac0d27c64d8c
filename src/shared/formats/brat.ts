import type { AttributeValue } from '../domain';
import { ATTRIBUTES_LEFT_OUT, emptyArticle, LossCounter, placeSpan, UnitConverter, type DatasetArticle, type DatasetFormat, type DecodeProblem } from './model';

/**
 * brat standoff: `<name>.txt` (the article text exactly) beside `<name>.ann`.
 * Span lines `T1<TAB>label START END<TAB>text` count code points of the .txt
 * (brat is Python). A span across lines is written as brat itself writes one:
 * a fragment per line (`T1<TAB>label 3 12;13 20<TAB>text`), the line breaks
 * between them left out and the fragments' texts joined by a space; reading
 * takes such fragments back as the one span they cover. A line break at a
 * span's very start or end stays inside its fragment, written as a space. Attributes are `A` lines (`A1<TAB>key T1 value`,
 * whitespace and `%` in values percent-encoded since brat values are one
 * word), the confidence an `A` line named `Confidence`, notes `#` lines
 * (`AnnotatorNotes`, line breaks written as \n). An `annotation.conf` lists
 * the labels and attributes used. Reading reports discontinuous spans,
 * relations, events and normalizations instead of guessing.
 */
const CONFIDENCE_ATTRIBUTE = 'Confidence';

export function bratFileName(article: Pick<DatasetArticle, 'id' | 'externalId'>): string {
  const raw = article.externalId ?? article.id ?? 'article';
  return raw.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '_') || 'article';
}

function encodeValue(value: string): string {
  return value.replace(/[%\s]/gu, (c) => encodeURIComponent(c));
}

function decodeValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function encodeNote(note: string): string {
  return note.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

function decodeNote(note: string): string {
  return note.replace(/\\([\\rnt])/g, (_, c: string) => ({ '\\': '\\', r: '\r', n: '\n', t: '\t' })[c]!);
}

function quoteOf(text: string): string {
  return text.replace(/[\r\n\u2028\u2029\u0085\v\f]/g, ' ');
}

const LINE_BREAKS = '[\\r\\n\\u2028\\u2029\\u0085\\v\\f]+';

/** [start, end) (UTF-16) as brat's fragments: split at every run of line breaks inside it. */
export function bratFragments(text: string, start: number, end: number): [number, number][] {
  const fragments: [number, number][] = [];
  const breaks = new RegExp(LINE_BREAKS, 'g');
  breaks.lastIndex = start;
  let from = start;
  for (let m = breaks.exec(text); m && m.index < end; m = breaks.exec(text)) {
    const after = m.index + m[0].length;
    if (m.index > from && after < end) {
      fragments.push([from, m.index]);
      from = after;
    }
  }
  fragments.push([from, end]);
  return fragments;
}

/** Whether a recorded brat quote is the text it marks: line breaks and the spaces brat writes for them compare as one space. */
function sameQuote(recorded: string, found: string): boolean {
  const flat = (t: string): string => t.replace(/[\s\u0085]+/gu, ' ');
  return flat(recorded) === flat(found);
}

export const bratFormat: DatasetFormat = {
  id: 'brat',
  name: 'brat standoff',
  extensions: ['ann', 'txt'],
  output: 'folder',
  mimeType: 'application/zip',
  description: 'A folder of .txt/.ann pairs: spans, attributes (A lines), confidence and notes (# lines); annotator and status are not carried.',
  unit: 'codepoint',
  carries: { overlaps: true, attributes: true, notes: true, annotators: false, status: false, articleMetadata: false, articleDetails: false },
  createEncoder(options) {
    const losses = new LossCounter();
    const used = new Map<string, number>();
    const labels = new Set<string>();
    const attributes = new Map<string, Set<string>>();
    return {
      begin: () => [],
      article(article) {
        const units = new UnitConverter(article.text, 'codepoint');
        let name = bratFileName(article);
        const n = used.get(name) ?? 0;
        used.set(name, n + 1);
        if (n > 0) name = `${name}-${n + 1}`;
        const folder = article.split ? `${article.split}/` : '';
        const annotators = new Set(article.spans.map((s) => s.annotator));
        if (annotators.size > 1) losses.add('annotator', 'annotator identity lost (brat has one layer a document)', article.spans.length);
        losses.add('status', 'span status (proposed/accepted/rejected) lost', article.spans.filter((s) => s.status && s.status !== 'proposed').length);
        if (!options.attributes) losses.add('attributes', ATTRIBUTES_LEFT_OUT, article.spans.filter((s) => Object.keys(s.attributes).length > 0).length);
        const lines: string[] = [];
        let a = 0;
        let note = 0;
        article.spans.forEach((s, i) => {
          const t = `T${i + 1}`;
          const label = s.label.replace(/\s+/g, '_');
          labels.add(label);
          const fragments = bratFragments(article.text, s.start, s.end);
          const offsets = fragments.map(([from, to]) => `${units.out(from)} ${units.out(to)}`).join(';');
          lines.push(`${t}\t${label} ${offsets}\t${fragments.map(([from, to]) => quoteOf(article.text.slice(from, to))).join(' ')}`);
          if (options.attributes) {
            for (const [key, value] of Object.entries(s.attributes)) {
              const set = attributes.get(key) ?? new Set<string>();
              set.add(label);
              attributes.set(key, set);
              // A multi-choice value is one A line per option (brat values are single words).
              for (const one of Array.isArray(value) ? value : [value]) lines.push(`A${++a}\t${key} ${t} ${encodeValue(String(one))}`);
            }
          }
          if (s.confidence) {
            const set = attributes.get(CONFIDENCE_ATTRIBUTE) ?? new Set<string>();
            set.add(label);
            attributes.set(CONFIDENCE_ATTRIBUTE, set);
            lines.push(`A${++a}\t${CONFIDENCE_ATTRIBUTE} ${t} ${s.confidence}`);
          }
          if (s.note) lines.push(`#${++note}\tAnnotatorNotes ${t}\t${encodeNote(s.note)}`);
        });
        return [
          { file: `${folder}${name}.txt`, data: article.text },
          { file: `${folder}${name}.ann`, data: lines.length ? `${lines.join('\n')}\n` : '' },
        ];
      },
      end() {
        const conf = [
          '# Written by Analyst Workbench: the labels and attributes in this export.',
          '[entities]',
          ...[...labels].sort(),
          '',
          '[relations]',
          '',
          '[events]',
          '',
          '[attributes]',
          ...[...attributes].sort(([x], [y]) => (x < y ? -1 : 1)).map(([key, on]) => `${key}\tArg:${[...on].sort().join('|')}`),
          '',
        ];
        return [{ file: 'annotation.conf', data: `${conf.join('\n')}\n` }];
      },
      losses: () => losses.list(),
    };
  },
  decode(files) {
    const problems: DecodeProblem[] = [];
    const articles: DatasetArticle[] = [];
    const byBase = new Map<string, { txt?: (typeof files)[number]; ann?: (typeof files)[number] }>();
    for (const file of files) {
      const match = /^(.*)\.(txt|ann)$/i.exec(file.path);
      if (!match) {
        if (!/annotation\.conf$|visual\.conf$|tools\.conf$|kb_shortcuts\.conf$/.test(file.path)) {
          problems.push({ code: 'skipped', file: file.path, record: null, span: null, message: 'not a .txt or .ann file; ignored' });
        }
        continue;
      }
      const entry = byBase.get(match[1]!) ?? {};
      entry[match[2]!.toLowerCase() as 'txt' | 'ann'] = file;
      byBase.set(match[1]!, entry);
    }
    for (const [base, pair] of byBase) {
      if (!pair.txt) {
        problems.push({ code: 'unknown_article', file: pair.ann!.path, record: null, span: null, message: `${pair.ann!.path} has no ${base}.txt beside it` });
        continue;
      }
      const text = pair.txt.text;
      const converter = new UnitConverter(text, 'codepoint');
      const articleIndex = articles.length;
      const article = emptyArticle({ text, externalId: base.replace(/^.*[\\/]/, ''), meta: { fileName: pair.txt.path.replace(/^.*[\\/]/, '') } });
      articles.push(article);
      if (!pair.ann) continue;
      const file = pair.ann.path;
      const spans = new Map<string, (typeof article.spans)[number]>();
      const later: string[] = [];
      const skipped = new Map<string, number>();
      pair.ann.text.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === '') return;
        const at = `line ${i + 1}`;
        if (line.startsWith('T')) {
          // The quote is everything after the second tab (it may hold tabs itself).
          const [id, body, ...rest] = line.split('\t');
          const quote = rest.length ? rest.join('\t') : undefined;
          const m = /^(\S+) (\d+(?: \d+)?(?:;\d+ \d+)*)$/.exec(body ?? '');
          if (!id || !m) {
            problems.push({ code: 'parse', file, record: at, span: id ?? null, message: `cannot read the span line “${line}”` });
            return;
          }
          // Fragments are one span when only line breaks lie between them (brat splits a span at each line).
          const fragments = m[2]!.split(';').map((f) => f.split(' ').map(Number) as [number, number]);
          const gapsAreLineBreaks = fragments.every((f, k) => {
            if (k === 0) return true;
            try {
              const gap = text.slice(converter.in(fragments[k - 1]![1]), converter.in(f[0]));
              return gap.length > 0 && new RegExp(`^${LINE_BREAKS}$`).test(gap);
            } catch {
              return false;
            }
          });
          if (!gapsAreLineBreaks) {
            problems.push({
              code: 'discontinuous',
              file,
              record: at,
              span: id,
              message: `${id} is discontinuous (${m[2]}): not imported, the workbench has no split spans`,
            });
            return;
          }
          const start = fragments[0]![0];
          const end = fragments.at(-1)![1];
          const span = placeSpan(
            {
              file,
              record: at,
              spanRef: id,
              articleIndex,
              converter,
              start,
              end,
              recordedText: quote ?? null,
              compare: sameQuote,
              fields: {
                id: null,
                label: m[1]!,
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
          if (span) {
            spans.set(id, span);
            article.spans.push(span);
          }
          return;
        }
        if (line.startsWith('A') || line.startsWith('M') || line.startsWith('#')) {
          later.push(line);
          return;
        }
        const kind = ({ R: 'relation', E: 'event', N: 'normalization', '*': 'equivalence' } as Record<string, string>)[line[0]!] ?? 'unknown';
        skipped.set(kind, (skipped.get(kind) ?? 0) + 1);
      });
      for (const line of later) {
        if (line.startsWith('#')) {
          const [, body, note] = line.split('\t');
          const target = /^\S+ (\S+)$/.exec(body ?? '')?.[1];
          const span = target ? spans.get(target) : undefined;
          if (span) span.note = span.note ? `${span.note}\n${decodeNote(note ?? '')}` : decodeNote(note ?? '');
          else skipped.set('note on a non-span', (skipped.get('note on a non-span') ?? 0) + 1);
          continue;
        }
        const [, body] = line.split('\t');
        const parts = (body ?? '').split(' ');
        const [key, target, value] = parts;
        const span = target ? spans.get(target) : undefined;
        if (!key || !span) {
          skipped.set('attribute on a non-span', (skipped.get('attribute on a non-span') ?? 0) + 1);
          continue;
        }
        if (key === CONFIDENCE_ATTRIBUTE && (value === 'low' || value === 'medium' || value === 'high')) {
          span.confidence = value;
          continue;
        }
        const read = attributeValue(value);
        const before = span.attributes[key];
        // The same key again on one span: the options of a multi-choice value.
        span.attributes[key] = before === undefined ? read : [...(Array.isArray(before) ? before : [String(before)]), String(read)];
      }
      for (const [kind, count] of skipped) {
        problems.push({
          code: 'skipped',
          file,
          record: null,
          span: null,
          message: `${count} ${kind} line(s) not imported (the workbench imports spans, their attributes and notes)`,
        });
      }
    }
    return { articles, problems };
  },
};

/** A flag without a value is true; numbers and true/false come back typed (the service then fits them to the label's attribute types). */
function attributeValue(value: string | undefined): AttributeValue {
  if (value === undefined) return true;
  const decoded = decodeValue(value);
  if (decoded === 'true') return true;
  if (decoded === 'false') return false;
  if (/^-?\d{1,15}$/.test(decoded)) return Number(decoded);
  return decoded;
}
