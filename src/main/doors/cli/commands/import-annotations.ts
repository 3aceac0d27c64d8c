import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AnnotationImportResult } from '../../../../shared/domain';
import { WorkbenchError } from '../../../../shared/errors';
import { IMPORT_FORMAT_IDS, OFFSET_UNITS, findFormat } from '../../../../shared/formats';
import type { WorkbenchService } from '../../../service/workbench-service';

/** `workbench import --format F`: labelled data from the tools analysts exchange (the annotation half of import). */

export const IMPORT_ANNOTATION_HELP = `Importing labelled data (--format):
  workbench import --format FORMAT [--annotator NAME] [--offsets codepoint|utf16]
                   [--on-mismatch abort|skip|fix] PATH...
  --format FORMAT      ${IMPORT_FORMAT_IDS.join(', ')}
                       (brat and ptc take folders: every file inside is read)
  --annotator NAME     Whose spans these are when the file does not say (default: you)
  --offsets UNIT       Offsets in the file count code points (default) or utf16
                       (older Label Studio and doccano exports count UTF-16)
  --on-mismatch MODE   When a span's recorded text disagrees with the text at its
                       offsets: abort (default, nothing imported), skip (leave it out),
                       fix (move it to the nearest place its text occurs)
Articles are matched by their text (SHA-256) or created; labels by key or name, or
created. Importing the same file twice changes nothing.
`;

export const IMPORT_ANNOTATION_OPTIONS = {
  format: { type: 'string' },
  annotator: { type: 'string' },
  offsets: { type: 'string' },
  'on-mismatch': { type: 'string' },
} as const;

/** Reads a path, or every file under a folder, as strict UTF-8 (BOM kept). */
export function readImportFiles(paths: readonly string[]): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const read = (path: string, root: string | null): void => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new WorkbenchError('io', `${path}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!name.startsWith('.')) read(join(path, name), root ?? path);
      return;
    }
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(readFileSync(path));
      out.push({ name: root ? relative(root, path) : path, text });
    } catch {
      throw new WorkbenchError('unsupported_format', `${path} is not valid UTF-8 text; convert it to UTF-8 first`);
    }
  };
  for (const p of paths) read(p, null);
  return out;
}

export function describeImport(result: AnnotationImportResult): string {
  const lines = [
    `${result.spansImported} spans imported, ${result.spansUnchanged} already present, ${result.spansSkipped} skipped${result.spansFixed ? `, ${result.spansFixed} moved to their text` : ''}`,
    `${result.articlesCreated} articles created, ${result.articlesMatched} matched by text`,
  ];
  if (result.labelsCreated.length) lines.push(`labels created: ${result.labelsCreated.join(', ')}`);
  if (result.annotators.length) lines.push(`annotators: ${result.annotators.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function describeProblems(result: Pick<AnnotationImportResult, 'problems'>): string {
  return result.problems
    .map((p) => {
      const where = [p.file, p.record, p.span ? `span ${p.span}` : null].filter(Boolean).join(', ');
      const diff = p.expected !== undefined ? ` (expected “${p.expected}”, found “${p.found ?? ''}”)` : '';
      return `${p.code === 'skipped' ? 'note' : 'problem'}: ${where}: ${p.message}${p.code === 'text_mismatch' ? '' : diff}\n`;
    })
    .join('');
}

export function runAnnotationImport(options: {
  values: Record<string, unknown>;
  positionals: string[];
  service: () => { service: WorkbenchService; close(): void };
  out: (text: string) => void;
  err: (text: string) => void;
}): number {
  const { values, positionals, out, err } = options;
  const format = values.format as string;
  if (!findFormat(format)?.decode) {
    throw new WorkbenchError('unsupported_format', `cannot import the format “${format}”; annotation formats: ${IMPORT_FORMAT_IDS.join(', ')}`, { usage: true });
  }
  const offsets = values.offsets as string | undefined;
  if (offsets !== undefined && !(OFFSET_UNITS as readonly string[]).includes(offsets)) {
    throw new WorkbenchError('invalid_input', `--offsets is codepoint or utf16, not “${offsets}”`, { usage: true });
  }
  const onMismatch = (values['on-mismatch'] as string | undefined) ?? 'abort';
  if (!['abort', 'skip', 'fix'].includes(onMismatch)) throw new WorkbenchError('invalid_input', `--on-mismatch is abort, skip or fix, not “${onMismatch}”`, { usage: true });
  if (positionals.length === 0) throw new WorkbenchError('invalid_input', `import --format ${format} needs at least one file or folder`, { usage: true });
  const files = readImportFiles(positionals);
  const wb = options.service();
  try {
    const result = wb.service.importAnnotations({
      format,
      files,
      onMismatch: onMismatch as 'abort' | 'skip' | 'fix',
      ...(values.annotator ? { annotator: values.annotator as string } : {}),
      ...(offsets ? { offsets: offsets as 'codepoint' | 'utf16' } : {}),
    });
    err(describeProblems(result));
    out(describeImport(result));
    return 0;
  } catch (error) {
    const problems = error instanceof WorkbenchError ? (error.details as { problems?: AnnotationImportResult['problems'] } | undefined)?.problems : undefined;
    if (problems) err(describeProblems({ problems }));
    throw error;
  } finally {
    wb.close();
  }
}
