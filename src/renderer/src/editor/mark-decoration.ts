import type { Annotation, Label } from '../../../shared/domain';

/**
 * How a mark looks: a translucent fill per covering span, one underline lane
 * per span (so overlaps stay visible without relying on colour alone), and a
 * small label badge where a span begins. The lookup is installed by the
 * content plugin for the open article.
 */
export interface MarkLookup {
  annotation(id: string): Annotation | undefined;
  label(id: number): Label | undefined;
  lane(id: string): number;
}

let lookup: MarkLookup | null = null;

export function setMarkLookup(next: MarkLookup | null): void {
  lookup = next;
}

const LANE_HEIGHT = 3;
const MAX_LANES = 4;

export function labelInitials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  if (words.length === 0) return '?';
  if (words.length === 1) return words[0]!.slice(0, 2).replace(/^./u, (c) => c.toUpperCase());
  return words
    .slice(0, 3)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export function decorateMark(element: HTMLElement, ids: readonly string[], starts: readonly string[]): void {
  element.dataset.ids = ids.join(' ');
  if (!lookup) return;
  const fills: string[] = [];
  const lanes: string[] = [];
  const sizes: string[] = [];
  const positions: string[] = [];
  const names: string[] = [];
  let deepest = 0;
  for (const id of ids) {
    const annotation = lookup.annotation(id);
    const label = annotation && lookup.label(annotation.labelId);
    const color = label?.color ?? '#888888';
    names.push(label?.name ?? 'Unknown label');
    const lane = Math.min(lookup.lane(id), MAX_LANES - 1);
    deepest = Math.max(deepest, lane);
    lanes.push(`linear-gradient(${color}, ${color})`);
    sizes.push(`100% 2px`);
    positions.push(`0 calc(100% - ${lane * LANE_HEIGHT}px)`);
    fills.push(`linear-gradient(${color}2e, ${color}2e)`);
  }
  for (const _ of fills) {
    sizes.push('100% 100%');
    positions.push('0 0');
  }
  element.style.backgroundImage = [...lanes, ...fills].join(', ');
  element.style.backgroundSize = sizes.join(', ');
  element.style.backgroundPosition = positions.join(', ');
  element.style.paddingBottom = `${(deepest + 1) * LANE_HEIGHT}px`;
  element.title = [...new Set(names)].join(' + ');
  if (starts.length) {
    element.dataset.initials = starts
      .map((id) => {
        const a = lookup!.annotation(id);
        const l = a && lookup!.label(a.labelId);
        return l ? labelInitials(l.name) : '?';
      })
      .join('·');
  } else {
    delete element.dataset.initials;
  }
}
