import { WorkbenchError } from '../../shared/errors';
import type { WorkbenchService } from '../service/workbench-service';
import { ARTICLE_FORMATS } from './pipeline';

/**
 * `workbench import --format F` for annotation datasets (Prodigy, doccano,
 * Label Studio, brat, PTC...): articles *with* spans. Those codecs live in the
 * format registry (src/shared/formats/index.ts, the datasets capability);
 * each registers its importer here under its format id. Plain articles
 * (text, web pages, article JSONL) go through the import pipeline instead.
 */

export interface DatasetImportRequest {
  paths: readonly string[];
  encoding?: string;
  skipInvalid: boolean;
  service: WorkbenchService;
  /** Progress and notes for the person at the terminal. */
  report: (line: string) => void;
}

export interface DatasetImportSummary {
  articles: number;
  spans: number;
  lines: string[];
}

export type DatasetImporter = (request: DatasetImportRequest) => DatasetImportSummary | Promise<DatasetImportSummary>;

const importers = new Map<string, DatasetImporter>();

export function registerDatasetImporter(format: string, importer: DatasetImporter): void {
  importers.set(format, importer);
}

export function datasetImportFormats(): string[] {
  return [...importers.keys()].sort();
}

/** The importer for a dataset format; an unknown format is a typed error listing every format import reads. */
export function datasetImporter(format: string): DatasetImporter {
  const importer = importers.get(format);
  if (importer) return importer;
  const all = [...ARTICLE_FORMATS, ...datasetImportFormats()];
  throw new WorkbenchError('unsupported_format', `unknown import format “${format}”; import reads ${all.join(', ')}`, {
    format,
    formats: all,
  });
}
