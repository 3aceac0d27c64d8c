/**
 * Domain types shared by the main process, the renderer and the CLI.
 * Pure TypeScript: no Node, no DOM, no React.
 *
 * Offsets inside the workbench are JavaScript string indices (UTF-16 code
 * units), end-exclusive, always into the article text exactly as stored.
 */

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
}

export interface Article extends ArticleSummary {
  text: string;
  meta: Record<string, unknown>;
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
  skipped: { name: string; reason: string }[];
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

export type ExportFormat = 'jsonl';

export interface ExportResult {
  filename: string;
  mimeType: string;
  content: string;
  articleCount: number;
  spanCount: number;
}
