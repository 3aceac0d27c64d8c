import { isImportableName } from '../../shared/importable';

/**
 * Reads files picked in the browser for import, exactly as stored: strict
 * UTF-8, BOM kept (File.text() would drop it), no newline translation.
 */
export async function readFilesForImport(files: FileList | File[]): Promise<{ name: string; text: string }[]> {
  const out: { name: string; text: string }[] = [];
  const problems: string[] = [];
  for (const file of Array.from(files)) {
    if (!isImportableName(file.name)) {
      problems.push(`${file.name}: unsupported file type; import reads plain text (.txt, .md)`);
      continue;
    }
    const bytes = await file.arrayBuffer();
    try {
      out.push({ name: file.name, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) });
    } catch {
      problems.push(`${file.name} is not valid UTF-8 text; convert it to UTF-8 first`);
    }
  }
  // Every bad file is named, not only the first, so one pass fixes them all.
  if (problems.length) throw new Error(`${problems.length} of ${Array.from(files).length} files cannot be read: ${problems.join('; ')}`);
  return out;
}
