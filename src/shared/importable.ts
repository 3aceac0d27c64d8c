/** File endings the workbench imports as plain-text articles (every door agrees on them). */
export const TEXT_EXTENSIONS = ['.txt', '.md', '.text', '.markdown'] as const;

export function isImportableName(name: string): boolean {
  const lower = name.toLowerCase();
  return TEXT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
