/**
 * Domain types shared by the main process, the renderer and the CLI.
 * Pure TypeScript: no Node, no DOM, no React.
 *
 * Offsets inside the workbench are JavaScript string indices (UTF-16 code
 * units), end-exclusive, always into the article text exactly as stored.
 */

import type { PackedSpans } from './packed-spans';

export type Confidence = 'low' | 'medium' | 'high';
export const CONFIDENCES: readonly Confidence[] = ['low', 'medium', 'high'];

export type AnnotationStatus = 'proposed' | 'accepted' | 'rejected';
export const ANNOTATION_STATUSES: readonly AnnotationStatus[] = ['proposed', 'accepted', 'rejected'];

export interface ArticleSummary {
  id: string;
  externalId: string | null;
  title: string;
  source: string | null;
  url: string | null;
  publishedAt: string | null;
  language: string | null;
  sha256: string;
  importedAt: string;
  /** Length of the stored text in UTF-16 code units. */
  length: number;
  annotationCount: number;
  author: string | null;
  /** ISO 639-1 code of the language this text was machine-translated from ("und": not known); null when not a machine translation. */
  machineTranslatedFrom: string | null;
  status: ArticleStatus;
  /** Free tags and collections the analyst gives an article. */
  tags: string[];
  /** The article this one is a changed version of (same URL, different text). */
  previousVersionId: string | null;
}

export type ArticleStatus = 'new' | 'in_progress' | 'done' | 'reviewed';
export const ARTICLE_STATUSES: readonly ArticleStatus[] = ['new', 'in_progress', 'done', 'reviewed'];

/** A row of the article list: the summary plus live span counts per label id and the annotators who tagged it. */
export interface ArticleListItem extends ArticleSummary {
  labelCounts: Record<number, number>;
  annotators: string[];
  /** One of the bundled sample articles (removable in one step). */
  isSample: boolean;
}

export interface Article extends ArticleSummary {
  text: string;
  meta: Record<string, unknown>;
}

/** An article as the editor opens it: the text, its live spans of every layer, and every label (archived ones too, for old spans). */
export interface OpenedArticle {
  article: Article;
  /** Unpack with `unpackSpans(article.text, spans)`. */
  spans: PackedSpans;
  labels: Label[];
}

/** `multichoice` holds several of its options, stored as an array of strings. */
export type AttributeType = 'text' | 'integer' | 'boolean' | 'choice' | 'multichoice';

/** One typed attribute of a label. Definitions are data, stored with the label. */
export interface AttributeDef {
  key: string;
  name: string;
  type: AttributeType;
  /** Allowed values, for `choice` and `multichoice`. */
  options?: string[];
  /** Offer values used before on other spans (sources, parties). */
  suggest?: boolean;
  /**
   * Attributes in the same group share suggestions, across labels: a party
   * typed as "imposed by" on a condition is offered as "side" on a casualty figure.
   */
  suggestGroup?: string;
  /** Lower bound for `integer`. */
  min?: number;
  help?: string;
}

/**
 * A stored value. A `multichoice` value is an array of its options; a single
 * string stored before the attribute became multi-choice reads as that one option.
 */
export type AttributeValue = string | number | boolean | string[];
export type Attributes = Record<string, AttributeValue>;

export interface Label {
  id: number;
  /** Stable machine name used in exports, e.g. `casualty_figure`. */
  key: string;
  name: string;
  /** `#rrggbb` */
  color: string;
  /** `1`-`9`, or null when the label has no key. */
  hotkey: string | null;
  description: string;
  position: number;
  archived: boolean;
  attributes: AttributeDef[];
}

export interface Annotation {
  id: string;
  articleId: string;
  labelId: number;
  start: number;
  end: number;
  /** The stored text at [start, end). */
  quote: string;
  annotator: string;
  note: string;
  confidence: Confidence | null;
  attributes: Attributes;
  status: AnnotationStatus;
  createdAt: string;
  updatedAt: string;
}

export type AnnotatorKind = 'person' | 'gold' | 'model';

/** The annotator whose layer is the gold (adjudicated) set; no person may take this name. */
export const GOLD_ANNOTATOR = 'gold';

export interface AnnotatorInfo {
  name: string;
  kind: AnnotatorKind;
  /** Live spans in this annotator's layer. */
  spanCount: number;
}

export interface Session {
  /** Who this window, tab or command acts as. */
  annotator: string;
  /** False when the caller has not said who it is yet (the door's default stands in): the app asks for a name. */
  annotatorChosen: boolean;
  /** The name to offer on first run (the OS user name), shown in the dialog, never applied silently. */
  suggestedAnnotator: string;
  /** Every annotator (layer) in this database, people first, gold last. */
  annotators: AnnotatorInfo[];
  appVersion: string;
  /** Which door the renderer is talking through. */
  host: 'electron' | 'browser';
}

export interface ImportFileResult {
  name: string;
  article?: ArticleSummary;
  /** Set when the file was not imported (duplicate, empty, not UTF-8...). */
  skipped?: string;
}

export interface ImportResult {
  imported: ArticleSummary[];
  /** Not imported, with why: a duplicate (same text as an article already stored), an empty file. */
  skipped: { name: string; reason: string }[];
  /** Bad files and records (with the line of a bad JSONL record); only when the import went ahead without them. */
  failed: { name: string; line?: number; reason: string }[];
}

/** An article in the trash (soft-deleted): restorable until the trash is emptied. */
export interface DeletedArticle extends ArticleSummary {
  deletedAt: string;
}

export interface PurgeResult {
  /** Articles removed for good, with their spans and kept original files. */
  purged: ArticleSummary[];
  spanCount: number;
}

/** A staged import: files read and checked in the main process, nothing stored yet. */
export interface StagedImport {
  importId: string;
  /** Articles read so far (records of JSONL files count one each). */
  documents: number;
  /** Bad files and records found so far. */
  failed: ImportResult['failed'];
}

export interface CommitImportResult extends ImportResult {
  /** Articles of the staged import not stored yet (commit again to go on); 0 when done. */
  remaining: number;
  /** True when nothing was stored because a file or record was bad and bad input was not to be skipped. */
  refused: boolean;
}

/** A span as a row of the corpus-wide span table and of search results. */
export interface SpanRow {
  id: string;
  articleId: string;
  articleTitle: string;
  source: string | null;
  labelId: number;
  start: number;
  end: number;
  quote: string;
  /** Up to ~60 characters of text before and after the span, on one line. */
  left: string;
  right: string;
  attributes: Attributes;
  annotator: string;
  note: string;
  confidence: Confidence | null;
  status: AnnotationStatus;
  updatedAt: string;
}

/** A match in an article, with a snippet around it. Offsets index the article text (or the title when field is title). */
export interface TextHit {
  field: 'title' | 'text';
  start: number;
  end: number;
  before: string;
  match: string;
  after: string;
}

export interface ArticleSearchHit {
  article: ArticleSummary;
  /** The first few matches, in text order. */
  hits: TextHit[];
  hitCount: number;
}

export interface SpanSearchHit {
  span: SpanRow;
  /** Where the query matched: the quoted text, the note, or the label's name. */
  matchedIn: 'quote' | 'note' | 'label';
  /** Ranges in the quote or note that match (empty for a label match). */
  ranges: { start: number; end: number }[];
}

export interface SearchResult {
  articles: ArticleSearchHit[];
  spans: SpanSearchHit[];
  /** True when more results exist than were returned. */
  truncated: boolean;
}

export interface DeleteArticlesResult {
  deleted: ArticleSummary[];
  /** Live spans the deleted articles held (they come back with an undo). */
  spanCount: number;
}

export interface UndoResult {
  /** False when there was nothing to undo or redo. */
  done: boolean;
  /** Human-readable, e.g. "Undo: create Claim “2,500 soldier deaths”". */
  description: string;
  /** The annotation as it is now (null when it is deleted now). */
  annotation: Annotation | null;
  annotationId: string | null;
  /**
   * Every span the undo or redo changed, when one action changed several (tag all
   * occurrences): each as it is now, null when it is deleted now.
   */
  changes?: { annotationId: string; annotation: Annotation | null }[];
}

export type ExportFormat = string;

/** What an export could not carry, counted (see src/shared/formats). */
export interface ExportLoss {
  key: string;
  count: number;
  message: string;
}

export interface ExportResult {
  /** For a one-file format; a folder format's files are in `files`. */
  filename: string;
  mimeType: string;
  /** The whole file for one-file formats; '' for folder formats. */
  content: string;
  /** Every file written, paths relative to the export folder (one entry for one-file formats). */
  files: { path: string; content: string }[];
  format: string;
  offsetUnit: 'codepoint' | 'utf16' | null;
  articleCount: number;
  spanCount: number;
  losses: ExportLoss[];
  /** Things the user should know that are not losses (no gold layer yet, say). */
  notes: string[];
}

/** A dataset export running in the background (the app's export dialog): how far it is, and its summary once done. */
export interface ExportJobStatus {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  articles: number;
  totalArticles: number;
  spans: number;
  /** Seconds since the export started. */
  elapsed: number;
  /** Why it failed (the same code and message a direct export would raise). */
  error: { code: string; message: string } | null;
  /** Once done: what was exported and what the format could not carry (the files themselves come from takeExport). */
  summary: (Pick<ExportResult, 'format' | 'offsetUnit' | 'articleCount' | 'spanCount' | 'losses' | 'notes'> & { fileCount: number; filename: string }) | null;
}

export interface ImportProblemReport {
  code: string;
  file: string;
  record: string | null;
  span: string | null;
  message: string;
  expected?: string;
  found?: string;
}

export interface AnnotationImportResult {
  articlesCreated: number;
  articlesMatched: number;
  spansImported: number;
  /** Spans already in the database (same article, annotator, label, offsets and attributes, or same id): left as they are. */
  spansUnchanged: number;
  spansSkipped: number;
  spansFixed: number;
  labelsCreated: string[];
  annotators: string[];
  problems: ImportProblemReport[];
}

/** What importing another analyst's file did to their layer. */
export interface LayerImportResult {
  /** The layer the file was imported into. */
  annotator: string;
  /** Records whose article was found here. */
  articles: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Spans of this layer the file no longer holds (soft-deleted; the event log keeps them). */
  removed: number;
  skipped: { line: number; spanId?: string; reason: string }[];
}

/** Why a review item needs a person: spans only some annotators made, or conflicts with another layer's span. */
export type DisagreementKind = 'only_some' | 'label' | 'boundary' | 'attribute';
export const DISAGREEMENT_KINDS: readonly DisagreementKind[] = ['only_some', 'label', 'boundary', 'attribute'];

export interface ReviewSpan {
  id: string;
  annotator: string;
  attributes: Attributes;
  note: string;
  confidence: Confidence | null;
}

export interface ReviewDecisionInfo {
  id: string;
  kind: 'accept' | 'reject';
  reviewer: string;
  at: string;
  reason: string;
  comment: string;
  /** The gold span an accept made or matched. */
  goldId: string | null;
  labelId: number | null;
  start: number | null;
  end: number | null;
}

/**
 * One thing to decide: the same text with the same label, from one or more
 * annotators' layers (each their own span). Unanimous when every annotator
 * who did the article made it, with the same attributes (two annotators at least).
 */
export interface ReviewItem {
  key: string;
  articleId: string;
  articleTitle: string;
  start: number;
  end: number;
  quote: string;
  labelId: number;
  spans: ReviewSpan[];
  /** Who made this span. */
  annotators: string[];
  /** Who did the article but not this span. */
  missing: string[];
  kinds: DisagreementKind[];
  unanimous: boolean;
  decision: ReviewDecisionInfo | null;
  comments: { id: string; reviewer: string; at: string; comment: string }[];
}

export interface ReviewQueue {
  items: ReviewItem[];
  /** Items matching the filters (whatever their status) and how many of them are decided. */
  total: number;
  decided: number;
  /** The annotators (layers, gold excepted) in the articles considered. */
  annotators: string[];
}

export interface ReviewDecisionResult {
  decision: { id: string; kind: 'accept' | 'reject' | 'comment'; reviewer: string; at: string };
  /** The gold span now standing for the item (after an accept). */
  gold: Annotation | null;
}

export interface AcceptUnanimousResult {
  /** Open unanimous items found (what a dry run reports). */
  count: number;
  accepted: number;
  dryRun: boolean;
}
