import { readFileSync } from 'node:fs';
import type { WorkbenchApi } from '../../../../shared/api';
import type { LayerImportResult } from '../../../../shared/domain';
import { WorkbenchError } from '../../../../shared/errors';
import { jsonlFromDatabase } from '../../../service/layers';

/** `workbench import-layer FILE --from-annotator NAME`: another analyst's work as their layer. */
export const importLayerCommand = {
  help: `Usage: workbench import-layer FILE [--layer NAME] [--db PATH]

Imports another analyst's spans as their layer: FILE is their native JSONL
export (workbench export --format jsonl) or their workbench database file
(.sqlite/.db, read only, never changed). Articles are matched by the SHA-256
of their text and must be in this database already; labels by key. Importing
a newer file of the same analyst updates their spans by id and removes the
ones they deleted; it never duplicates spans or touches another layer.
  --layer NAME    Whose layer to import (needed when the file holds several analysts)
  --json          Print the result as JSON
`,
  options: { layer: { type: 'string' }, json: { type: 'boolean' } },
  run(service: WorkbenchApi, values: Record<string, unknown>, positionals: string[], out: (text: string) => void): number {
    if (positionals.length !== 1) {
      throw new WorkbenchError('invalid_input', 'import-layer needs one file: workbench import-layer FILE.jsonl|FILE.sqlite', { usage: true });
    }
    const path = positionals[0]!;
    const content = isSqlite(path) ? jsonlFromDatabase(path, values.layer as string | undefined) : readText(path);
    const result = service.importLayer({ content, fileName: path, ...(values.layer ? { annotator: values.layer as string } : {}) });
    out(values.json ? `${JSON.stringify(result)}\n` : describe(result));
    return 0;
  },
} as const;

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new WorkbenchError('io', `cannot read ${path}: ${(error as Error).message}`);
  }
}

function isSqlite(path: string): boolean {
  try {
    return readFileSync(path).subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000';
  } catch (error) {
    throw new WorkbenchError('io', `cannot read ${path}: ${(error as Error).message}`);
  }
}

function describe(r: LayerImportResult): string {
  const lines = [
    `${r.annotator}'s layer: ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.removed} removed, in ${r.articles} article${r.articles === 1 ? '' : 's'}\n`,
  ];
  for (const s of r.skipped) lines.push(`skipped line ${s.line}${s.spanId ? ` span ${s.spanId}` : ''}: ${s.reason}\n`);
  return lines.join('');
}
