import type { AttributeDef, Attributes, AttributeValue } from './domain';

export interface AttributeProblem {
  key: string;
  message: string;
}

/**
 * Checks attribute values against a label's definitions. Unknown keys are
 * reported, not dropped: changing a schema must never silently lose data, so
 * the caller decides (the service rejects them on write).
 */
export function validateAttributes(defs: readonly AttributeDef[], values: Attributes): AttributeProblem[] {
  const problems: AttributeProblem[] = [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      problems.push({ key, message: `unknown attribute "${key}"` });
      continue;
    }
    const problem = checkValue(def, value);
    if (problem) problems.push({ key, message: `${def.name}: ${problem}` });
  }
  const min = values['min'];
  const max = values['max'];
  if (byKey.has('min') && byKey.has('max') && typeof min === 'number' && typeof max === 'number' && min > max) {
    problems.push({ key: 'max', message: `Range to (${max}) is below range from (${min})` });
  }
  return problems;
}

function checkValue(def: AttributeDef, value: AttributeValue): string | null {
  switch (def.type) {
    case 'text':
      if (typeof value !== 'string') return 'expected text';
      if (value.length > 2000) return 'longer than 2000 characters';
      return null;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'expected a whole number';
      if (def.min !== undefined && value < def.min) return `must be at least ${def.min}`;
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'expected yes or no';
    case 'choice':
      if (typeof value !== 'string') return 'expected one of the listed values';
      return def.options?.includes(value) ? null : `"${value}" is not one of: ${(def.options ?? []).join(', ')}`;
  }
}

/** Drops empty strings so that clearing a field removes the attribute. */
export function compactAttributes(values: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.trim() === '') continue;
    out[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}
