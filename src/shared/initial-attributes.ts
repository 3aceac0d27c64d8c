import { guessFromContext, parseCasualtyFigure } from './casualty';
import type { Attributes, Label } from './domain';

/**
 * Attributes a new span of this label starts with: a casualty figure is read
 * from its text, its category and population from the rest of the sentence.
 */
export function initialAttributes(label: Label, quote: string, after = ''): Attributes {
  const keys = new Set(label.attributes.map((a) => a.key));
  if (!(keys.has('value') || keys.has('min'))) return {};
  const guess = { ...guessFromContext(quote, after), ...parseCasualtyFigure(quote) };
  const out: Attributes = {};
  for (const [key, value] of Object.entries(guess)) {
    const def = label.attributes.find((a) => a.key === key);
    if (!def || value === undefined) continue;
    if (def.type === 'choice' && !def.options?.includes(String(value))) continue;
    out[key] = value;
  }
  return out;
}
