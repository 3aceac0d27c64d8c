import type { WorkbenchApi } from '../../shared/api';
import { DEFAULT_LABELS } from '../../shared/default-labels';
import type { ImportResult, StagedImport } from '../../shared/domain';
import type { MethodInput, UploadImportOptions } from '../../shared/schemas';
import type { Db } from '../store/database';
import * as articlesStore from '../store/articles';
import * as labelsStore from '../store/labels';
import { getSetting, setSetting } from '../store/settings';
import * as agreement from './agreement';
import * as annotations from './annotations';
import * as batch from './batch';
import * as articles from './articles';
import { createContext, writeTransaction, type ServiceContext, type ServiceOptions } from './context';
import * as dataset from './export';
import * as exportJobs from './export-jobs';
import * as annotationImport from './import-annotations';
import * as labels from './labels';
import * as openArticle from './open-article';
import * as eventLog from './event-log';
import * as layers from './layers';
import * as review from './review';
import * as session from './session';
import * as history from './undo';
import * as importing from './import';
import * as corpusSearch from './search';
import * as stagedImport from './staged-import';
import * as trash from './trash';

export type { SampleArticle } from './articles';
export type { ServiceOptions } from './context';
import type { ImportProblem, ParsedDocument, SourceFile } from '../import/pipeline';

export interface FirstRunOptions {
  /** Sample articles to add to an empty database, once. */
  samples?: readonly articles.SampleArticle[];
}

const LABELS_SEEDED = 'first_run.labels';
const SAMPLES_SEEDED = 'first_run.samples';

/**
 * The workbench: every behaviour of the app, implemented once over a database
 * handle, one module per capability in this folder. The doors (Electron, the
 * browser host, the CLI) only forward calls here; each method validates its
 * input first.
 */
export class WorkbenchService implements WorkbenchApi {
  private readonly ctx: ServiceContext;

  /** `annotator`: who this service acts as; omitted, the door's default annotator (and the session says none was chosen). */
  constructor(db: Db, options: ServiceOptions, annotator?: string) {
    this.ctx = createContext(db, options, annotator);
  }

  /** The same service acting as another annotator (each door passes who calls); an invalid name is `invalid_input`. */
  as(annotator: string): WorkbenchService {
    return new WorkbenchService(this.ctx.db, this.ctx.options, annotator);
  }

  /** For doors that stream (the CLI's export): the capability modules take the context directly. */
  get context(): ServiceContext {
    return this.ctx;
  }

  /** Seeds default labels (and, when given, samples) into a database that never had them. */
  initializeFirstRun(options: FirstRunOptions = {}): void {
    const { db, now } = this.ctx;
    // Checked with a read first: opening a seeded database (every CLI command) must not wait for the write lock.
    if (getSetting(db, LABELS_SEEDED) && (!options.samples || getSetting(db, SAMPLES_SEEDED))) return;
    writeTransaction(this.ctx, () => {
      if (!getSetting(db, LABELS_SEEDED)) {
        if (labelsStore.countLabels(db) === 0) {
          for (const seed of DEFAULT_LABELS) labelsStore.insertLabel(db, seed);
        }
        setSetting(db, LABELS_SEEDED, now());
      }
      if (options.samples && !getSetting(db, SAMPLES_SEEDED)) {
        if (articlesStore.countArticles(db) === 0) articles.insertArticles(this.ctx, options.samples, 'sample');
        setSetting(db, SAMPLES_SEEDED, now());
      }
    });
  }

  getSession = (input: MethodInput<'getSession'>) => session.getSession(this.ctx, input);
  setAnnotator = (input: MethodInput<'setAnnotator'>) => session.setAnnotator(this.ctx, input);

  listArticles = (input: MethodInput<'listArticles'>) => articles.listArticles(this.ctx, input);
  getArticle = (input: MethodInput<'getArticle'>) => articles.getArticle(this.ctx, input);
  openArticle = (input: MethodInput<'openArticle'>) => openArticle.openArticle(this.ctx, input);
  updateArticle = (input: MethodInput<'updateArticle'>) => articles.updateArticle(this.ctx, input);
  importArticles = (input: MethodInput<'importArticles'>) => articles.importArticles(this.ctx, input);
  importFiles = (input: MethodInput<'importFiles'>) => importing.importFiles(this.ctx, input);
  stageImport = (input: MethodInput<'stageImport'>) => stagedImport.stageImport(this.ctx, input);
  commitImport = (input: MethodInput<'commitImport'>) => stagedImport.commitImport(this.ctx, input);
  discardImport = (input: MethodInput<'discardImport'>) => stagedImport.discardImport(this.ctx, input);
  importUrl = (input: MethodInput<'importUrl'>) => importing.importUrl(this.ctx, input);
  listArticleItems = (input: MethodInput<'listArticleItems'>) => articles.listArticleItems(this.ctx, input);
  deleteArticles = (input: MethodInput<'deleteArticles'>) => articles.deleteArticles(this.ctx, input);
  restoreArticles = (input: MethodInput<'restoreArticles'>) => articles.restoreArticles(this.ctx, input);
  listDeletedArticles = (input: MethodInput<'listDeletedArticles'>) => trash.listDeletedArticles(this.ctx, input);
  purgeArticles = (input: MethodInput<'purgeArticles'>) => trash.purgeArticles(this.ctx, input);
  search = (input: MethodInput<'search'>) => corpusSearch.search(this.ctx, input);
  listSpans = (input: MethodInput<'listSpans'>) => corpusSearch.listSpans(this.ctx, input);

  /** Long imports for the CLI and the desktop dialog: progress and cancellation (not an API method: it takes callbacks). */
  runImport = (sources: Iterable<SourceFile>, options: importing.ImportRunOptions, total?: number) => importing.runImport(this.ctx, sources, options, total);
  /** One file from the browser host's upload route (not an API method: the bytes are not JSON). */
  /** A file uploaded to the browser host: imported, or with `stage` added to a staged import (answers a StagedImport). */
  importUpload = (name: string, take: () => Uint8Array, options: UploadImportOptions): ImportResult | StagedImport =>
    options.stage ? stagedImport.stageUpload(this.ctx, name, take, options) : importing.importUpload(this.ctx, name, take, options);
  parseImportSources = (sources: Iterable<SourceFile>, options: importing.ImportRunOptions) => importing.parseSources(sources, options);
  checkImportProblems = (problems: readonly ImportProblem[], skipInvalid: boolean) => importing.requireNoProblems(problems, skipInvalid);
  readImportSources = (sources: Iterable<SourceFile>, options: importing.ImportRunOptions) => importing.readSources(sources, options);
  holdCheckpoints = () => importing.holdCheckpoints(this.ctx);
  storeImportedDocuments = (documents: readonly ParsedDocument[], options: importing.ImportRunOptions) =>
    importing.storeDocuments(this.ctx, documents, options);
  /** importFiles / importArticles / exportDataset with progress and cancellation (the service worker's long calls). */
  importFilesWithProgress = (input: MethodInput<'importFiles'>, control: importing.ImportControl) => importing.importFiles(this.ctx, input, control);
  importArticlesWithProgress = (input: MethodInput<'importArticles'>, control: importing.ImportControl) => articles.importArticles(this.ctx, input, control);
  exportDatasetWithProgress = (input: MethodInput<'exportDataset'>, options: dataset.StreamOptions) => dataset.exportDataset(this.ctx, input, options);

  listLabels = (input: MethodInput<'listLabels'>) => labels.listLabels(this.ctx, input);
  createLabel = (input: MethodInput<'createLabel'>) => labels.createLabel(this.ctx, input);
  updateLabel = (input: MethodInput<'updateLabel'>) => labels.updateLabel(this.ctx, input);
  reorderLabels = (input: MethodInput<'reorderLabels'>) => labels.reorderLabels(this.ctx, input);

  listAnnotations = (input: MethodInput<'listAnnotations'>) => annotations.listAnnotations(this.ctx, input);
  createAnnotation = (input: MethodInput<'createAnnotation'>) => annotations.createAnnotation(this.ctx, input);
  createAnnotations = (input: MethodInput<'createAnnotations'>) => batch.createAnnotations(this.ctx, input);
  updateAnnotation = (input: MethodInput<'updateAnnotation'>) => annotations.updateAnnotation(this.ctx, input);
  deleteAnnotation = (input: MethodInput<'deleteAnnotation'>) => annotations.deleteAnnotation(this.ctx, input);
  copyToMyLayer = (input: MethodInput<'copyToMyLayer'>) => annotations.copyToMyLayer(this.ctx, input);
  attributeSuggestions = (input: MethodInput<'attributeSuggestions'>) => annotations.attributeSuggestions(this.ctx, input);
  undo = (input: MethodInput<'undo'>) => history.undo(this.ctx, input);
  redo = (input: MethodInput<'redo'>) => history.redo(this.ctx, input);

  importLayer = (input: MethodInput<'importLayer'>) => layers.importLayer(this.ctx, input);
  importLayerDatabase = (input: MethodInput<'importLayerDatabase'>) => layers.importLayerDatabase(this.ctx, input);
  /** A layer database from the browser host's upload route (not an API method: the door holds the file). */
  importLayerUpload = (file: string, fileName: string, annotator: string | undefined) => layers.importLayerUpload(this.ctx, file, fileName, annotator);

  reviewQueue = (input: MethodInput<'reviewQueue'>) => review.reviewQueue(this.ctx, input);
  reviewDecide = (input: MethodInput<'reviewDecide'>) => review.reviewDecide(this.ctx, input);
  reviewUndo = (input: MethodInput<'reviewUndo'>) => review.reviewUndo(this.ctx, input);
  acceptUnanimous = (input: MethodInput<'acceptUnanimous'>) => review.acceptUnanimous(this.ctx, input);

  exportEventLog = (input: MethodInput<'exportEventLog'>) => eventLog.exportEventLog(this.ctx, input);
  applyEventLog = (input: MethodInput<'applyEventLog'>) => eventLog.applyEventLog(this.ctx, input);

  exportDataset = (input: MethodInput<'exportDataset'>) => dataset.exportDataset(this.ctx, input);
  startExport = (input: MethodInput<'startExport'>) => exportJobs.startExport(this.ctx, input);
  exportStatus = (input: MethodInput<'exportStatus'>) => exportJobs.exportStatus(this.ctx, input);
  cancelExport = (input: MethodInput<'cancelExport'>) => exportJobs.cancelExport(this.ctx, input);
  takeExport = (input: MethodInput<'takeExport'>) => exportJobs.takeExport(this.ctx, input);
  importAnnotations = (input: MethodInput<'importAnnotations'>) => annotationImport.importAnnotations(this.ctx, input);

  agreementReport = (input: MethodInput<'agreementReport'>) => agreement.agreementReport(this.ctx, input);
  agreementOverview = (input: MethodInput<'agreementOverview'>) => agreement.agreementOverview(this.ctx, input);
  agreementSpans = (input: MethodInput<'agreementSpans'>) => agreement.agreementSpans(this.ctx, input);
}
