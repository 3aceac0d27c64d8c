import {
  emptyArticle,
  isRecord,
  LossCounter,
  placeSpan,
  stringOrNull,
  UnitConverter,
  type DatasetArticle,
  type DatasetFormat,
  type DatasetSpan,
  type DecodeProblem,
  type OffsetUnit,
} from './model';

/**
 * Label Studio JSON: an array of tasks, `data.text` the article, one
 * annotation per annotator (`completed_by` its name; the gold layer marked
 * `ground_truth`), each region a `labels` result whose `value` holds
 * start, end (code points, as Label Studio counts since 2021), text and labels.
 * A region's note travels in its `meta.text`, as Label Studio stores region notes.
 * Reading accepts an array or one task, results under `annotations` or the
 * older `completions`, `predictions` (imported as the model's annotator) and
 * the JSON_MIN export.
 */
const FROM_NAME = 'label';
const TO_NAME = 'text';

export const labelStudioFormat: DatasetFormat = {
  id: 'labelstudio',
  name: 'Label Studio JSON',
  extensions: ['json'],
  output: 'file',
  mimeType: 'application/json',
  description: 'Label Studio tasks (a JSON array) with one annotation per annotator; notes as region meta; attributes are not carried.',
  unit: 'selectable',
  carries: { overlaps: true, attributes: false, notes: true, annotators: true, status: false, articleMetadata: true, articleDetails: false },
  createEncoder(options) {
    const losses = new LossCounter();
    let first = true;
    let next = 1;
    return {
      begin: () => [{ file: '', data: '[' }],
      article(article) {
        const units = new UnitConverter(article.text, options.offsets);
        losses.add(
          'attributes',
          'span attributes dropped (Label Studio regions have none)',
          article.spans.filter((s) => Object.keys(s.attributes).length > 0).length,
        );
        losses.add('status', 'span status (proposed/accepted/rejected) lost', article.spans.filter((s) => s.status && s.status !== 'proposed').length);
        const layers = new Map<string | null, DatasetSpan[]>();
        for (const s of article.spans) layers.set(s.annotator, [...(layers.get(s.annotator) ?? []), s]);
        let regionNumber = 0;
        const task = {
          id: next++,
          data: {
            text: article.text,
            article_id: article.id,
            external_id: article.externalId,
            title: article.title,
            source: article.source,
            url: article.url,
            published_at: article.publishedAt,
            split: article.split,
            offset_unit: options.offsets,
          },
          annotations: [...layers].map(([annotator, spans], i) => ({
            id: i + 1,
            completed_by: annotator ?? 'unknown',
            ground_truth: annotator === 'gold',
            result: spans.map((s) => ({
              id: s.id ?? `r${++regionNumber}`,
              from_name: FROM_NAME,
              to_name: TO_NAME,
              type: 'labels',
              origin: 'manual',
              value: { start: units.out(s.start), end: units.out(s.end), text: s.text, labels: [s.label] },
              ...(s.note ? { meta: { text: [s.note] } } : {}),
            })),
          })),
          predictions: [],
        };
        const chunk = `${first ? '\n' : ',\n'}${JSON.stringify(task)}`;
        first = false;
        return [{ file: '', data: chunk }];
      },
      end: () => [{ file: '', data: first ? ']\n' : '\n]\n' }],
      losses: () => losses.list(),
    };
  },
  decode(files, options) {
    const problems: DecodeProblem[] = [];
    const articles: DatasetArticle[] = [];
    for (const file of files) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(file.text.replace(/^\uFEFF/, ''));
      } catch (error) {
        problems.push({ code: 'parse', file: file.path, record: null, span: null, message: `not JSON: ${(error as Error).message}` });
        continue;
      }
      const tasks = Array.isArray(parsed) ? parsed : [parsed];
      tasks.forEach((task, i) => {
        const at = isRecord(task) && task.id !== undefined ? `task ${String(task.id as string | number)}` : `task #${i + 1}`;
        const article = decodeTask(task, file.path, at, articles.length, options.offsets ?? 'codepoint', problems);
        if (article) articles.push(article);
      });
    }
    return { articles, problems };
  },
};

function taskText(task: Record<string, unknown>): string | null {
  if (isRecord(task.data)) {
    if (typeof task.data.text === 'string') return task.data.text;
    // A labelling config may name the text field anything ($ner, say): take the task's one string field.
    const strings = Object.values(task.data).filter((v): v is string => typeof v === 'string');
    if (strings.length >= 1) return strings.sort((a, b) => b.length - a.length)[0]!;
  }
  return typeof task.text === 'string' ? task.text : null;
}

function annotatorOf(completedBy: unknown): string | null {
  if (typeof completedBy === 'string' && completedBy) return completedBy;
  if (typeof completedBy === 'number') return `labelstudio-user-${completedBy}`;
  if (isRecord(completedBy)) return stringOrNull(completedBy.email) ?? (typeof completedBy.id === 'number' ? `labelstudio-user-${completedBy.id}` : null);
  return null;
}

function decodeTask(task: unknown, file: string, at: string, articleIndex: number, defaultUnit: OffsetUnit, problems: DecodeProblem[]): DatasetArticle | null {
  if (!isRecord(task)) {
    problems.push({ code: 'parse', file, record: at, span: null, message: 'a task is not an object' });
    return null;
  }
  const text = taskText(task);
  if (text === null) {
    problems.push({ code: 'parse', file, record: at, span: null, message: 'the task has no text (data.text)' });
    return null;
  }
  const data = isRecord(task.data) ? task.data : {};
  const unit: OffsetUnit = data.offset_unit === 'utf16' || data.offset_unit === 'codepoint' ? data.offset_unit : defaultUnit;
  const converter = new UnitConverter(text, unit);
  const article = emptyArticle({
    text,
    id: stringOrNull(data.article_id),
    externalId: stringOrNull(data.external_id) ?? (task.id !== undefined ? String(task.id as string | number) : null),
    title: stringOrNull(data.title),
    source: stringOrNull(data.source),
    url: stringOrNull(data.url),
    publishedAt: stringOrNull(data.published_at),
  });
  const layers: { annotator: string | null; result: unknown; ref: string; prediction?: true }[] = [];
  for (const key of ['annotations', 'completions'] as const) {
    const list = task[key];
    if (!Array.isArray(list)) continue;
    list.forEach((a, i) => {
      if (!isRecord(a)) return;
      if (a.was_cancelled === true) {
        problems.push({ code: 'skipped', file, record: at, span: null, message: `a cancelled annotation (${key} #${i + 1}) is not imported` });
        return;
      }
      layers.push({ annotator: annotatorOf(a.completed_by) ?? (a.ground_truth === true ? 'gold' : null), result: a.result, ref: `${key} #${i + 1}` });
    });
  }
  if (Array.isArray(task.predictions)) {
    task.predictions.forEach((p, i) => {
      if (!isRecord(p)) return;
      const model = stringOrNull(p.model_version) ?? 'prediction';
      layers.push({ annotator: model, result: p.result, ref: `predictions #${i + 1}`, prediction: true });
    });
  }
  // JSON_MIN: {"text", "label": [{start, end, text, labels}], "annotator"}.
  if (Array.isArray(task.label) && typeof task.text === 'string') {
    layers.push({
      annotator: typeof task.annotator === 'string' || typeof task.annotator === 'number' ? annotatorOf(task.annotator) : null,
      result: task.label.map((value: unknown) => ({ type: 'labels', value })),
      ref: 'label',
    });
  }
  for (const layer of layers) {
    if (!Array.isArray(layer.result)) continue;
    layer.result.forEach((r, i) => {
      if (!isRecord(r) || !isRecord(r.value)) return;
      const v = r.value;
      const labels = Array.isArray(v.labels) ? v.labels.filter((l): l is string => typeof l === 'string') : [];
      const ref = `${layer.ref} result ${typeof r.id === 'string' ? r.id : `#${i + 1}`}`;
      if (typeof v.start !== 'number' || labels.length === 0) {
        if (r.type === 'labels') problems.push({ code: 'parse', file, record: at, span: ref, message: `region ${ref} has no start/end or labels` });
        else problems.push({ code: 'skipped', file, record: at, span: ref, message: `result of type “${String(r.type)}” is not a text span; not imported` });
        return;
      }
      const note = isRecord(r.meta) && Array.isArray(r.meta.text) ? r.meta.text.filter((t): t is string => typeof t === 'string').join('\n') : '';
      for (const label of labels) {
        const span = placeSpan(
          {
            file,
            record: at,
            spanRef: ref,
            articleIndex,
            converter,
            start: v.start,
            end: v.end,
            recordedText: typeof v.text === 'string' ? v.text : null,
            fields: {
              id: labels.length === 1 && isUuid(r.id) ? (r.id as string) : null,
              label,
              labelName: null,
              annotator: layer.annotator,
              status: null,
              attributes: {},
              note,
              confidence: null,
              createdAt: null,
              updatedAt: null,
            },
          },
          problems,
        );
        if (span) article.spans.push(layer.prediction ? { ...span, prediction: true } : span);
      }
    });
  }
  return article;
}

function isUuid(value: unknown): boolean {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
