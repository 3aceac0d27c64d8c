import { readCasualtyFigure } from './casualty';
import type { Attributes, Label } from './domain';

/**
 * Attributes a new span of this label starts with: a casualty figure is read
 * from its text and the rest of its sentence (see readCasualtyFigure). Only
 * values the label defines, and choices it lists, are filled.
 */
export function initialAttributes(label: Label, quote: string, after = '', before = ''): Attributes {
  const keys = new Set(label.attributes.map((a) => a.key));
  if (!(keys.has('value') || keys.has('min'))) return {};
  const { values } = readCasualtyFigure(quote, before, after);
  const out: Attributes = {};
  for (const [key, value] of Object.entries(values)) {
    const def = label.attributes.find((a) => a.key === key);
    if (!def || value === undefined) continue;
    if (def.type === 'choice' && !def.options?.includes(String(value))) continue;
    out[key] = value;
  }
  return out;
}
