import { isImportableName } from '../../shared/importable';

/**
 * Reads files picked in the browser for import, exactly as stored: strict
 * UTF-8, BOM kept (File.text() would drop it), no newline translation.
 */
export async function readFilesForImport(files: FileList | File[]): Promise<{ name: string; text: string }[]> {
  const out: { name: string; text: string }[] = [];
  for (const file of Array.from(files)) {
    if (!isImportableName(file.name)) {
      throw new Error(`${file.name}: unsupported file type; import reads plain text (.txt, .md)`);
    }
    const bytes = await file.arrayBuffer();
    try {
      out.push({ name: file.name, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) });
    } catch {
      throw new Error(`${file.name} is not valid UTF-8 text; convert it to UTF-8 first`);
    }
  }
  return out;
}
