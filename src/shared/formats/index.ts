import { bratFormat } from './brat';
import { conllFormat } from './conll';
import { csvFormat } from './csv';
import { doccanoFormat } from './doccano';
import { jsonlFormat } from './jsonl';
import { labelStudioFormat } from './labelstudio';
import type { DatasetFormat } from './model';
import { prodigyFormat } from './prodigy';
import { ptcFormat } from './ptc';
import { spansJsonlFormat } from './spans-jsonl';

/**
 * The one list of dataset formats. The CLI's --format values and help, the
 * API's format enums, the export dialog and the save-dialog filters all come
 * from here: adding a format is one module in this folder and one line below.
 */
export const DATASET_FORMATS = [
  jsonlFormat,
  spansJsonlFormat,
  prodigyFormat,
  doccanoFormat,
  labelStudioFormat,
  bratFormat,
  conllFormat,
  ptcFormat,
  csvFormat,
] as const satisfies readonly DatasetFormat[];

export type DatasetFormatId = (typeof DATASET_FORMATS)[number]['id'];

export const EXPORT_FORMAT_IDS = DATASET_FORMATS.map((f) => f.id) as [string, ...string[]];
export const IMPORT_FORMAT_IDS = DATASET_FORMATS.filter((f) => f.decode).map((f) => f.id) as [string, ...string[]];

export function findFormat(id: string): DatasetFormat | undefined {
  return DATASET_FORMATS.find((f) => f.id === id);
}

export * from './model';
export { PRODIGY_TOKENIZER } from './prodigy';
export {
  JSONL_SCHEMA_VERSION,
  jsonlJsonSchema,
  jsonlPrebuiltLine,
  jsonlRecordOf,
  jsonlRecordSchema,
  toJsonlLine,
  toJsonlRecord,
  type JsonlRecord,
  type JsonlRecordData,
  type JsonlSpan,
  type PrebuiltJsonlParts,
} from './jsonl';
export { PTC_LABEL, PTC_TECHNIQUE_ATTRIBUTE, ptcArticleId } from './ptc';
export { bratFileName } from './brat';
export { tokenize, type Token } from './tokens';
export { toDatasetArticle, encodeAll } from './workbench';
export { zipFiles, crc32 } from './zip';
export { firstJsonLine, sniffDatasetRecord, type SniffedDataset } from './sniff';
