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

const initialsCache = new Map<string, string>();
function initialsOf(name: string): string {
  let v = initialsCache.get(name);
  if (v === undefined) {
    v = labelInitials(name);
    initialsCache.set(name, v);
  }
  return v;
}

/**
 * Single-span runs (most of them) get classes only, so Chromium shares one
 * computed style between them; runs under several spans get inline layers.
 * Label colours come from the per-label rules written by labelStyleSheet().
 */
export function decorateMark(element: HTMLElement, ids: readonly string[], starts: readonly string[]): void {
  element.setAttribute('data-ids', ids.join(' '));
  if (!lookup) return;
  const names: string[] = [];
  if (ids.length === 1) {
    const annotation = lookup.annotation(ids[0]!);
    const label = annotation && lookup.label(annotation.labelId);
    const lane = Math.min(lookup.lane(ids[0]!), MAX_LANES - 1);
    element.className = `span-mark single l-${label?.id ?? 'none'} lane-${lane}`;
    if (element.hasAttribute('style')) element.removeAttribute('style');
    names.push(label?.name ?? 'Unknown label');
  } else {
    const fills: string[] = [];
    const lanes: string[] = [];
    const sizes: string[] = [];
    const positions: string[] = [];
    let deepest = 0;
    for (const id of ids) {
      const annotation = lookup.annotation(id);
      const label = annotation && lookup.label(annotation.labelId);
      const color = label?.color ?? '#888888';
      names.push(label?.name ?? 'Unknown label');
      const lane = Math.min(lookup.lane(id), MAX_LANES - 1);
      deepest = Math.max(deepest, lane);
      lanes.push(`linear-gradient(${color}, ${color})`);
      sizes.push('100% 2px');
      positions.push(`0 calc(100% - ${lane * LANE_HEIGHT}px)`);
      fills.push(`linear-gradient(${color}2e, ${color}2e)`);
    }
    for (let i = 0; i < fills.length; i++) {
      sizes.push('100% 100%');
      positions.push('0 0');
    }
    element.className = 'span-mark span-mark-overlap';
    element.style.backgroundImage = [...lanes, ...fills].join(', ');
    element.style.backgroundSize = sizes.join(', ');
    element.style.backgroundPosition = positions.join(', ');
    element.style.paddingBottom = `${(deepest + 1) * LANE_HEIGHT}px`;
  }
  element.setAttribute('aria-label', names.length === 1 ? names[0]! : [...new Set(names)].join(' + '));
  if (starts.length) {
    element.dataset.initials = starts
      .map((id) => {
        const a = lookup!.annotation(id);
        const l = a && lookup!.label(a.labelId);
        return l ? initialsOf(l.name) : '?';
      })
      .join('·');
  } else if (element.hasAttribute('data-initials')) {
    element.removeAttribute('data-initials');
  }
}

/** Names the labels of the mark under the pointer (set on hover rather than on thousands of marks up front). */
export function titleOnHover(event: MouseEvent): void {
  const mark = (event.target as Element | null)?.closest?.('mark[data-ids]') as HTMLElement | null;
  if (mark && !mark.title) mark.title = mark.getAttribute('aria-label') ?? '';
}

/** CSS rules giving every label its colours (used by single-span runs and the legend). */
export function labelStyleSheet(labels: readonly Label[]): string {
  const rules = labels.map((l) => `.span-mark.l-${l.id} { --mark-color: ${l.color}; --mark-fill: ${l.color}2e; }`);
  for (let lane = 0; lane < MAX_LANES; lane++) {
    rules.push(`.span-mark.lane-${lane} { --lane-offset: ${lane * LANE_HEIGHT}px; padding-bottom: ${(lane + 1) * LANE_HEIGHT}px; }`);
  }
  return rules.join('\n');
}
