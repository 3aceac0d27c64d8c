import { createHash, randomUUID } from 'node:crypto';
import type { WorkbenchApi } from '../../shared/api';
import { compactAttributes, validateAttributes } from '../../shared/attributes';
import { DEFAULT_LABELS } from '../../shared/default-labels';
import type {
  Annotation,
  Article,
  ArticleSummary,
  Attributes,
  ExportResult,
  ImportResult,
  Label,
  Session,
  UndoResult,
} from '../../shared/domain';
import { WorkbenchError } from '../../shared/errors';
import { toJsonlLine, toJsonlRecord } from '../../shared/formats/jsonl';
import { splitsSurrogatePair } from '../../shared/offsets';
import { describeIssues, inputSchemas, type MethodInput, type MethodName, type ParsedInput } from '../../shared/schemas';
import { guessTitle } from '../../shared/text/title';
import * as annotationsStore from '../store/annotations';
import type { AnnotationState } from '../store/annotations';
import { ensureAnnotator } from '../store/annotators';
import * as articlesStore from '../store/articles';
import type { Db } from '../store/database';
import { appendEvent, listEvents, undoRedoStacks, type AnnotationEvent } from '../store/events';
import * as labelsStore from '../store/labels';
import { getSetting, setSetting } from '../store/settings';

export interface SampleArticle {
  name: string;
  text: string;
}

export interface ServiceOptions {
  host: Session['host'];
  appVersion: string;
  /** Used when the database has no annotator name yet (the OS user name, say). */
  defaultAnnotator: string;
  /** Clock, replaceable in tests. */
  now?: () => string;
}

export interface FirstRunOptions {
  /** Sample articles to add to an empty database, once. */
  samples?: readonly SampleArticle[];
}

const ANNOTATOR_SETTING = 'annotator';
const LABELS_SEEDED = 'first_run.labels';
const SAMPLES_SEEDED = 'first_run.samples';

function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return slug || 'label';
}

function shortQuote(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}…` : flat;
}

/**
 * The workbench: every behaviour of the app, implemented once over a
 * database handle. The doors (Electron, the browser host, the CLI) only
 * forward calls here; each public method validates its input first.
 */
export class WorkbenchService implements WorkbenchApi {
  private readonly db: Db;
  private readonly options: ServiceOptions;
  private readonly now: () => string;

  constructor(db: Db, options: ServiceOptions) {
    this.db = db;
    this.options = options;
    this.now = options.now ?? (() => new Date().toISOString());
  }

  /** Seeds default labels (and, when given, samples) into a database that never had them. */
  initializeFirstRun(options: FirstRunOptions = {}): void {
    this.db.transaction(() => {
      if (!getSetting(this.db, LABELS_SEEDED)) {
        if (labelsStore.countLabels(this.db) === 0) {
          for (const seed of DEFAULT_LABELS) labelsStore.insertLabel(this.db, seed);
        }
        setSetting(this.db, LABELS_SEEDED, this.now());
      }
      if (options.samples && !getSetting(this.db, SAMPLES_SEEDED)) {
        if (articlesStore.countArticles(this.db) === 0) this.insertArticles(options.samples, 'sample');
        setSetting(this.db, SAMPLES_SEEDED, this.now());
      }
    })();
  }

  // ---- session ---------------------------------------------------------------------------

  getSession(input: MethodInput<'getSession'>): Session {
    parse('getSession', input);
    return { annotator: this.annotatorName(), appVersion: this.options.appVersion, host: this.options.host };
  }

  setAnnotator(input: MethodInput<'setAnnotator'>): Session {
    const { name } = parse('setAnnotator', input);
    setSetting(this.db, ANNOTATOR_SETTING, name);
    return this.getSession({});
  }

  private annotatorName(): string {
    return getSetting(this.db, ANNOTATOR_SETTING) ?? this.options.defaultAnnotator;
  }

  private annotatorId(): number {
    return ensureAnnotator(this.db, this.annotatorName(), this.now());
  }

  // ---- articles --------------------------------------------------------------------------

  listArticles(input: MethodInput<'listArticles'>): ArticleSummary[] {
    const { query } = parse('listArticles', input);
    return articlesStore.listArticles(this.db, query);
  }

  getArticle(input: MethodInput<'getArticle'>): Article {
    const { id } = parse('getArticle', input);
    return this.requireArticle(id);
  }

  updateArticle(input: MethodInput<'updateArticle'>): ArticleSummary {
    const { id, title } = parse('updateArticle', input);
    if (!articlesStore.updateArticleTitle(this.db, id, title)) throw notFound('article', id);
    return articlesStore.getArticleSummary(this.db, id)!;
  }

  importArticles(input: MethodInput<'importArticles'>): ImportResult {
    const { files } = parse('importArticles', input);
    return this.db.transaction(() => this.insertArticles(files, 'import'))();
  }

  private insertArticles(files: readonly SampleArticle[], origin: 'import' | 'sample'): ImportResult {
    const result: ImportResult = { imported: [], skipped: [] };
    const seen = new Set<string>();
    for (const file of files) {
      if (file.text.replace(/^\uFEFF/, '').trim() === '') {
        result.skipped.push({ name: file.name, reason: 'the file is empty' });
        continue;
      }
      const sha256 = createHash('sha256').update(file.text, 'utf8').digest('hex');
      // A file repeated within this import is reported as such, not as "already imported".
      const existing = seen.has(sha256) ? undefined : articlesStore.findArticleBySha(this.db, sha256);
      if (existing || seen.has(sha256)) {
        result.skipped.push({
          name: file.name,
          reason: existing ? `already imported as “${existing.title}”` : 'same text as another file in this import',
        });
        continue;
      }
      seen.add(sha256);
      const id = randomUUID();
      const baseName = file.name.replace(/^.*[\\/]/, '');
      articlesStore.insertArticle(this.db, {
        id,
        externalId: baseName.replace(/\.[^.]+$/, '') || null,
        title: guessTitle(file.text, baseName),
        source: null,
        url: null,
        publishedAt: null,
        language: null,
        text: file.text,
        sha256,
        importedAt: this.now(),
        meta: { fileName: baseName, origin },
      });
      result.imported.push(articlesStore.getArticleSummary(this.db, id)!);
    }
    return result;
  }

  private requireArticle(id: string): Article {
    const article = articlesStore.getArticle(this.db, id);
    if (!article) throw notFound('article', id);
    return article;
  }

  // ---- labels ----------------------------------------------------------------------------

  listLabels(input: MethodInput<'listLabels'>): Label[] {
    const { includeArchived } = parse('listLabels', input);
    return labelsStore.listLabels(this.db, includeArchived ?? false);
  }

  createLabel(input: MethodInput<'createLabel'>): Label {
    const v = parse('createLabel', input);
    return this.db.transaction(() => {
      this.checkHotkeyFree(v.hotkey ?? null, undefined);
      let key = slugify(v.name);
      for (let n = 2; labelsStore.findLabelByKey(this.db, key); n++) key = `${slugify(v.name)}_${n}`;
      checkAttributeDefs(v.attributes ?? []);
      const id = labelsStore.insertLabel(this.db, {
        key,
        name: v.name,
        color: v.color.toLowerCase(),
        hotkey: v.hotkey ?? null,
        description: v.description ?? '',
        attributes: v.attributes ?? [],
      });
      return labelsStore.getLabel(this.db, id)!;
    })();
  }

  updateLabel(input: MethodInput<'updateLabel'>): Label {
    const v = parse('updateLabel', input);
    return this.db.transaction(() => {
      const label = labelsStore.getLabel(this.db, v.id);
      if (!label) throw notFound('label', String(v.id));
      const next: Label = {
        ...label,
        name: v.name ?? label.name,
        color: v.color?.toLowerCase() ?? label.color,
        hotkey: v.hotkey !== undefined ? v.hotkey : label.hotkey,
        description: v.description ?? label.description,
        archived: v.archived ?? label.archived,
        attributes: v.attributes ?? label.attributes,
      };
      if (!next.archived) this.checkHotkeyFree(next.hotkey, label.id);
      checkAttributeDefs(next.attributes);
      if (v.attributes) this.checkStoredValuesFit(label, next.attributes);
      labelsStore.updateLabel(this.db, next);
      return labelsStore.getLabel(this.db, v.id)!;
    })();
  }

  reorderLabels(input: MethodInput<'reorderLabels'>): Label[] {
    const { ids } = parse('reorderLabels', input);
    return this.db.transaction(() => {
      const all = labelsStore.listLabels(this.db, true);
      const known = new Set(all.map((l) => l.id));
      const unknown = ids.filter((id) => !known.has(id));
      if (unknown.length) throw new WorkbenchError('not_found', `no label with id ${unknown.join(', ')}`, { ids: unknown });
      if (new Set(ids).size !== ids.length) throw new WorkbenchError('invalid_input', 'a label is listed twice', { ids });
      // Listed labels first, in the given order; the rest keep their relative order after them.
      const rest = all.filter((l) => !ids.includes(l.id)).map((l) => l.id);
      [...ids, ...rest].forEach((id, position) => labelsStore.setLabelPosition(this.db, id, position));
      return labelsStore.listLabels(this.db, true);
    })();
  }

  /**
   * A schema change never silently rewrites spans: a new attribute may not take the key of
   * values stored under an attribute removed earlier, and a changed definition must still
   * accept every value stored under it.
   */
  private checkStoredValuesFit(label: Label, defs: readonly Label['attributes'][number][]): void {
    const before = new Set(label.attributes.map((d) => d.key));
    const spans = annotationsStore.listAnnotationsOfLabel(this.db, label.id);
    for (const def of defs) {
      const stored = spans.filter((a) => a.attributes[def.key] !== undefined);
      if (stored.length === 0) continue;
      if (!before.has(def.key)) {
        throw new WorkbenchError(
          'conflict',
          `${stored.length} span(s) still hold values under the key “${def.key}” from an attribute removed earlier; give “${def.name}” another name`,
          { key: def.key, spans: stored.length },
        );
      }
      const misfits = stored.filter((a) => validateAttributes([def], { [def.key]: a.attributes[def.key]! }).length > 0);
      if (misfits.length) {
        throw new WorkbenchError(
          'conflict',
          `${misfits.length} span(s) hold values that “${def.name}” would no longer accept (e.g. “${String(misfits[0]!.attributes[def.key])}”); change those spans first`,
          { key: def.key, spans: misfits.length },
        );
      }
    }
  }

  private checkHotkeyFree(hotkey: string | null, selfId: number | undefined): void {
    if (!hotkey) return;
    const holder = labelsStore.findLabelByHotkey(this.db, hotkey);
    if (holder && holder.id !== selfId) {
      throw new WorkbenchError('conflict', `key ${hotkey} already belongs to label “${holder.name}”`, {
        hotkey,
        labelId: holder.id,
      });
    }
  }

  private requireLabel(id: number): Label {
    const label = labelsStore.getLabel(this.db, id);
    if (!label) throw notFound('label', String(id));
    return label;
  }

  // ---- annotations -----------------------------------------------------------------------

  listAnnotations(input: MethodInput<'listAnnotations'>): Annotation[] {
    const { articleId } = parse('listAnnotations', input);
    this.requireArticleExists(articleId);
    return annotationsStore.listAnnotations(this.db, articleId);
  }

  createAnnotation(input: MethodInput<'createAnnotation'>): Annotation {
    const v = parse('createAnnotation', input);
    return this.db.transaction(() => {
      const article = this.requireArticle(v.articleId);
      const label = this.requireLabel(v.labelId);
      if (label.archived) throw new WorkbenchError('conflict', `label “${label.name}” is archived; restore it to tag with it`);
      checkRange(article.text, v.start, v.end);
      const id = v.id ?? randomUUID();
      if (annotationsStore.getAnnotation(this.db, id)) throw new WorkbenchError('conflict', `annotation ${id} already exists`);
      const attributes = compactAttributes(v.attributes ?? {});
      checkAttributes(label, attributes, null);
      const state: AnnotationState = {
        labelId: label.id,
        start: v.start,
        end: v.end,
        quote: article.text.slice(v.start, v.end),
        note: v.note ?? '',
        confidence: v.confidence ?? null,
        attributes,
        status: 'proposed',
      };
      const annotatorId = this.annotatorId();
      const now = this.now();
      annotationsStore.insertAnnotation(this.db, { ...state, id, articleId: article.id, annotatorId, now });
      appendEvent(this.db, { at: now, annotatorId, kind: 'create', articleId: article.id, annotationId: id, before: null, after: state });
      return annotationsStore.getAnnotation(this.db, id)!.annotation;
    })();
  }

  updateAnnotation(input: MethodInput<'updateAnnotation'>): Annotation {
    const v = parse('updateAnnotation', input);
    return this.db.transaction(() => {
      const current = this.requireLiveAnnotation(v.id);
      const before = annotationsStore.stateOf(current);
      const label = this.requireLabel(v.labelId ?? current.labelId);
      if (label.archived && label.id !== current.labelId) {
        throw new WorkbenchError('conflict', `label “${label.name}” is archived; restore it to tag with it`);
      }
      let attributes = v.attributes !== undefined ? compactAttributes(v.attributes) : current.attributes;
      if (label.id !== current.labelId && v.attributes === undefined) {
        // Relabelling keeps what fits the new label; the event log keeps the rest (undo brings it back).
        attributes = Object.fromEntries(
          Object.entries(attributes).filter(([key, value]) => validateAttributes(label.attributes, { [key]: value }).length === 0),
        );
      }
      checkAttributes(label, attributes, label.id === current.labelId ? current.attributes : null);
      const start = v.start ?? current.start;
      const end = v.end ?? current.end;
      const article = start !== current.start || end !== current.end ? this.requireArticle(current.articleId) : null;
      if (article) checkRange(article.text, start, end);
      const after: AnnotationState = {
        labelId: label.id,
        start,
        end,
        quote: article ? article.text.slice(start, end) : current.quote,
        note: v.note ?? current.note,
        confidence: v.confidence !== undefined ? v.confidence : current.confidence,
        attributes,
        status: v.status ?? current.status,
      };
      return this.applyChange(current.articleId, current.id, 'update', before, after);
    })();
  }

  deleteAnnotation(input: MethodInput<'deleteAnnotation'>): Annotation {
    const { id } = parse('deleteAnnotation', input);
    return this.db.transaction(() => {
      const current = this.requireLiveAnnotation(id);
      this.applyChange(current.articleId, id, 'delete', annotationsStore.stateOf(current), null);
      return current;
    })();
  }

  undo(input: MethodInput<'undo'>): UndoResult {
    const { articleId } = parse('undo', input);
    return this.db.transaction(() => this.undoOrRedo(articleId, 'undo'))();
  }

  redo(input: MethodInput<'redo'>): UndoResult {
    const { articleId } = parse('redo', input);
    return this.db.transaction(() => this.undoOrRedo(articleId, 'redo'))();
  }

  attributeSuggestions(input: MethodInput<'attributeSuggestions'>): string[] {
    const { attribute, labelId } = parse('attributeSuggestions', input);
    const labels = labelsStore.listLabels(this.db, true);
    const group = labels.find((l) => l.id === labelId)?.attributes.find((d) => d.key === attribute)?.suggestGroup;
    if (!group) return annotationsStore.attributeValues(this.db, [{ attribute, labelId }]);
    // Every attribute of the same group, in every label, offers its values.
    const sources = labels.flatMap((l) => l.attributes.filter((d) => d.suggestGroup === group).map((d) => ({ labelId: l.id, attribute: d.key })));
    return annotationsStore.attributeValues(this.db, sources);
  }

  private undoOrRedo(articleId: string, kind: 'undo' | 'redo'): UndoResult {
    this.requireArticleExists(articleId);
    const annotatorId = this.annotatorId();
    const stacks = undoRedoStacks(listEvents(this.db, articleId, annotatorId));
    const target: AnnotationEvent | undefined = (kind === 'undo' ? stacks.undo : stacks.redo).at(-1);
    if (!target) {
      return { done: false, description: kind === 'undo' ? 'Nothing to undo' : 'Nothing to redo', annotation: null, annotationId: null };
    }
    const found = annotationsStore.getAnnotation(this.db, target.annotationId);
    if (!found) throw notFound('annotation', target.annotationId);
    const currentState = found.deletedAt ? null : annotationsStore.stateOf(found.annotation);
    // `from` is the state the event left behind, `to` the one undo (or redo) goes back to.
    const from = kind === 'undo' ? target.after : target.before;
    const to = kind === 'undo' ? target.before : target.after;
    const plan = planUndo(currentState, from, to);
    if (plan.next && currentState && plan.next.labelId !== currentState.labelId && !plan.conflicts.length) {
      // Going back to another label: attributes set since that the label does not define are someone's work.
      const label = labelsStore.getLabel(this.db, plan.next.labelId);
      const foreign = Object.entries(plan.next.attributes).filter(
        ([key, value]) => to?.attributes[key] !== value && validateAttributes(label?.attributes ?? [], { [key]: value }).length > 0,
      );
      plan.conflicts.push(...foreign.map(([key]) => `attribute ${key}`));
    }
    const nextState = plan.conflicts.length ? currentState : plan.next;
    const now = this.now();
    if (!plan.conflicts.length) {
      if (nextState) annotationsStore.writeAnnotationState(this.db, target.annotationId, nextState, now, false);
      else if (currentState) annotationsStore.writeAnnotationState(this.db, target.annotationId, currentState, now, true);
    }
    // Recorded even when skipped, so the history moves past a change that can no longer be undone.
    appendEvent(this.db, {
      at: now,
      annotatorId,
      kind,
      articleId,
      annotationId: target.annotationId,
      targetSeq: target.seq,
      before: currentState,
      after: nextState,
    });
    const shown = nextState ?? target.before ?? target.after;
    const labelName = shown ? (labelsStore.getLabel(this.db, shown.labelId)?.name ?? 'span') : 'span';
    const verb = { create: 'tag', update: 'edit', delete: 'delete', undo: 'undo', redo: 'redo' }[target.kind];
    const after = annotationsStore.getAnnotation(this.db, target.annotationId)!;
    const what = `${verb} ${labelName} “${shortQuote(shown?.quote ?? '')}”`;
    return {
      done: true,
      description: plan.conflicts.length
        ? `Skipped ${kind} of ${what}: it was changed since (${plan.conflicts.join(', ')}); nothing was overwritten`
        : `${kind === 'undo' ? 'Undid' : 'Redid'} ${what}`,
      annotation: after.deletedAt ? null : after.annotation,
      annotationId: target.annotationId,
    };
  }

  private applyChange(
    articleId: string,
    annotationId: string,
    kind: 'update' | 'delete',
    before: AnnotationState,
    after: AnnotationState | null,
  ): Annotation {
    const now = this.now();
    annotationsStore.writeAnnotationState(this.db, annotationId, after ?? before, now, after === null);
    appendEvent(this.db, { at: now, annotatorId: this.annotatorId(), kind, articleId, annotationId, before, after });
    return annotationsStore.getAnnotation(this.db, annotationId)!.annotation;
  }

  private requireLiveAnnotation(id: string): Annotation {
    const found = annotationsStore.getAnnotation(this.db, id);
    if (!found || found.deletedAt) throw notFound('annotation', id);
    return found.annotation;
  }

  private requireArticleExists(id: string): void {
    if (!articlesStore.getArticleSummary(this.db, id)) throw notFound('article', id);
  }

  // ---- export ----------------------------------------------------------------------------

  exportDataset(input: MethodInput<'exportDataset'>): ExportResult {
    const { articleIds } = parse('exportDataset', input);
    const summaries = articleIds
      ? articleIds.map((id) => articlesStore.getArticleSummary(this.db, id) ?? throwNotFound('article', id))
      : articlesStore.listArticles(this.db);
    const labels = new Map(labelsStore.listLabels(this.db, true).map((l) => [l.id, l]));
    const byArticle = annotationsStore.listAnnotationsByArticle(this.db);
    const lines: string[] = [];
    let spanCount = 0;
    for (const summary of summaries) {
      const article = this.requireArticle(summary.id);
      const spans = byArticle.get(article.id) ?? [];
      spanCount += spans.length;
      lines.push(toJsonlLine(toJsonlRecord(article, spans, labels)));
    }
    const stamp = this.now().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
    return {
      filename: `workbench-export-${stamp}.jsonl`,
      mimeType: 'application/x-ndjson',
      content: lines.length ? `${lines.join('\n')}\n` : '',
      articleCount: lines.length,
      spanCount,
    };
  }
}

// ---- undo planning -----------------------------------------------------------------------

const FIELD_GROUPS: { name: string; keys: (keyof AnnotationState)[] }[] = [
  { name: 'label', keys: ['labelId'] },
  { name: 'boundaries', keys: ['start', 'end', 'quote'] },
  { name: 'note', keys: ['note'] },
  { name: 'confidence', keys: ['confidence'] },
  { name: 'status', keys: ['status'] },
];

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * What undoing (or redoing) one event does to a span as it is now. Only the
 * fields that event changed are put back, so later changes to other fields,
 * by anyone, survive; if a field the event changed has been changed again
 * since, nothing is written and the conflicting fields are named.
 */
export function planUndo(
  current: AnnotationState | null,
  from: AnnotationState | null,
  to: AnnotationState | null,
): { next: AnnotationState | null; conflicts: string[] } {
  if (from === null) {
    // Bringing back a span the event removed; if it is there already, someone else brought it back.
    return current ? { next: current, conflicts: ['the span exists again'] } : { next: to, conflicts: [] };
  }
  if (current === null) return { next: null, conflicts: to === null ? [] : ['deleted'] };
  if (to === null) {
    // Removing a span the event created: only if nobody changed it since.
    const changed = FIELD_GROUPS.filter((g) => g.keys.some((k) => !same(current[k], from[k]))).map((g) => g.name);
    if (!same(current.attributes, from.attributes)) changed.push('attributes');
    return { next: null, conflicts: changed };
  }
  const next: AnnotationState = { ...current, attributes: { ...current.attributes } };
  const conflicts: string[] = [];
  for (const group of FIELD_GROUPS) {
    if (group.keys.every((k) => same(from[k], to[k]))) continue;
    if (group.keys.some((k) => !same(current[k], from[k]))) conflicts.push(group.name);
    else for (const k of group.keys) (next as unknown as Record<string, unknown>)[k] = to[k];
  }
  const keys = new Set([...Object.keys(from.attributes), ...Object.keys(to.attributes)]);
  for (const key of keys) {
    if (same(from.attributes[key], to.attributes[key])) continue;
    if (!same(current.attributes[key], from.attributes[key])) conflicts.push(`attribute ${key}`);
    else if (to.attributes[key] === undefined) delete next.attributes[key];
    else next.attributes[key] = to.attributes[key]!;
  }
  return { next, conflicts };
}

// ---- validation helpers ------------------------------------------------------------------

/** Validates a method's input against its schema; a bad call gets `invalid_input` naming each problem. */
export function parse<M extends MethodName>(method: M, input: unknown): ParsedInput<M> {
  const schema = inputSchemas[method];
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const { message, details } = describeIssues(result.error.issues);
    throw new WorkbenchError('invalid_input', message, details);
  }
  return result.data as ParsedInput<M>;
}

function notFound(kind: string, id: string): WorkbenchError {
  return new WorkbenchError('not_found', `no ${kind} with id ${id}`, { kind, id });
}

function throwNotFound(kind: string, id: string): never {
  throw notFound(kind, id);
}

function checkRange(text: string, start: number, end: number): void {
  if (end <= start) {
    throw new WorkbenchError('invalid_input', `a span must end after it starts (start ${start}, end ${end})`, { start, end });
  }
  if (end > text.length) {
    throw new WorkbenchError('invalid_input', `span ${start}-${end} runs past the end of the article (length ${text.length})`, {
      start,
      end,
      length: text.length,
    });
  }
  for (const offset of [start, end]) {
    if (splitsSurrogatePair(text, offset)) {
      throw new WorkbenchError('invalid_input', `offset ${offset} falls inside a character (between the halves of a surrogate pair)`, {
        offset,
      });
    }
  }
}

function checkAttributes(label: Label, attributes: Attributes, previous: Attributes | null): void {
  // Values unchanged since they were stored are not re-judged: a later schema change must not block other edits.
  const changed = previous
    ? Object.fromEntries(Object.entries(attributes).filter(([k, v]) => previous[k] !== v))
    : attributes;
  const problems = validateAttributes(label.attributes, changed);
  if (problems.length) {
    throw new WorkbenchError('invalid_input', problems.map((p) => p.message).join('; '), { attributes: problems });
  }
}

function checkAttributeDefs(defs: readonly Label['attributes'][number][]): void {
  const keys = new Set<string>();
  for (const def of defs) {
    if (keys.has(def.key)) throw new WorkbenchError('invalid_input', `attribute key “${def.key}” is defined twice`);
    keys.add(def.key);
    if (def.type === 'choice' && !(def.options && def.options.length)) {
      throw new WorkbenchError('invalid_input', `attribute “${def.name}” is a choice and needs at least one option`);
    }
  }
}
