import { chosenOptions, hasNoAttributes } from './attributes';
import type { AttributeDef, Attributes } from './domain';

/** Keys that say most about a span, in the order a review pass reads them. */
const KEY_ORDER = ['value', 'min', 'category', 'unit', 'population', 'side', 'source', 'cue', 'technique', 'target', 'imposed_by', 'addressed_to', 'kind'];

/** A stored value as the analyst reads it: underscores as spaces, a list joined with commas. */
export function showValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => String(v).replace(/_/g, ' ').replace(/,/g, ', ')).join(', ');
  return String(value).replace(/_/g, ' ');
}

/**
 * A span's key attributes in one short line for the span list: "175 ·
 * exchanged · per side", "Trump · wrote on Truth Social", "Loaded Language,
 * Name Calling, Labeling · Kiev". A range reads "300–500"; a yes/no shows its
 * name when yes. Other labels' attributes follow in their defined order.
 */
export function spanSummary(defs: readonly AttributeDef[], attributes: Attributes, maxParts = 4): string {
  if (hasNoAttributes(attributes)) return '';
  const parts: string[] = [];
  const done = new Set<string>();
  const order = [...KEY_ORDER.filter((k) => defs.some((d) => d.key === k)), ...defs.map((d) => d.key).filter((k) => !KEY_ORDER.includes(k))];
  for (const key of order) {
    if (done.has(key)) continue;
    done.add(key);
    const value = attributes[key];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    const def = defs.find((d) => d.key === key);
    if (key === 'min' && attributes['max'] !== undefined) {
      parts.push(`${String(value)}–${String(attributes['max'])}`);
      done.add('max');
      continue;
    }
    if (def?.type === 'boolean') {
      if (value === true) parts.push(def.name.toLowerCase());
      continue;
    }
    parts.push(def?.type === 'multichoice' ? showValue(chosenOptions(value)) : showValue(value));
  }
  return parts.slice(0, maxParts).join(' · ');
}
