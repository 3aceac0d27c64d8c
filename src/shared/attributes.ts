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
    case 'multichoice': {
      // A single string is a value stored while the attribute was a plain choice: it reads as one option.
      const chosen = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(chosen) || chosen.some((v) => typeof v !== 'string')) return 'expected a list of the listed values';
      if (chosen.length === 0) return 'choose at least one value, or clear the field';
      if (new Set(chosen).size !== chosen.length) return 'a value is chosen twice';
      const unknown = chosen.find((v) => !def.options?.includes(v));
      return unknown === undefined ? null : `"${unknown}" is not one of: ${(def.options ?? []).join(', ')}`;
    }
  }
}

/** The options chosen in a multi-choice value: an array as stored, or a single string stored before the attribute became multi-choice. */
export function chosenOptions(value: AttributeValue | undefined): string[] {
  if (Array.isArray(value)) return value;
  return typeof value === 'string' && value !== '' ? [value] : [];
}

/**
 * Attributes as exports write them: every multi-choice value as an array of
 * strings, a single string stored before the attribute became multi-choice
 * included (lossless: "Doubt" -> ["Doubt"]). Other values are unchanged.
 */
export function attributesForExport(defs: readonly AttributeDef[], values: Attributes): Attributes {
  const multi = new Set(defs.filter((d) => d.type === 'multichoice').map((d) => d.key));
  if (multi.size === 0) return values;
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, multi.has(k) ? chosenOptions(v) : v]));
}

/** Drops empty strings so that clearing a field removes the attribute. */
export function compactAttributes(values: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.trim() === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

/**
 * Whether a field still awaits the analyst (where `e` goes): not a tick box
 * (unticked is an answer), and not one half of an alternative already given
 * (a casualty figure's value, or its range from/to).
 */
export function awaitsValue(def: AttributeDef, values: Attributes): boolean {
  if (values[def.key] !== undefined || def.type === 'boolean') return false;
  const given = (key: string): boolean => values[key] !== undefined;
  if ((def.key === 'min' || def.key === 'max') && given('value')) return false;
  if (def.key === 'value' && (given('min') || given('max'))) return false;
  return true;
}

/**
 * The attributes of a span that has none, one object shared by every such
 * span an opened article lists (frozen: a change to it would be a change to
 * all of them, and throws instead).
 */
export const NO_ATTRIBUTES: Attributes = Object.freeze({});

/** Whether a span holds no attribute at all (most spans), without building a key list. */
export function hasNoAttributes(values: Attributes): boolean {
  if (values === NO_ATTRIBUTES) return true;
  for (const key in values) if (Object.hasOwn(values, key)) return false;
  return true;
}
