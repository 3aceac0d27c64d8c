import type { AgreementOverview, AgreementReport, AgreementSpans } from './agreement';
import type {
  Annotation,
  AnnotationImportResult,
  Article,
  ArticleListItem,
  ArticleSummary,
  DeleteArticlesResult,
  DeletedArticle,
  PurgeResult,
  StagedImport,
  CommitImportResult,
  SearchResult,
  SpanRow,
  ExportJobStatus,
  ExportResult,
  ImportResult,
  LayerImportResult,
  ReviewDecisionResult,
  ReviewQueue,
  AcceptUnanimousResult,
  Label,
  OpenedArticle,
  Session,
  UndoResult,
} from './domain';
import type { EventLogApplyResult, EventLogExport } from './event-log';
import type { MethodInput, MethodName } from './schemas';

/**
 * The one API contract. The service in src/main implements it; every door
 * (Electron IPC, the loopback HTTP host, the CLI) forwards calls to it, and
 * the renderer's client is derived from it.
 */
export interface WorkbenchApi {
  getSession(input: MethodInput<'getSession'>): Session;
  setAnnotator(input: MethodInput<'setAnnotator'>): Session;

  listArticles(input: MethodInput<'listArticles'>): ArticleSummary[];
  getArticle(input: MethodInput<'getArticle'>): Article;
  /** What the editor needs to open an article, read in one snapshot: the article, its live spans (every layer) and every label, archived included. */
  openArticle(input: MethodInput<'openArticle'>): OpenedArticle;
  updateArticle(input: MethodInput<'updateArticle'>): ArticleSummary;
  importArticles(input: MethodInput<'importArticles'>): ImportResult;
  /** Files as bytes, through the one import pipeline (text in any encoding, web pages, JSONL). */
  importFiles(input: MethodInput<'importFiles'>): ImportResult;
  /** A large import in one pass: stage files batch by batch (read and checked once), then commit (stored in batches). */
  stageImport(input: MethodInput<'stageImport'>): StagedImport;
  commitImport(input: MethodInput<'commitImport'>): CommitImportResult;
  discardImport(input: MethodInput<'discardImport'>): { discarded: boolean };
  /** Fetches a page (http/https only, time and size limits, bounded redirects) and imports its article. */
  importUrl(input: MethodInput<'importUrl'>): Promise<ImportResult>;
  /** Every live article with span counts per label and its annotators (the article list). */
  listArticleItems(input: MethodInput<'listArticleItems'>): ArticleListItem[];
  /** Soft-deletes articles with their spans; restoreArticles undoes it. */
  deleteArticles(input: MethodInput<'deleteArticles'>): DeleteArticlesResult;
  restoreArticles(input: MethodInput<'restoreArticles'>): ArticleSummary[];
  /** The trash: deleted articles, newest deletion first. */
  listDeletedArticles(input: MethodInput<'listDeletedArticles'>): DeletedArticle[];
  /** Removes articles in the trash for good, with their spans: the one irreversible act. */
  purgeArticles(input: MethodInput<'purgeArticles'>): PurgeResult;
  /** Full-text search over titles, article text, span quotes and notes; label names find their spans. */
  search(input: MethodInput<'search'>): SearchResult;
  /** The corpus-wide span table. */
  listSpans(input: MethodInput<'listSpans'>): SpanRow[];

  listLabels(input: MethodInput<'listLabels'>): Label[];
  createLabel(input: MethodInput<'createLabel'>): Label;
  updateLabel(input: MethodInput<'updateLabel'>): Label;
  reorderLabels(input: MethodInput<'reorderLabels'>): Label[];

  listAnnotations(input: MethodInput<'listAnnotations'>): Annotation[];
  createAnnotation(input: MethodInput<'createAnnotation'>): Annotation;
  /** Several spans of one article in one transaction: all or none, undone and redone as one step. */
  createAnnotations(input: MethodInput<'createAnnotations'>): Annotation[];
  updateAnnotation(input: MethodInput<'updateAnnotation'>): Annotation;
  deleteAnnotation(input: MethodInput<'deleteAnnotation'>): Annotation;
  copyToMyLayer(input: MethodInput<'copyToMyLayer'>): Annotation;
  undo(input: MethodInput<'undo'>): UndoResult;
  redo(input: MethodInput<'redo'>): UndoResult;
  attributeSuggestions(input: MethodInput<'attributeSuggestions'>): string[];

  importLayer(input: MethodInput<'importLayer'>): LayerImportResult;
  importLayerDatabase(input: MethodInput<'importLayerDatabase'>): LayerImportResult;

  reviewQueue(input: MethodInput<'reviewQueue'>): ReviewQueue;
  reviewDecide(input: MethodInput<'reviewDecide'>): ReviewDecisionResult;
  reviewUndo(input: MethodInput<'reviewUndo'>): UndoResult;
  acceptUnanimous(input: MethodInput<'acceptUnanimous'>): AcceptUnanimousResult;

  /** The event log (span events and review decisions, in the order written) as a JSONL file for another machine. */
  exportEventLog(input: MethodInput<'exportEventLog'>): EventLogExport;
  /** Applies another machine's event log: append-only, idempotent, all or nothing. */
  applyEventLog(input: MethodInput<'applyEventLog'>): EventLogApplyResult;

  exportDataset(input: MethodInput<'exportDataset'>): ExportResult;
  /** Starts the same export in the background, in slices, so the app stays responsive; poll exportStatus. */
  startExport(input: MethodInput<'startExport'>): ExportJobStatus;
  exportStatus(input: MethodInput<'exportStatus'>): ExportJobStatus;
  /** Stops a running export; nothing of it is kept. */
  cancelExport(input: MethodInput<'cancelExport'>): ExportJobStatus;
  /** The finished export's files; the job is forgotten afterwards. */
  takeExport(input: MethodInput<'takeExport'>): ExportResult;
  importAnnotations(input: MethodInput<'importAnnotations'>): AnnotationImportResult;

  agreementReport(input: MethodInput<'agreementReport'>): AgreementReport;
  agreementOverview(input: MethodInput<'agreementOverview'>): AgreementOverview;
  agreementSpans(input: MethodInput<'agreementSpans'>): AgreementSpans;
}

/** What the doors hold: the API, and a way to act as the caller's annotator. */
export interface LayeredApi extends WorkbenchApi {
  as(annotator: string): WorkbenchApi;
}

/** The header the browser client sends with every call, naming who acts (URI-encoded). */
export const ANNOTATOR_HEADER = 'x-workbench-annotator';

// Compile-time check: every schema has a method and every method a schema.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const contractMatchesSchemas: Same<keyof WorkbenchApi, MethodName> = true;
void contractMatchesSchemas;

/** The renderer's view of the API: the same methods, asynchronous. */
export type WorkbenchClient = {
  [M in keyof WorkbenchApi]: (input: Parameters<WorkbenchApi[M]>[0]) => Promise<ReturnType<WorkbenchApi[M]>>;
};

export type MethodOutput<M extends keyof WorkbenchApi> = ReturnType<WorkbenchApi[M]>;

/** The method names, in one list, for the preload and the HTTP host. */
export const API_METHODS = [
  'getSession',
  'setAnnotator',
  'listArticles',
  'getArticle',
  'openArticle',
  'updateArticle',
  'importArticles',
  'importFiles',
  'stageImport',
  'commitImport',
  'discardImport',
  'importUrl',
  'listArticleItems',
  'deleteArticles',
  'restoreArticles',
  'listDeletedArticles',
  'purgeArticles',
  'search',
  'listSpans',
  'listLabels',
  'createLabel',
  'updateLabel',
  'reorderLabels',
  'listAnnotations',
  'createAnnotation',
  'createAnnotations',
  'updateAnnotation',
  'deleteAnnotation',
  'copyToMyLayer',
  'undo',
  'redo',
  'attributeSuggestions',
  'importLayer',
  'importLayerDatabase',
  'reviewQueue',
  'reviewDecide',
  'reviewUndo',
  'acceptUnanimous',
  'exportEventLog',
  'applyEventLog',
  'exportDataset',
  'startExport',
  'exportStatus',
  'cancelExport',
  'takeExport',
  'importAnnotations',
  'agreementReport',
  'agreementOverview',
  'agreementSpans',
] as const satisfies readonly MethodName[];

export function isApiMethod(name: string): name is MethodName {
  return (API_METHODS as readonly string[]).includes(name);
}

/** IPC channel name for a method (Electron door and preload agree on it). */
export const ipcChannel = (method: MethodName): string => `workbench:${method}`;

// Compile-time check: API_METHODS lists every method.
const everyMethodListed: Same<Exclude<MethodName, (typeof API_METHODS)[number]>, never> = true;
void everyMethodListed;
