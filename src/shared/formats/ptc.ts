import { PTC_TECHNIQUES } from '../ptc-techniques';
import { emptyArticle, emptySpan, LossCounter, UnitConverter, type DatasetArticle, type DatasetFormat, type DatasetSpan, type DecodeProblem } from './model';

/**
 * SemEval-2020 Task 11 (Propaganda Techniques Corpus): `article<ID>.txt`,
 * `article<ID>.task1-SI.labels` (`ID<TAB>start<TAB>end`, span identification)
 * and `article<ID>.task2-TC.labels` (`ID<TAB>technique<TAB>start<TAB>end`).
 * Offsets count code points of the file exactly as stored: a BOM is
 * character 0, no newline translation. Only Propaganda framing spans travel:
 * one with a technique is a TC line; one without is an SI line. When an
 * article has no span without a technique (it was annotated in the workbench),
 * its SI file lists its technique spans, overlapping ones merged, as the
 * organisers' SI files do. TC lines on one fragment read back as one span
 * with several techniques. So a PTC import exports back to the same lines.
 */
export const PTC_LABEL = 'propaganda_framing';
export const PTC_TECHNIQUE_ATTRIBUTE = 'technique';

export function ptcArticleId(article: Pick<DatasetArticle, 'id' | 'externalId'>): string {
  const raw = article.externalId?.replace(/^article/, '') ?? article.id ?? 'unknown';
  return raw.replace(/[^\p{L}\p{N}_-]+/gu, '_');
}

function mergeOverlaps(ranges: { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

export const ptcFormat: DatasetFormat = {
  id: 'ptc',
  name: 'SemEval-2020 Task 11 (PTC)',
  extensions: ['labels', 'txt'],
  output: 'folder',
  mimeType: 'application/zip',
  description: 'article<ID>.txt with task1-SI and task2-TC .labels files; Propaganda framing spans only, technique from the span’s technique attribute.',
  unit: 'codepoint',
  carries: { overlaps: true, attributes: false, notes: false, annotators: false, status: false, articleMetadata: false, articleDetails: false },
  createEncoder() {
    const losses = new LossCounter();
    const used = new Set<string>();
    return {
      begin: () => [],
      article(article) {
        const units = new UnitConverter(article.text, 'codepoint');
        let id = ptcArticleId(article);
        if (used.has(id)) {
          losses.add('duplicate_id', 'articles sharing an external id written under their workbench id', 1);
          id = (article.id ?? id).replace(/[^\p{L}\p{N}_-]+/gu, '_');
        }
        used.add(id);
        const framing = article.spans.filter((s) => s.label === PTC_LABEL);
        losses.add('other_labels', 'spans of labels other than Propaganda framing left out', article.spans.length - framing.length);
        losses.add(
          'attributes',
          'attributes other than the technique dropped',
          framing.filter((s) => Object.keys(s.attributes).some((k) => k !== PTC_TECHNIQUE_ATTRIBUTE)).length,
        );
        losses.add('notes', 'span notes dropped', framing.filter((s) => s.note !== '').length);
        losses.add('annotator', 'annotator identity lost', new Set(framing.map((s) => s.annotator)).size > 1 ? framing.length : 0);
        // The technique is a multi-choice attribute: a span with several techniques is one TC line each.
        const techniques = (s: DatasetSpan): string[] => {
          const t = s.attributes[PTC_TECHNIQUE_ATTRIBUTE];
          return (Array.isArray(t) ? t : typeof t === 'string' ? [t] : []).filter((x) => x !== '');
        };
        const tc = framing.filter((s) => techniques(s).length > 0);
        const identification = framing.filter((s) => techniques(s).length === 0);
        const si = identification.length > 0 ? identification : mergeOverlaps(tc);
        const folder = article.split ? `${article.split}/` : '';
        return [
          { file: `${folder}article${id}.txt`, data: article.text },
          { file: `${folder}article${id}.task1-SI.labels`, data: si.map((s) => `${id}\t${units.out(s.start)}\t${units.out(s.end)}\n`).join('') },
          {
            file: `${folder}article${id}.task2-TC.labels`,
            data: tc.flatMap((s) => techniques(s).map((t) => `${id}\t${t}\t${units.out(s.start)}\t${units.out(s.end)}\n`)).join(''),
          },
        ];
      },
      end: () => [],
      losses: () => losses.list(),
    };
  },
  decode(files) {
    const problems: DecodeProblem[] = [];
    const articles: DatasetArticle[] = [];
    const byId = new Map<string, { article: DatasetArticle; converter: UnitConverter }>();
    for (const file of files) {
      const m = /(?:^|[\\/])article([^\\/]+)\.txt$/.exec(file.path);
      if (!m) continue;
      const article = emptyArticle({ text: file.text, externalId: m[1]!, meta: { fileName: `article${m[1]!}.txt` } });
      byId.set(m[1]!, { article, converter: new UnitConverter(file.text, 'codepoint') });
      articles.push(article);
    }
    for (const file of files) {
      if (/(?:^|[\\/])article[^\\/]+\.txt$/.test(file.path)) continue;
      if (!/\.labels$/.test(file.path)) {
        if (!/README|techniques-names/i.test(file.path))
          problems.push({ code: 'skipped', file: file.path, record: null, span: null, message: 'not an article<ID>.txt or .labels file; ignored' });
        continue;
      }
      file.text.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === '') return;
        const at = `line ${i + 1}`;
        const cols = line.split('\t');
        if (cols.length !== 3 && cols.length !== 4) {
          problems.push({
            code: 'parse',
            file: file.path,
            record: at,
            span: null,
            message: `expected 3 columns (ID, start, end) or 4 (ID, technique, start, end), found ${cols.length}: “${line}”`,
          });
          return;
        }
        const [articleId, technique, startText, endText] = cols.length === 4 ? cols : [cols[0], null, cols[1], cols[2]];
        const target = byId.get(articleId!);
        if (!target) {
          problems.push({
            code: 'unknown_article',
            file: file.path,
            record: at,
            span: null,
            message: `article ${articleId!} has no article${articleId!}.txt among the files given`,
          });
          return;
        }
        const start = Number(startText);
        const end = Number(endText);
        let from: number;
        let to: number;
        try {
          if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) throw new RangeError(`“${startText!}”-“${endText!}” is not a span`);
          from = target.converter.in(start);
          to = target.converter.in(end);
        } catch (error) {
          problems.push({
            code: 'offsets',
            file: file.path,
            record: at,
            span: `${start}-${end}`,
            message: `article ${articleId!}: ${(error as Error).message}`,
          });
          return;
        }
        if (technique !== null && !(PTC_TECHNIQUES as readonly string[]).includes(technique!)) {
          problems.push({
            code: 'parse',
            file: file.path,
            record: at,
            span: `${start}-${end}`,
            message: `unknown technique “${technique!}”; the 14 PTC classes are ${PTC_TECHNIQUES.join(', ')}`,
          });
          return;
        }
        if (technique) {
          // TC lines on the same fragment are one span with several techniques (a multi-choice value),
          // unless the technique repeats: then the file has two annotations, kept as two spans.
          const same = target.article.spans.find((x) => {
            const list = x.attributes[PTC_TECHNIQUE_ATTRIBUTE];
            return x.start === from && x.end === to && Array.isArray(list) && !list.includes(technique);
          });
          if (same) {
            (same.attributes[PTC_TECHNIQUE_ATTRIBUTE] as string[]).push(technique);
            return;
          }
        }
        target.article.spans.push(
          emptySpan({
            start: from,
            end: to,
            text: target.article.text.slice(from, to),
            label: PTC_LABEL,
            attributes: technique ? { [PTC_TECHNIQUE_ATTRIBUTE]: [technique] } : {},
          }),
        );
      });
    }
    return { articles, problems };
  },
};
