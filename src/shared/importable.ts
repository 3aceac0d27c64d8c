/** File endings the workbench imports (every door agrees on them): plain text, saved web pages, article JSONL / JSON. */
export const IMPORTABLE_EXTENSIONS = ['.txt', '.md', '.text', '.markdown', '.html', '.htm', '.xhtml', '.jsonl', '.ndjson', '.json'] as const;

export function isImportableName(name: string): boolean {
  const lower = name.toLowerCase();
  return IMPORTABLE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
