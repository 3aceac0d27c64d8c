import { isRecord } from './model';

/**
 * Which kind of JSON Lines file a record comes from, by its shape: the
 * workbench's own dataset export (`schema_version` and `spans`), the
 * annotation formats other tools write (Prodigy, doccano, Label Studio), or
 * null for anything else (plain `{text, title, ...}` article records).
 */
export type SniffedDataset = 'jsonl' | 'prodigy' | 'doccano' | 'labelstudio';

export function sniffDatasetRecord(record: unknown): SniffedDataset | null {
  if (!isRecord(record)) return null;
  if (isRecord(record.data) && ('annotations' in record || 'completions' in record || 'predictions' in record)) return 'labelstudio';
  if (typeof record.text !== 'string') return null;
  if ('schema_version' in record && Array.isArray(record.spans)) return 'jsonl';
  if (Array.isArray(record.tokens) || '_input_hash' in record || '_task_hash' in record || (Array.isArray(record.spans) && typeof record.answer === 'string'))
    return 'prodigy';
  if (Array.isArray(record.spans) && record.spans.some((s) => isRecord(s) && 'token_start' in s)) return 'prodigy';
  const triples = (value: unknown): boolean =>
    Array.isArray(value) && value.every((t) => Array.isArray(t) && t.length === 3 && typeof t[0] === 'number' && typeof t[1] === 'number');
  if (triples(record.label) || triples(record.labels)) return 'doccano';
  return null;
}

/** The first record of a JSON Lines text (its first non-blank line), or undefined when it is not JSON. */
export function firstJsonLine(text: string): unknown {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const line = lines.find((l) => l.trim() !== '');
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
